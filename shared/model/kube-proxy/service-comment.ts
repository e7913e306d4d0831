import type { ServiceRef } from './types';

/** A kube-proxy rule comment read back: which Service port, and what the rest says. */
export interface ServiceComment extends ServiceRef {
  /** What follows the name: `cluster IP`, `external IP`, `has no endpoints`, `-> 10.0.0.1:80`, … */
  rest: string;
  /** The text before the name (`masquerade traffic for`), usually empty. */
  before: string;
}

// namespace (DNS-1123 label) / service name (DNS-1035 label, starts with a letter) [:port name]
const NAME =
  /(?:^|\s)([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)\/([a-z](?:[-a-z0-9]*[a-z0-9])?)(?::(\S*))?(?=\s|$)/;

/**
 * Reads the Service port named in a kube-proxy comment, in any of its generations:
 * `ns1/svc1:p80 cluster IP`, `default/hostnames:` (empty port name, about 2017),
 * `my-namespace/my-app cluster IP` (unnamed port, recent releases),
 * `masquerade traffic for ns4/svc4:p80 external destinations`. Null when no name is present.
 */
export function parseServiceComment(text: string): ServiceComment | null {
  const m = NAME.exec(text);
  if (m === null) return null;
  const start = m.index + (m[0].startsWith(' ') || m[0].startsWith('\t') ? 1 : 0);
  return {
    namespace: m[1] ?? '',
    name: m[2] ?? '',
    portName: m[3] ?? '',
    before: text.slice(0, start).trim(),
    rest: text.slice(m.index + m[0].length).trim(),
  };
}

/** Which frontend a KUBE-SERVICES comment describes. */
export function frontendKind(
  comment: ServiceComment | null,
): 'cluster' | 'external' | 'loadbalancer' | null {
  if (comment === null || comment.before !== '') return null;
  switch (comment.rest) {
    case 'cluster IP':
      return 'cluster';
    case 'external IP':
      return 'external';
    case 'loadbalancer IP':
      return 'loadbalancer';
    default:
      return null;
  }
}

/** `ns/name:port/proto`, the key a Service port is known by across tables. */
export function serviceKey(ref: ServiceRef, protocol: string): string {
  return `n:${ref.namespace}/${ref.name}:${ref.portName}/${protocol}`;
}
