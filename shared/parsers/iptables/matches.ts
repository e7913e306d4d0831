import type { AddrTypeSpec, IptablesMatch } from './types';
import { interfaceSpec, parseDecimal, parseMark, portSpec } from './values';

const PORT_MODULES = new Set(['tcp', 'udp', 'sctp', 'udplite', 'dccp', 'multiport']);

/** A fresh, option-less match for `-m <module>`. Unknown modules become `generic`. */
export function createMatch(module: string): IptablesMatch {
  if (PORT_MODULES.has(module)) {
    return { kind: 'ports', module, sport: null, dport: null, ports: null, args: [] };
  }
  switch (module) {
    case 'comment':
      return { kind: 'comment', module, text: '' };
    case 'statistic':
      return {
        kind: 'statistic',
        module,
        isNegated: false,
        mode: null,
        probability: null,
        every: null,
        packet: null,
      };
    case 'mark':
    case 'connmark':
      return { kind: 'mark', module, isNegated: false, text: '', value: null, mask: null };
    case 'addrtype':
      return { kind: 'addrtype', module, srcType: null, dstType: null, args: [] };
    case 'recent':
      return {
        kind: 'recent',
        module,
        isNegated: false,
        name: null,
        action: null,
        seconds: null,
        hitcount: null,
        isReap: false,
        isRttl: false,
        side: null,
        mask: null,
      };
    case 'set':
      return { kind: 'set', module, isNegated: false, setName: '', flags: [], args: [] };
    case 'conntrack':
    case 'state':
      return { kind: 'conntrack', module, isNegated: false, states: null, args: [] };
    case 'ipvs':
      return { kind: 'ipvs', module, isNegated: false, args: [] };
    case 'physdev':
      return {
        kind: 'physdev',
        module,
        physdevIn: null,
        physdevOut: null,
        isIn: false,
        isOut: false,
        isBridged: false,
        args: [],
      };
    default:
      return { kind: 'generic', module, args: [] };
  }
}

function keep(args: string[], option: string, values: readonly string[], isNegated: boolean): void {
  if (isNegated) args.push('!');
  args.push(option);
  for (const v of values) args.push(v);
}

function addrType(values: readonly string[], isNegated: boolean): AddrTypeSpec {
  let text = values[0] ?? '';
  let neg = isNegated;
  if (text.startsWith('!')) {
    neg = !neg;
    text = text.slice(1);
  }
  return { isNegated: neg, types: text === '' ? [] : text.split(',') };
}

/**
 * Applies one `--option values…` to the match it belongs to. Options the model does not know
 * are kept as text in the match's `args` where it has one (ports, addrtype, set, conntrack,
 * ipvs, physdev, generic).
 */
export function applyMatchOption(
  m: IptablesMatch,
  option: string,
  values: readonly string[],
  isNegated: boolean,
): void {
  const v0 = values[0] ?? '';
  switch (m.kind) {
    case 'comment':
      if (option === '--comment') m.text = v0;
      return;
    case 'ports':
      if (option === '--dport' || option === '--destination-port' || option === '--dports') {
        m.dport = portSpec(v0, isNegated);
      } else if (option === '--sport' || option === '--source-port' || option === '--sports') {
        m.sport = portSpec(v0, isNegated);
      } else if (option === '--ports') m.ports = portSpec(v0, isNegated);
      else keep(m.args, option, values, isNegated);
      return;
    case 'statistic':
      if (option === '--mode') m.mode = v0;
      else if (option === '--probability') {
        m.probability = parseDecimal(v0);
        m.isNegated = isNegated;
      } else if (option === '--every') {
        m.every = parseDecimal(v0);
        m.isNegated = isNegated;
      } else if (option === '--packet') m.packet = parseDecimal(v0);
      return;
    case 'mark': {
      if (option !== '--mark') return;
      const parsed = parseMark(v0);
      m.isNegated = isNegated;
      m.text = v0;
      m.value = parsed.value;
      m.mask = parsed.mask;
      return;
    }
    case 'addrtype':
      if (option === '--src-type') m.srcType = addrType(values, isNegated);
      else if (option === '--dst-type') m.dstType = addrType(values, isNegated);
      else keep(m.args, option, values, isNegated);
      return;
    case 'recent':
      applyRecent(m, option, v0, isNegated);
      return;
    case 'set':
      if (option === '--match-set') {
        m.isNegated = isNegated;
        m.setName = v0;
        m.flags = (values[1] ?? '').split(',').filter((f) => f !== '');
      } else keep(m.args, option, values, isNegated);
      return;
    case 'conntrack':
      if (option === '--ctstate' || option === '--state') {
        m.isNegated = isNegated;
        m.states = v0 === '' ? [] : v0.split(',');
      } else keep(m.args, option, values, isNegated);
      return;
    case 'ipvs':
      if (option === '--ipvs') m.isNegated = isNegated;
      else keep(m.args, option, values, isNegated);
      return;
    case 'physdev':
      if (option === '--physdev-in') m.physdevIn = interfaceSpec(v0, isNegated);
      else if (option === '--physdev-out') m.physdevOut = interfaceSpec(v0, isNegated);
      else if (option === '--physdev-is-in') m.isIn = !isNegated;
      else if (option === '--physdev-is-out') m.isOut = !isNegated;
      else if (option === '--physdev-is-bridged') m.isBridged = !isNegated;
      else keep(m.args, option, values, isNegated);
      return;
    case 'generic':
      keep(m.args, option, values, isNegated);
      return;
  }
}

function applyRecent(
  m: Extract<IptablesMatch, { kind: 'recent' }>,
  option: string,
  v0: string,
  isNegated: boolean,
): void {
  switch (option) {
    case '--name':
      m.name = v0;
      return;
    case '--set':
    case '--rcheck':
    case '--update':
    case '--remove':
      m.action = option.slice(2) as 'set' | 'rcheck' | 'update' | 'remove';
      m.isNegated = isNegated;
      return;
    case '--seconds':
      m.seconds = parseDecimal(v0);
      return;
    case '--hitcount':
      m.hitcount = parseDecimal(v0);
      return;
    case '--reap':
      m.isReap = true;
      return;
    case '--rttl':
      m.isRttl = true;
      return;
    case '--rsource':
      m.side = 'source';
      return;
    case '--rdest':
      m.side = 'dest';
      return;
    case '--mask':
      m.mask = v0;
      return;
    default:
      return;
  }
}
