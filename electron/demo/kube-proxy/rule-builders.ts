import type { Match, Protocol, Rule, Target } from './types';

/** `-m comment --comment text`. */
export const comment = (text: string): Match => ({ kind: 'comment', comment: text });

/** `-m tcp|udp|sctp [--dport N]`. */
export const portMatch = (protocol: Protocol, dport?: number): Match =>
  dport === undefined ? { kind: 'port', protocol } : { kind: 'port', protocol, dport };

/** `-m addrtype --dst-type LOCAL`. */
export const dstLocal: Match = { kind: 'addrtype', dstType: 'LOCAL' };

/** `-m addrtype --src-type LOCAL`. */
export const srcLocal: Match = { kind: 'addrtype', srcType: 'LOCAL' };

/** `-m conntrack --ctstate NEW`. */
export const ctNew: Match = { kind: 'conntrack', states: ['NEW'] };

/** `-j CHAIN`. */
export const jump = (chain: string): Target => ({ kind: 'jump', chain });

/** `-j ACCEPT|DROP|RETURN`. */
export const verdict = (v: 'ACCEPT' | 'DROP' | 'RETURN'): Target => ({
  kind: 'verdict',
  verdict: v,
});

/** Appends `/32` to a bare IPv4 address, as iptables stores every `-s`/`-d`. */
export const hostCidr = (ip: string): string => (ip.includes('/') ? ip : `${ip}/32`);

/** A rule from the parts kube-proxy and the CNI write; empty parts are left out. */
export function rule(parts: Partial<Rule> & { target?: Target }): Rule {
  const out: { -readonly [K in keyof Rule]: Rule[K] } = { matches: parts.matches ?? [] };
  if (parts.source) out.source = parts.source;
  if (parts.destination) out.destination = parts.destination;
  if (parts.inInterface) out.inInterface = parts.inInterface;
  if (parts.outInterface) out.outInterface = parts.outInterface;
  if (parts.protocol) out.protocol = parts.protocol;
  if (parts.target) out.target = parts.target;
  return out;
}
