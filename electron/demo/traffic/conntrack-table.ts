/**
 * The connections the lab's own commands made (curl from a node or a pod, the traffic loops, DNS
 * lookups), as each node's conntrack holds them: on the client's node the original tuple to the
 * VIP and the reply tuple from the endpoint it was DNATed to (and to the SNAT address), on every
 * other node the flow as it arrived. Entries expire like the kernel's: a closed TCP connection
 * sits in TIME_WAIT for 120 s, a refused one in CLOSE for 10 s, an unanswered SYN in SYN_SENT
 * for 120 s, a DNS question and answer over UDP for 30 s (nf_conntrack_udp_timeout), a ping's
 * echo for 30 s (nf_conntrack_icmp_timeout).
 */
import type { ClusterStore } from '../model/store';
import type { Cluster } from '../model/types';
import { endsAt, type Conversation } from './packets';
import type { Path } from './path';

/** One conntrack entry as `conntrack -L` prints it (the timeout counts down to `now`). */
export interface Flow {
  proto: 'tcp' | 'udp' | 'icmp';
  timeout: number;
  state?: string;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  replySrc: string;
  replyDst: string;
  replySport: number;
  replyDport: number;
  isAssured: boolean;
  /** ICMP echo: the id both ways (ports are 0 then); the reply tuple says type 0. */
  icmpId?: number;
  /** The reply's id: the SNAT id when the echo was masqueraded. */
  replyIcmpId?: number;
  /** No reply seen yet: conntrack prints `[UNREPLIED]` before the reply tuple. */
  isUnreplied?: boolean;
  mark: number;
}

interface Tracked {
  hostId: string;
  flow: Omit<Flow, 'timeout'>;
  expiresAt: number;
}

export type Outcome = 'answered' | 'refused' | 'silent';

/** The kernel's default timeouts, in seconds, for the states the demo's exchanges end in. */
const TIMEOUTS = { TIME_WAIT: 120, CLOSE: 10, SYN_SENT: 120, udp: 30, icmp: 30 } as const;
/** A bound on remembered entries per lab: the oldest go first. */
const MAX_ENTRIES = 4096;

const tables = new WeakMap<ClusterStore, Tracked[]>();

function tableOf(store: ClusterStore): Tracked[] {
  let table = tables.get(store);
  if (!table) tables.set(store, (table = []));
  return table;
}

/** The entries one exchange leaves on each node it crossed (pure; `track` stores them). */
export function entriesFor(
  cluster: Cluster,
  path: Path,
  c: Conversation,
  outcome: Outcome,
  snatPort: number,
  now: number,
): Tracked[] {
  const clientHost =
    path.client.kind === 'pod'
      ? path.client.node.hostId
      : path.client.kind === 'instance'
        ? path.client.inst.hostId
        : undefined;
  const nodes = new Set(
    [clientHost, ...path.forward.map((h) => h.hostId)].filter(
      (id): id is string =>
        id !== undefined && cluster.instances.some((i) => i.hostId === id && i.role === 'node'),
    ),
  );
  const [state, seconds, isAssured] =
    c.proto !== 'tcp'
      ? [undefined, TIMEOUTS[c.proto], false]
      : outcome === 'answered'
        ? (['TIME_WAIT', TIMEOUTS.TIME_WAIT, true] as const)
        : outcome === 'refused'
          ? (['CLOSE', TIMEOUTS.CLOSE, false] as const)
          : (['SYN_SENT', TIMEOUTS.SYN_SENT, false] as const);
  return [...nodes].map((hostId) => {
    // The client's node saw the packet before DNAT; any other node only after it (and SNAT).
    const orig = endsAt(path, c, hostId === clientHost ? 'orig' : 'wire', 'forward', snatPort);
    const wire = endsAt(path, c, 'wire', 'forward', snatPort);
    return {
      hostId,
      expiresAt: now + seconds * 1000,
      flow: {
        proto: c.proto,
        ...(orig.icmpId === undefined ? {} : { icmpId: orig.icmpId }),
        ...(wire.icmpId === undefined ? {} : { replyIcmpId: wire.icmpId }),
        ...(state ? { state } : {}),
        src: orig.src,
        dst: orig.dst,
        sport: orig.sport ?? 0,
        dport: orig.dport ?? 0,
        replySrc: wire.dst,
        replyDst: wire.src,
        replySport: wire.dport ?? 0,
        replyDport: wire.sport ?? 0,
        isAssured,
        ...(outcome === 'silent' ? { isUnreplied: true } : {}),
        mark: 0,
      },
    };
  });
}

/** Remembers what an exchange left in the nodes' conntrack tables. */
export function track(
  store: ClusterStore,
  path: Path,
  c: Conversation,
  outcome: Outcome,
  snatPort: number,
): void {
  const now = store.now();
  const table = tableOf(store);
  const fresh = entriesFor(store.cluster, path, c, outcome, snatPort, now);
  // The same tuple again (a second question from the same socket) refreshes its entry.
  const key = (t: Tracked) =>
    `${t.hostId} ${t.flow.proto} ${t.flow.src}:${t.flow.sport} ${t.flow.dst}:${t.flow.dport}`;
  const alive = table.filter((t) => t.expiresAt > now);
  const before = new Map(alive.map((t) => [key(t), t]));
  for (const f of fresh) {
    const old = before.get(key(f));
    // UDP after a reply (busybox's AAAA question on the socket its A was answered on): the
    // kernel calls it a stream and sets [ASSURED]; the timeout stays 30 s for the first 2 s.
    if (old && !old.flow.isUnreplied && f.flow.proto === 'udp') f.flow.isAssured = true;
  }
  const renewed = new Set(fresh.map(key));
  const live = alive.filter((t) => !renewed.has(key(t)));
  live.push(...fresh);
  tables.set(store, live.slice(-MAX_ENTRIES));
}

/** The entries of `hostId` still alive at `now`, newest last, timeouts counted down. */
export function trackedFlows(store: ClusterStore, hostId: string, now: number): Flow[] {
  return tableOf(store)
    .filter((t) => t.hostId === hostId && t.expiresAt > now)
    .map((t) => ({ ...t.flow, timeout: Math.ceil((t.expiresAt - now) / 1000) }));
}
