/**
 * Packet capture (issue #7): remote `tcpdump -i IFACE -nn -l -U -tttt -- FILTER` on several hosts
 * at once, every line parsed by `parseTcpdump` on the backend and sent to the client in batches
 * with acknowledgement-based flow control. Spread into `requests` / `events` of contract.ts.
 *
 * Life of a capture: `capture:start` answers `{ captureId, streams }` (one stream per host); each
 * stream reports `capture:status` (`listening` once tcpdump has opened the interface, `warning`
 * for what tcpdump or the parser complained about), `capture:packets` batches, then one
 * `capture:stream-end`; after the last stream, one `capture:end`. Stop, cancel, a lost
 * connection and the session closing all end the remote tcpdump.
 */
import { z } from 'zod';
import { HostError } from '../model/command';
import { Id } from '../model/workspace';
import { MAX_FILTER_LENGTH, filterProblem, ifaceProblem } from '../model/capture-validate';
import { capturePacketProblem } from '../model/capture/packet-check';
import type { Packet } from '../parsers/tcpdump';

/** A capture's id, as `capture:start` answers it. */
export const CaptureId = z.string().regex(/^c[0-9]{1,12}$/, 'not a capture id');
/** One host's stream of a capture: `<captureId>-<n>`. */
export const CaptureStreamId = z.string().regex(/^c[0-9]{1,12}-[0-9]{1,4}$/, 'not a stream id');

