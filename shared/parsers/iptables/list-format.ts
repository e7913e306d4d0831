import { clip } from '../parse-helpers';
import type { WarningList } from '../parse-result';
import { readListExtra } from './list-extra';
import { emptySpec, type MutableRuleSpec } from './rule-args';
import type { RulesetBuilder } from './ruleset-builder';
import { wordBounds } from './tokenize';
import type { AddressSpec, Counters } from './types';
import { countersFrom, interfaceSpec, isDigits, parseCount } from './values';

/** Columns of the `-L` listing being read, learned from its header row. */
export interface ListState {
  hasNum: boolean | null;
  isVerbose: boolean | null;
  chain: string | null;
  hasList: boolean;
  hasWarnedOrphan: boolean;
}

/** Fresh state: columns unknown until a header or a row shows them. */
export function newListState(): ListState {
  return { hasNum: null, isVerbose: null, chain: null, hasList: false, hasWarnedOrphan: false };
}

/** The chain name used for `-L` rows pasted without their `Chain …` header. */
export const UNKNOWN_CHAIN = '(unknown chain)';

const bounds: number[] = [];

/** A `-L` row: decoded eagerly, as listings are small. */
type ListRule = MutableRuleSpec & {
  chain: string;
  index: number;
  line: number;
  raw: string;
  counters: Counters | null;
  extra: string;
};

function isOpt(t: string | undefined): boolean {
  return t === '--' || t === '-f' || t === '!f';
}

/**
 * Reads one line of `iptables [-t T] -L [CHAIN] -n [-v] [-x] [--line-numbers]`, including output
 * re-spaced by `| column -t`: `Chain KUBE-SERVICES (2 references)`,
 * `Chain OUTPUT (policy ACCEPT 10 packets, 600 bytes)`, the column header, and rows such as
 * `    6   360 KUBE-NODEPORTS  all  --  *  *  0.0.0.0/0  0.0.0.0/0  /* … *\/ ADDRTYPE match dst-type LOCAL`.
 *
 * Returns false when the line is not a `-L` line.
 */
export function readListLine(
  b: RulesetBuilder,
  line: string,
  lineNo: number,
  warnings: WarningList,
  state: ListState,
): boolean {
  if (line.startsWith('Chain ')) {
    readChainHeader(b, line, lineNo, warnings, state);
    return true;
  }
  bounds.length = 0;
  wordBounds(line, bounds, 11);
  const words: string[] = [];
  for (let k = 0; k < bounds.length; k += 2) words.push(line.slice(bounds[k], bounds[k + 1]));
  const first = words[0];
  if (first === 'pkts' || first === 'target' || first === 'num') {
    state.hasNum = first === 'num';
    state.isVerbose = words.includes('pkts');
    state.hasList = true;
    return true;
  }
  return readRow(b, line, lineNo, words, warnings, state);
}

function readChainHeader(
  b: RulesetBuilder,
  line: string,
  lineNo: number,
  warnings: WarningList,
  state: ListState,
): void {
  const words = line.trim().split(/\s+/);
  const name = words[1] ?? '';
  const detail = words
    .slice(2)
    .join(' ')
    .replace(/^\(|\)$/g, '');
  state.hasList = true;
  state.chain = name;
  if (b.isNextListing(name)) b.startImplicitTable();
  const policy = /^policy (\S+)(?: (\S+) packets, (\S+) bytes)?$/.exec(detail);
  if (policy !== null) {
    const counters = policy[2] === undefined ? null : countersFrom(policy[2], policy[3] ?? '');
    b.declare(name, lineNo, policy[1] ?? '-', counters);
    return;
  }
  const chain = b.declare(name, lineNo, null, null);
  const refs = /^(\d+) references?$/.exec(detail);
  if (refs !== null) chain.references = Number(refs[1]);
  else if (detail !== '')
    warnings.add(lineNo, `unrecognised chain header detail "${clip(detail, 80)}"`, clip(line));
}

