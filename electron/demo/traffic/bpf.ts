/**
 * The part of pcap-filter(7) the demo's tcpdump understands: `host`, `net`, `port` (each with
 * `src`/`dst`), `tcp`, `udp`, `icmp`, `ip`, joined by `and`/`&&`, `or`/`||`, `not`/`!` and
 * parentheses; a protocol before a qualifier (`tcp port 80`) narrows it, as in tcpdump.
 */
import { inCidr, isIPv4 } from '../model/ipv4';
import type { WirePacket } from './packets';

export type Match = (p: WirePacket) => boolean;

/** Thrown with tcpdump's own wording for a filter it cannot compile. */
export class FilterError extends Error {}

const PROTOS = ['tcp', 'udp', 'icmp'] as const;

function tokens(text: string): string[] {
  return text.match(/&&|\|\||[()!]|[^\s()!&|]+/g) ?? [];
}

export function compileFilter(text: string): Match {
  const list = tokens(text);
  if (list.length === 0) return () => true;
  let at = 0;
  const peek = () => list[at];
  const next = () => list[at++];
  const syntax = () => new FilterError("can't parse filter expression: syntax error");

  const expr = (): Match => {
    let left = term();
    while (peek() === 'or' || peek() === '||') {
      next();
      const a = left;
      const b = term();
      left = (p) => a(p) || b(p);
    }
    return left;
  };
  const term = (): Match => {
    let left = factor();
    for (;;) {
      const word = peek();
      if (word === 'and' || word === '&&') next();
      else if (word === undefined || word === ')' || word === 'or' || word === '||') break;
      const a = left;
      const b = factor();
      left = (p) => a(p) && b(p);
    }
    return left;
  };
  const factor = (): Match => {
    const word = next();
    if (word === undefined) throw syntax();
    if (word === 'not' || word === '!') {
      const inner = factor();
      return (p) => !inner(p);
    }
    if (word === '(') {
      const inner = expr();
      if (next() !== ')') throw syntax();
      return inner;
    }
    if ((PROTOS as readonly string[]).includes(word)) {
      const proto = word as (typeof PROTOS)[number];
      const isProto: Match = (p) => p.proto === proto;
      // `tcp port 80`: the protocol qualifies the primitive that follows.
      if (['src', 'dst', 'port', 'host', 'net'].includes(peek() ?? '')) {
        const rest = primitive(next() ?? '');
        return (p) => isProto(p) && rest(p);
      }
      return isProto;
    }
    if (word === 'ip') return () => true;
    return primitive(word);
  };
  const primitive = (first: string): Match => {
    let dir: 'src' | 'dst' | 'either' = 'either';
    let kind = first;
    if (first === 'src' || first === 'dst') {
      dir = first;
      kind = next() ?? '';
    }
    if (kind === 'or' || kind === 'and') throw syntax();
    let value: string;
    if (kind === 'host' || kind === 'net' || kind === 'port') value = next() ?? '';
    else if (isIPv4(kind)) {
      value = kind;
      kind = 'host';
    } else if (/^\d+$/.test(kind) && dir !== 'either') {
      value = kind;
      kind = 'port';
    } else
      throw new FilterError(
        `kubelab demo lab: "${kind}" is beyond the demo's filters (host, net, port, tcp, udp, icmp with and/or/not)`,
      );
    const sides = (p: WirePacket) => ({
      src: { ip: p.src, port: p.sport },
      dst: { ip: p.dst, port: p.dport },
    });
    const test =
      (check: (side: { ip: string; port: number | undefined }) => boolean): Match =>
      (p) => {
        const s = sides(p);
        return dir === 'src'
          ? check(s.src)
          : dir === 'dst'
            ? check(s.dst)
            : check(s.src) || check(s.dst);
      };
    if (kind === 'host') {
      if (!isIPv4(value)) throw new FilterError(`can't parse filter expression: syntax error`);
      return test((side) => side.ip === value);
    }
    if (kind === 'net') {
      const cidr = value.includes('/') ? value : `${value}/32`;
      if (!isIPv4(cidr.split('/')[0] ?? '')) throw syntax();
      return test((side) => inCidr(side.ip, cidr));
    }
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw syntax();
    return test((side) => side.port === port);
  };

  const match = expr();
  if (at < list.length) throw syntax();
  return match;
}
