/**
 * A rule as iptables-nft 1.8.9 writes it in `iptables-save` and `iptables -S`: the canonical order
 * `-s -d -i -o -p`, then the matches in rule order, then the target. Matches and targets print
 * their options the way libxtables' `save` callbacks do, e.g. `--set-xmark 0x4000/0x4000` for
 * `--or-mark`, `/32` on every address and `--mask 255.255.255.255 --rsource` on `recent`.
 */
import { renderProbability } from './probability';
import type { CtState, Match, Rule, Target } from './types';

/** Counters printed inside the rule by `iptables -S -v` (`-c pkts bytes` before `-j`). */
export interface SpecCounters {
  packets: number;
  bytes: number;
}

/** `xtables_save_string`: bare when only `[A-Za-z0-9_-]`, else double-quoted with `"\'` escaped. */
export function saveString(value: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** `0x…` as iptables prints marks. */
export const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

const CT_STATE_ORDER: readonly CtState[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'DNAT'];

/** Conntrack states in the order libxt_conntrack prints them, whatever order they were given in. */
export function ctStates(states: readonly CtState[]): string {
  return CT_STATE_ORDER.filter((s) => states.includes(s)).join(',');
}

const neg = (negate: boolean | undefined): string => (negate ? '! ' : '');

function matchSpec(m: Match): string {
  switch (m.kind) {
    case 'comment':
      return `-m comment --comment ${saveString(m.comment)}`;
    case 'port':
      return m.dport === undefined ? `-m ${m.protocol}` : `-m ${m.protocol} --dport ${m.dport}`;
    case 'addrtype': {
      let s = '-m addrtype';
      if (m.srcType) s += ` --src-type ${m.srcType}`;
      if (m.dstType) s += ` ${neg(m.negateDst)}--dst-type ${m.dstType}`;
      if (m.limitIfaceIn) s += ' --limit-iface-in';
      return s;
    }
    case 'conntrack':
      return `-m conntrack ${neg(m.negate)}--ctstate ${ctStates(m.states)}`;
    case 'mark':
      return `-m mark ${neg(m.negate)}--mark ${hex(m.value)}/${hex(m.mask)}`;
    case 'statistic':
      return `-m statistic --mode random --probability ${renderProbability(m.probability)}`;
    case 'nfacct':
      // libxt_nfacct prints " --nfacct-name " and then xtables_save_string's own leading space.
      return `-m nfacct --nfacct-name  ${saveString(m.name)}`;
    case 'set':
      return `-m set ${neg(m.negate)}--match-set ${m.name} ${m.flags}`;
    case 'recent': {
      if (m.mode === 'set')
        return `-m recent --set --name ${m.name} --mask 255.255.255.255 --rsource`;
      let s = '-m recent --rcheck';
      if (m.seconds !== undefined) s += ` --seconds ${m.seconds}`;
      if (m.reap) s += ' --reap';
      return `${s} --name ${m.name} --mask 255.255.255.255 --rsource`;
    }
  }
}

function targetSpec(t: Target): string {
  switch (t.kind) {
    case 'jump':
      return `-j ${t.chain}`;
    case 'verdict':
      return `-j ${t.verdict}`;
    case 'reject':
      return '-j REJECT --reject-with icmp-port-unreachable';
    case 'dnat':
      return `-j DNAT --to-destination ${t.toDestination}`;
    case 'snat':
      return `-j SNAT --to-source ${t.toSource}${t.randomFully ? ' --random-fully' : ''}`;
    case 'masquerade':
      return `-j MASQUERADE${t.randomFully ? ' --random-fully' : ''}`;
    case 'mark':
      return `-j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case 'connmark-set':
      return `-j CONNMARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case 'connmark-restore':
      return `-j CONNMARK --restore-mark --nfmask ${hex(t.mask)} --ctmask ${hex(t.mask)}`;
  }
}

/** The rule after `-A CHAIN`, e.g. `-d 10.100.0.10/32 -p udp -m comment … -j KUBE-SVC-…`. */
export function ruleSpec(rule: Rule, counters?: SpecCounters): string {
  const parts: string[] = [];
  if (rule.source) parts.push(`${neg(rule.source.negate)}-s ${rule.source.cidr}`);
  if (rule.destination) parts.push(`${neg(rule.destination.negate)}-d ${rule.destination.cidr}`);
  if (rule.inInterface) parts.push(`${neg(rule.inInterface.negate)}-i ${rule.inInterface.name}`);
  if (rule.outInterface) parts.push(`${neg(rule.outInterface.negate)}-o ${rule.outInterface.name}`);
  if (rule.protocol) parts.push(`-p ${rule.protocol}`);
  for (const m of rule.matches) parts.push(matchSpec(m));
  if (counters) parts.push(`-c ${counters.packets} ${counters.bytes}`);
  if (rule.target) parts.push(targetSpec(rule.target));
  return parts.join(' ');
}
