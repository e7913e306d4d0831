/**
 * What the demo's commands put on the bus: a `curl` (an HTTP exchange, or a refused or
 * unanswered SYN), a `ping` echo, and a request from a pod (the traffic loops). Nothing is
 * computed while no tcpdump listens.
 */
import type { HostContext } from '../commands/context';
import { clusterOf, instanceOf, nowOf } from '../commands/context';
import type { Pod } from '../model/types';
import { busOf } from './bus';
import { httpExchange, icmpEcho, type Conversation } from './packets';
import { planPath, podEndpoint, type Endpoint } from './path';

const ephemeralPort = () => 32768 + Math.floor(Math.random() * 28232);

function send(
  host: HostContext,
  client: Endpoint,
  dst: string,
  dport: number | undefined,
  c: Conversation,
): void {
  const bus = busOf(host.store);
  if (!bus.isHeard) return;
  const now = nowOf(host);
  const path = planPath(clusterOf(host), client, dst, dport, c.proto, now);
  if (path) bus.send(path, c, now, ephemeralPort());
}

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
  send(host, self(host), dst, dport, httpExchange(Math.random, ephemeralPort(), dport, answer));
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
  send(host, self(host), dst, undefined, icmpEcho(id, seq, size, isAnswered));
}

/** An HTTP GET from a pod (as `kubectl exec POD -- curl` would send it). */
export function sendFromPod(host: HostContext, pod: Pod, dst: string, dport: number): void {
  const client = podEndpoint(clusterOf(host), pod);
  if (client)
    send(host, client, dst, dport, httpExchange(Math.random, ephemeralPort(), dport, 'ok'));
}