/** How many leading words come before the `prot` column, and what they are. */
function layoutFor(
  words: readonly string[],
  state: ListState,
): { lead: number; hasTarget: boolean } | null {
  let o = -1;
  for (let k = 1; k < Math.min(words.length, 7); k++) {
    if (isOpt(words[k])) {
      o = k;
      break;
    }
  }
  if (o < 0) return null;
  const beforeProt = o - 1;
  if (state.hasNum !== null && state.isVerbose !== null) {
    const lead = (state.hasNum ? 1 : 0) + (state.isVerbose ? 2 : 0);
    if (beforeProt === lead || beforeProt === lead + 1)
      return { lead, hasTarget: beforeProt === lead + 1 };
    return null;
  }
  // No header seen (an excerpt): infer from the shape of the leading words.
  const counts = (k: number): boolean => !Number.isNaN(parseCount(words[k] ?? ''));
  let lead = 0;
  if (beforeProt >= 3 && isDigits(words[0] ?? '') && counts(1) && counts(2)) lead = 3;
  else if (beforeProt >= 2 && counts(0) && counts(1)) lead = 2;
  if (lead === 2) state.isVerbose = true;
  return { lead, hasTarget: beforeProt > lead };
}

function readRow(
  b: RulesetBuilder,
  line: string,
  lineNo: number,
  words: readonly string[],
  warnings: WarningList,
  state: ListState,
): boolean {
  const layout = layoutFor(words, state);
  if (layout === null) return false;
  const verbose = state.isVerbose === true || layout.lead >= 2;
  let k = 0;
  const rule: ListRule = {
    chain: state.chain ?? UNKNOWN_CHAIN,
    index: 0,
    line: lineNo,
    raw: line,
    extra: '',
    ...emptySpec(),
  };
  if (state.chain === null && !state.hasWarnedOrphan) {
    warnings.add(lineNo, 'rows before any "Chain" header: chain name unknown', clip(line));
    state.hasWarnedOrphan = true;
  }
  if (layout.lead === 1 || layout.lead === 3) k++;
  if (layout.lead >= 2) {
    rule.counters = countersFrom(words[k] ?? '', words[k + 1] ?? '');
    if (rule.counters === null) warnings.add(lineNo, 'counters are not numbers', clip(line));
    k += 2;
  }
  const target = layout.hasTarget ? (words[k++] ?? null) : null;
  const prot = words[k++] ?? 'all';
  const opt = words[k++] ?? '--';
  if (prot !== 'all' && prot !== '0') {
    const neg = prot.startsWith('!');
    rule.protocol = { isNegated: neg, name: neg ? prot.slice(1) : prot };
  }
  if (opt === '-f') rule.fragment = true;
  else if (opt === '!f') rule.fragment = false;
  if (verbose) {
    rule.inInterface = interfaceSpec(words[k++] ?? '*', false);
    rule.outInterface = interfaceSpec(words[k++] ?? '*', false);
  }
  rule.source = address(words[k++]);
  rule.destination = address(words[k++]);
  if (k > words.length) {
    warnings.add(lineNo, 'row has fewer columns than its header', clip(line));
  }
  const extraStart = bounds[k * 2];
  rule.extra = extraStart === undefined ? '' : line.slice(extraStart).trimEnd();
  const problem = readListExtra(rule.extra, target, rule);
  if (problem !== null) warnings.add(lineNo, problem, clip(line));
  if (rule.problem !== null) warnings.add(lineNo, rule.problem, clip(line));
  state.hasList = true;
  const chain = b.chainAt(rule.chain, 0, rule.chain.length, lineNo);
  b.addRule(chain, b.store.addObject(rule));
  return true;
}

function address(text: string | undefined): AddressSpec | null {
  if (text === undefined) return null;
  const neg = text.startsWith('!');
  const a = neg ? text.slice(1) : text;
  if (a === '0.0.0.0/0' || a === '::/0' || a === 'anywhere') return null;
  return { isNegated: neg, address: a };
}