/** An interface for `tcpdump -i`: `any`, or a name valid under Linux's rules (see capture-validate). */
export const CaptureIface = z.string().superRefine((name, ctx) => {
  const problem = ifaceProblem(name);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

/** A pcap-filter expression, passed as one quoted argument; empty captures everything. */
export const CaptureFilter = z
  .string()
  .max(MAX_FILTER_LENGTH)
  .superRefine((filter, ctx) => {
    const problem = filterProblem(filter);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Defaults that protect the user: a capture ends by itself after this many packets or seconds. */
export const CAPTURE_DEFAULTS = { maxPackets: 10_000, maxSeconds: 300 } as const;
/** Upper bounds of the adjustable limits. */
export const CAPTURE_LIMITS = { maxPackets: 1_000_000, maxSeconds: 24 * 3600, hosts: 64 } as const;

const TcpInfo = z.object({
  flags: z.string(),
  seq: z.number().optional(),
  seqEnd: z.number().optional(),
  ack: z.number().optional(),
  win: z.number().optional(),
  options: z.string().optional(),
  length: z.number().optional(),
});
const IcmpInfo = z.object({
  type: z.string(),
  id: z.number().optional(),
  seq: z.number().optional(),
  length: z.number().optional(),
  text: z.string(),
});
const ArpInfo = z.object({
  op: z.enum(['who-has', 'is-at', 'reply', 'other']),
  target: z.string().optional(),
  tell: z.string().optional(),
  mac: z.string().optional(),
});
const DnsInfo = z.object({
  id: z.number(),
  kind: z.enum(['query', 'answer']),
  qtype: z.string().optional(),
  name: z.string().optional(),
  rcode: z.string().optional(),
  answers: z.array(z.string()),
  counts: z.tuple([z.number(), z.number(), z.number()]).optional(),
  flags: z.string(),
});
const EthernetHeader = z.object({
  src: z.string(),
  dst: z.string(),
  ethertype: z.string().optional(),
  length: z.number().optional(),
});

const PacketFields = {
  line: z.number(),
  raw: z.string(),
  number: z.number().optional(),
  time: z.string().optional(),
  timeFormat: z.enum(['default', 'tttt', 'ttt', 'tt', 'none']),
  interface: z.string().optional(),
  direction: z.enum(['In', 'Out', 'P', 'M', 'B']).optional(),
  ethernet: EthernetHeader.optional(),
  family: z.enum(['ip', 'ip6', 'arp', 'other']),
  src: z.string().optional(),
  dst: z.string().optional(),
  sport: z.number().optional(),
  dport: z.number().optional(),
  protocol: z.enum(['tcp', 'udp', 'icmp', 'icmp6', 'arp', 'vxlan', 'other']),
  tcp: TcpInfo.optional(),
  udp: z.object({ length: z.number().optional() }).optional(),
  icmp: IcmpInfo.optional(),
  arp: ArpInfo.optional(),
  dns: DnsInfo.optional(),
  get encapsulation() {
    return z
      .object({
        kind: z.enum(['vxlan', 'ipip', 'mpls']),
        vni: z.number().optional(),
        labels: z.array(z.number()).optional(),
        inner: TcpdumpPacket.optional(),
      })
      .optional();
  },
  length: z.number().optional(),
  payload: z.string().optional(),
};

/** The parser's `Packet` (shared/parsers/tcpdump/types.ts) as a schema; see that file's docs. */
export const TcpdumpPacket: z.ZodType<Packet> = z.object(PacketFields);

/**
 * One captured packet: the parser's record plus where it is in its stream. `interface` is always
 * set (the `-i any` column, else the interface captured on); `line` is the line number within the
 * stream's output; `raw` is tcpdump's line as printed (with `-tttt` in UTC).
 */
export type CapturePacket = Packet & {
  /** 1-based number of the packet in its stream; a gap means packets were dropped in between. */
  n: number;
  /** Milliseconds since the epoch (with microseconds as the fraction), from the `-tttt` stamp. */
  ts?: number;
};
/** The reference schema of one packet; batches are checked by `capturePacketProblem` (same rules). */
export const CapturePacket: z.ZodType<CapturePacket> = z.object({
  ...PacketFields,
  n: z.number().int().positive(),
  ts: z.number().optional(),
});

/** The largest `capture:packets` batch. */
export const MAX_CAPTURE_BATCH = 2000;

/**
 * A batch's packets, checked at every transport hop with the hand-written `capturePacketProblem`
 * (the rules of `CapturePacket`, without zod's per-packet copy): up to 80,000 packets/s pass here.
 * Unknown keys are kept, not stripped; the first bad packet fails the batch with its path.
 */
const CapturePacketBatch = z
  .custom<CapturePacket[]>((v) => Array.isArray(v), 'expected a list of packets')
  .superRefine((list, ctx) => {
    if (!Array.isArray(list)) return;
    if (list.length > MAX_CAPTURE_BATCH)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_CAPTURE_BATCH} packets in a batch` });
    for (let i = 0; i < list.length; i++) {
      const problem = capturePacketProblem(list[i]);
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', path: [i], message: problem });
        return;
      }
    }
  });

/** One interface of a host, from `ip -j addr`, to choose from. `any` is always accepted too. */
export const CaptureInterface = z.object({
  name: z.string(),
  ifindex: z.number().int().optional(),
  /** Operational state: UP, DOWN, UNKNOWN, LOWERLAYERDOWN… */
  state: z.string(),
  flags: z.array(z.string()),
  mtu: z.number().int().optional(),
  mac: z.string().optional(),
  /** ether, loopback, none, ipip… */
  linkType: z.string().optional(),
  /** A veth's peer ifindex (the pod's eth0 for a host-side `eni…`/`cali…`/`veth…`). */
  peerIfindex: z.number().int().optional(),
  master: z.string().optional(),
  /** Addresses as `10.0.0.1/24`. */
  addresses: z.array(z.string()),
});
export type CaptureInterface = z.infer<typeof CaptureInterface>;

/**
 * Why a capture (or one host's stream of it) ended: `stopped` by `capture:stop`, `count` or
 * `duration` limit reached, tcpdump `exited` on its own (a bad interface, a filter it rejects),
 * `error` (host unreachable, sudo wants a password…), `disconnected` (the connection was lost),
 * `closed` (the session closed: window closed, app quit).
 */
export const CaptureEndReason = z.enum([
  'stopped',
  'count',
  'duration',
  'exited',
  'error',
  'disconnected',
  'closed',
]);
export type CaptureEndReason = z.infer<typeof CaptureEndReason>;

/** How one host's stream ended, with its counts: `packets` = sent to the client + `dropped`. */
export const CaptureStreamEnd = z.object({
  captureId: CaptureId,
  streamId: CaptureStreamId,
  hostId: Id,
  iface: z.string(),
  reason: CaptureEndReason,
  /** Packet lines parsed from tcpdump's output. */
  packets: z.number().int().nonnegative(),
  /** Of those, dropped because the client fell behind (bounded buffer). */
  dropped: z.number().int().nonnegative(),
  exitCode: z.number().int().nullable(),
  signal: z.string().optional(),
  error: HostError.optional(),
  /** tcpdump's own last words (`No such device exists`, `syntax error in filter …`). */
  message: z.string().optional(),
  /** The raw capture kept with `keepPcap`: its size; fetch it with `capture:pcap`. */
  pcap: z.object({ bytes: z.number().int().nonnegative(), truncated: z.boolean() }).optional(),
  durationMs: z.number().nonnegative(),
});
export type CaptureStreamEnd = z.infer<typeof CaptureStreamEnd>;

/** Capture requests; spread into `requests` in contract.ts. */
export const captureRequests = {
  /** A host's interfaces (`ip -j addr`), for the capture panel's interface list. */
  'capture:interfaces': {
    params: z.object({ workspaceId: Id, hostId: Id }).strict(),
    result: z.object({ hostId: Id, interfaces: z.array(CaptureInterface) }),
  },
  /**
   * Start `tcpdump` on every host (as root: `sudo -n` when the login is not root). With `keepPcap`
   * a second `tcpdump -w -` per host writes the raw packets over its own channel.
   */
  'capture:start': {
    params: z
      .object({
        workspaceId: Id,
        hostIds: z.array(Id).min(1, 'choose at least one host').max(CAPTURE_LIMITS.hosts),
        iface: CaptureIface,
        filter: CaptureFilter.optional(),
        maxPackets: z.number().int().min(1).max(CAPTURE_LIMITS.maxPackets),
        maxSeconds: z.number().int().min(1).max(CAPTURE_LIMITS.maxSeconds),
        keepPcap: z.boolean().optional(),
      })
      .strict(),
    result: z.object({
      captureId: CaptureId,
      streams: z.array(z.object({ streamId: CaptureStreamId, hostId: Id, iface: z.string() })),
      /** The remote command line (for showing; the same on every host but for sudo). */
      command: z.string(),
    }),
  },
  /** End the capture on every host; `capture:stream-end` per host and `capture:end` follow. */
  'capture:stop': {
    params: z.object({ captureId: CaptureId }).strict(),
    result: z.null(),
  },
  /** The client has handled `packets` more packets of a stream; lets held batches go on. */
  'capture:ack': {
    params: z.object({ streamId: CaptureStreamId, packets: z.number().int().positive() }).strict(),
    result: z.null(),
  },
  /** The kept raw capture of one stream as a pcap file (after or during the capture). */
  'capture:pcap': {
    params: z.object({ streamId: CaptureStreamId }).strict(),
    result: z.object({
      fileName: z.string(),
      bytes: z.number().int().nonnegative(),
      /** The pcap file, base64. */
      data: z.string(),
    }),
  },
} as const;

/** Capture events; spread into `events` in contract.ts. */
export const captureEvents = {
  /**
   * A batch of parsed packets of one stream, in order; acknowledge with `capture:ack`.
   * `total` = packets parsed so far, `dropped` = of those never sent (the client fell behind).
   */
  'capture:packets': z.object({
    captureId: CaptureId,
    streamId: CaptureStreamId,
    hostId: Id,
    iface: z.string(),
    packets: CapturePacketBatch,
    total: z.number().int().nonnegative(),
    dropped: z.number().int().nonnegative(),
  }),
  /** `listening`: tcpdump has opened the interface (its banner); `warning`: a line it or the parser complained about. */
  'capture:status': z.object({
    captureId: CaptureId,
    streamId: CaptureStreamId,
    hostId: Id,
    status: z.enum(['listening', 'warning']),
    message: z.string(),
  }),
  /** One host's tcpdump ended; no more packets follow for this stream. */
  'capture:stream-end': CaptureStreamEnd,
  /** The whole capture ended (every stream has); the totals over its streams. */
  'capture:end': z.object({
    captureId: CaptureId,
    reason: CaptureEndReason,
    packets: z.number().int().nonnegative(),
    dropped: z.number().int().nonnegative(),
    streams: z.array(CaptureStreamEnd),
    durationMs: z.number().nonnegative(),
  }),
} as const;
