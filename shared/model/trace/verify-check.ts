import type { Trace, TraceEndpoint } from './types';
import type { ConntrackEntry } from '../../parsers/conntrack';
import type { Packet } from '../../parsers/tcpdump';

/** Whether live traffic showed a predicted step. */
export type StepStatus = 'seen' | 'not-seen' | 'not-exercised';

/** One predicted step checked against the capture and conntrack. */
export interface StepCheck {
  /** Index into the trace's steps. */
  step: number;
  status: StepStatus;
  /** What was looked for, in plain words. */
  expected: string;
  /** The packets (as tcpdump printed them) and conntrack lines that prove it. */
  evidence: string[];
}

/** What verify live found. */
export interface VerifyResult {
  /** The request sent from the source, and what it printed. */
  request: { command: string; exitCode: number | null; output: string };
  /** The endpoint the connection was DNATed to (`ip:port`), from conntrack or the capture. */
  endpoint: string | null;
  /** The conntrack entry of the flow, as printed. */
  conntrack: string | null;
  checks: StepCheck[];
  /** Per host: the capture command and whether it ended (every remote process must). */
  captures: { host: string; command: string; packets: number; ended: boolean }[];
  warnings: string[];
}

const isSyn = (p: Packet): boolean => p.tcp?.flags === 'S';
const isSynAck = (p: Packet): boolean => p.tcp?.flags === 'S.';
const raw = (p: Packet): string => p.raw;

/**
 * The conntrack entry of our request: original dst = the frontend, from the source when known,
 * and from the source port of the SYN the capture saw (earlier requests linger in TIME_WAIT);
 * without a captured SYN, the entry with the most time left (the newest).
 */
export function findEntry(
  entries: readonly ConntrackEntry[],
  trace: Trace,
  sport: number | undefined,
): ConntrackEntry | undefined {
  const f = trace.frontend;
  if (f === null) return undefined;
  const src = trace.origin?.ip ?? undefined;
  const ours = entries.filter(
    (e) =>
      e.original.dst === f.ip &&
      (f.port === null || e.original.dport === f.port) &&
      (src === undefined || e.original.src === src),
  );
  if (sport !== undefined) return ours.find((e) => e.original.sport === sport);
  return [...ours].sort((a, b) => b.timeout - a.timeout)[0];
}

/**
 * Marks each predicted step of the endpoint the request took as seen or not seen, from the
 * packets each host captured (`tcpdump -i any -nn`, with interface and direction) and the
 * conntrack entry on the source node. Steps of the other endpoints are not exercised.
 */
