import { isIPv4 } from '../../net/ipv4';
import type { TraceTarget } from './types';

/** Where `kubelab trace --from` starts: a pod (via kubectl), a node, or any host of the workspace. */
export type TraceFrom =
  | { kind: 'pod'; namespace: string; name: string }
  | { kind: 'node'; name: string }
  | { kind: 'host'; name: string };

// Kubernetes object names (DNS-1123) and workspace host ids; nothing a shell would read specially.
const K8S_NAME = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DNS_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/;

/** Reads `pod/NS/NAME`, `node/NAME` or `host/NAME`; an error message when it is none of them. */
export function parseTraceFrom(text: string): TraceFrom | string {
  const parts = text.split('/');
  if (parts[0] === 'pod' && parts.length === 3) {
    const [, namespace = '', name = ''] = parts;
    if (K8S_NAME.test(namespace) && K8S_NAME.test(name)) return { kind: 'pod', namespace, name };
    return `not a pod namespace/name: ${text}`;
  }
  if ((parts[0] === 'node' || parts[0] === 'host') && parts.length === 2) {
    const name = parts[1] ?? '';
    if (!HOST_NAME.test(name)) return `not a host name: ${name}`;
    return { kind: parts[0], name };
  }
  return `--from takes pod/NS/NAME, node/NAME or host/NAME, not ${text}`;
}

function portOf(text: string): number | null | string {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : `not a port: ${text}`;
}

/** Reads `SERVICE_NAME[:PORT]`, `VIP:PORT` or `POD_IP[:PORT]`; an error message otherwise. */
export function parseTraceTarget(text: string): TraceTarget | string {
  const colon = text.lastIndexOf(':');
  const host = colon < 0 ? text : text.slice(0, colon);
  let port: number | null = null;
  if (colon >= 0) {
    const p = portOf(text.slice(colon + 1));
    if (typeof p === 'string') return p;
    port = p;
  }
  if (isIPv4(host)) return { kind: 'address', ip: host, port };
  if (DNS_NAME.test(host) && host.length <= 253) return { kind: 'name', name: host, port };
  return `--to takes SERVICE_NAME[:PORT], VIP:PORT or POD_IP[:PORT], not ${text}`;
}

/** The text form of a source, as the trace's `from`. */
export function traceFromText(from: TraceFrom): string {
  return from.kind === 'pod' ? `pod/${from.namespace}/${from.name}` : `${from.kind}/${from.name}`;
}
