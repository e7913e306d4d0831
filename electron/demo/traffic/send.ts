/**
 * What the demo's commands put on the bus: a `curl` (an HTTP exchange, or a refused or
 * unanswered SYN), a `ping` echo, a request from a pod (the traffic loops, `kubectl exec … curl`)
 * and a pod's DNS questions to kube-dns. Each exchange also leaves its entries in the conntrack
 * of the nodes it crossed (conntrack-table.ts).
 */
import type { HostContext } from '../commands/context';
import { clusterOf, instanceOf, nowOf } from '../commands/context';
import type { Pod } from '../model/types';
import { busOf } from './bus';
import { track, type Outcome } from './conntrack-table';
import { dnsExchange, httpExchange, icmpEcho, type Conversation, type DnsPayload } from './packets';
import { planPath, podEndpoint, type Endpoint } from './path';

const ephemeralPort = () => 32768 + Math.floor(Math.random() * 28232);

function send(
  host: HostContext,
  client: Endpoint,
  dst: string,
  dport: number | undefined,
  conversations: readonly Conversation[],
  outcome: Outcome,
): void {
  const first = conversations[0];
  if (!first) return;
  const now = nowOf(host);
  // One path for all: they share a socket, so conntrack sends them to the same endpoint.
  const path = planPath(clusterOf(host), client, dst, dport, first.proto, now);
  if (!path) return;
  const snatPort = ephemeralPort();
  const bus = busOf(host.store);
  for (const c of conversations) {
    track(host.store, path, c, outcome, snatPort);
    bus.send(path, c, now, snatPort);
  }
}

const OUTCOME = { ok: 'answered', refused: 'refused', silent: 'silent' } as const;

function self(host: HostContext): Endpoint {
  const inst = instanceOf(host);
  return { kind: 'instance', inst, ip: inst.privateIp };
}

/** A `curl` from the host to `dst:dport`: answered, refused (RST) or unanswered (a lone SYN). */
export function sendCurl(
  host: HostContext,
  dst: string,
  dport: number,
  answer: 'ok' | 'refused' | 'silent',
): void {
  const c = httpExchange(Math.random, ephemeralPort(), dport, answer);
  send(host, self(host), dst, dport, [c], OUTCOME[answer]);
}

/** One echo of a `ping` from the host. */
export function sendPing(
  host: HostContext,
  dst: string,
  id: number,
  seq: number,
  size: number,
  isAnswered: boolean,
): void {
  const c = icmpEcho(id, seq, size, isAnswered);
  send(host, self(host), dst, undefined, [c], isAnswered ? 'answered' : 'silent');
}

/** An HTTP GET from a pod (as `kubectl exec POD -- curl` would send it). */
export function sendFromPod(host: HostContext, pod: Pod, dst: string, dport: number): void {
  const client = podEndpoint(clusterOf(host), pod);
  if (client)
    send(
      host,
      client,
      dst,
      dport,
      [httpExchange(Math.random, ephemeralPort(), dport, 'ok')],
      'answered',
    );
}

/** A DNS question and, when there is one, its answer. */
export interface DnsWire {
  query: DnsPayload;
  answer?: DnsPayload;
}

/**
 * A pod's DNS questions to `server` (kube-dns's VIP) from one UDP socket, DNATed to one CoreDNS
 * pod like any Service traffic.
 */
export function sendDnsFromPod(
  host: HostContext,
  pod: Pod,
  server: string,
  messages: readonly DnsWire[],
): void {
  const client = podEndpoint(clusterOf(host), pod);
  if (!client) return;
  const sport = ephemeralPort();
  const conversations = messages.map((m) => dnsExchange(sport, m.query, m.answer));
  const isAnswered = messages.every((m) => m.answer !== undefined);
  send(host, client, server, 53, conversations, isAnswered ? 'answered' : 'silent');
}