export function checkSteps(
  trace: Trace,
  packets: ReadonlyMap<string, Packet[]>,
  entries: readonly ConntrackEntry[],
): { endpoint: TraceEndpoint | undefined; entry: ConntrackEntry | undefined; checks: StepCheck[] } {
  const f = trace.frontend;
  const origin = trace.origin;
  const checks: StepCheck[] = [];
  if (f === null || origin === null) return { endpoint: undefined, entry: undefined, checks };
  const at = (host: string) => packets.get(host) ?? [];
  const here = at(origin.host);
  const synToVip = here.filter(
    (p) => isSyn(p) && p.dst === f.ip && (f.port === null || p.dport === f.port),
  );
  // A node's own SYN is DNATed in nat OUTPUT before tcpdump sees it: its source port is read
  // from the SYN leaving for an endpoint instead (older entries to the VIP linger in TIME_WAIT).
  const synOut =
    origin.ip === null
      ? here.find(
          (p) =>
            isSyn(p) &&
            p.direction === 'Out' &&
            trace.endpoints.some((e) => p.dst === e.ip && (e.port === null || p.dport === e.port)),
        )
      : undefined;
  const entry = findEntry(entries, trace, synToVip[0]?.sport ?? synOut?.sport);
  let endpoint = trace.endpoints.find(
    (e) =>
      entry !== undefined &&
      e.ip === entry.reply.src &&
      (e.port === null || e.port === entry.reply.sport),
  );
  // Without conntrack (not readable), the capture on the egress side names the endpoint.
  endpoint ??= trace.endpoints.find((e) =>
    here.some(
      (p) => isSyn(p) && p.dst === e.ip && p.dport === (e.port ?? p.dport) && p.direction === 'Out',
    ),
  );
  const key = endpoint === undefined ? null : `${endpoint.ip}:${endpoint.port ?? '?'}`;
  trace.steps.forEach((step, i) => {
    const check = (ok: boolean, expected: string, evidence: string[]) =>
      checks.push({ step: i, status: ok ? 'seen' : 'not-seen', expected, evidence });
    if (step.endpoint !== undefined && step.endpoint !== key) {
      checks.push({
        step: i,
        status: 'not-exercised',
        expected: 'another endpoint took the request',
        evidence: [],
      });
      return;
    }
    if (step.kind === 'netfilter' && step.endpoint === undefined) {
      if (origin.iif === null) {
        // A node's own packet is DNATed in nat OUTPUT before tcpdump sees it: conntrack proves it.
        check(
          entry !== undefined,
          `conntrack on ${origin.host}: a flow to ${f.ip}:${f.port ?? '*'}`,
          entry ? [entry.raw] : [],
        );
        return;
      }
      const ingress = synToVip.filter((p) => p.interface === origin.iif && p.direction === 'In');
      check(
        ingress.length > 0,
        `SYN to ${f.ip}:${f.port ?? '*'} arriving on ${origin.iif} on ${origin.host}`,
        ingress.map(raw),
      );
    } else if (step.kind === 'netfilter' && endpoint !== undefined) {
      check(
        entry !== undefined,
        `conntrack on ${origin.host}: ${f.ip} DNATed to ${key ?? '?'}`,
        entry ? [entry.raw] : [],
      );
    } else if (step.kind === 'masquerade' && endpoint !== undefined) {
      // tcpdump sees a leaving packet after POSTROUTING: its source is what masquerade made it.
      const out = here.filter(
        (p) =>
          isSyn(p) &&
          p.dst === endpoint.ip &&
          p.direction === 'Out' &&
          p.interface === endpoint.egressInterface,
      );
      const want = endpoint.sourceAfterNat;
      const right = out.filter((p) => want !== null && p.src === want);
      check(
        right.length > 0,
        `SYN leaving with source ${want ?? '?'}`,
        (right.length > 0 ? right : out).map(raw),
      );
    } else if (step.kind === 'routing' && endpoint !== undefined) {
      const out = here.filter(
        (p) =>
          isSyn(p) &&
          p.dst === endpoint.ip &&
          p.interface === endpoint.egressInterface &&
          p.direction === 'Out',
      );
      check(
        out.length > 0,
        `SYN to ${key ?? '?'} leaving ${origin.host} on ${endpoint.egressInterface ?? '?'}`,
        out.map(raw),
      );
    } else if (step.kind === 'destination' && endpoint !== undefined) {
      const there = at(endpoint.node ?? '');
      const syns = there.filter((p) => isSyn(p) && p.dst === endpoint.ip);
      const onVeth = syns.filter(
        (p) => p.interface === endpoint.podInterface && p.direction === 'Out',
      );
      const remote = endpoint.node !== origin.host;
      const arriving = remote ? syns.filter((p) => p.direction === 'In') : [];
      check(
        onVeth.length > 0 && (!remote || arriving.length > 0),
        `SYN to ${key ?? '?'} ${remote ? `arriving on ${endpoint.node ?? '?'} and ` : ''}handed to ${endpoint.podInterface ?? '?'}`,
        [...arriving, ...onVeth].map(raw),
      );
    } else if (step.kind === 'reply' && endpoint !== undefined) {
      const back = here.filter((p) => isSynAck(p) && p.src === endpoint.ip);
      const ok = entry !== undefined && entry.reply.src === endpoint.ip;
      check(
        ok && back.length > 0,
        `SYN-ACK from ${key ?? '?'} and the conntrack entry with that reply tuple`,
        [...(entry ? [entry.raw] : []), ...back.map(raw)],
      );
    }
  });
  return { endpoint, entry, checks };
}
