import { HAS_BACKSLASH, HAS_BAD_TOKENS, HAS_PROBABILITY } from './rule-store';
import { StoredChain, StoredTable } from './stored-table';
import { reset, targetOf, type RuleSummary, type SummaryTarget } from './summary-basics';
import type { IptablesChain, IptablesTable } from './types';
import { splitHostPort } from './values';

/** {@link quickSummarize}: nothing was read; call {@link summarizeRule}. */
export const QUICK_NONE = 0;
/** {@link quickSummarize}: `target`, `targetChain` and (for DNAT) the destination are known. */
export const QUICK_TARGET = 1;
/**
 * {@link quickSummarize}: the rule is kube-proxy's canonical form (comments, an optional random
 * statistic, the target), so `probability` is known and there are no other conditions.
 */
export const QUICK_FULL = 2;

const COMMENT_OPTION = ' -m comment --comment ';
const STATISTIC_OPTION = ' -m statistic --mode random --probability ';

/**
 * Reads a stored rule without tokenizing it, for the rules that make up most of a kube-proxy
 * dump. It first tries kube-proxy's exact layout, `-m comment --comment "…" [-m statistic --mode
 * random --probability P] -j TARGET …`; failing that it finds `-j NAME` (checked to lie outside
 * quotes). For DNAT it also reads `--to-destination`. Returns {@link QUICK_FULL},
 * {@link QUICK_TARGET} or {@link QUICK_NONE} (a rule kept as an object, escapes, a DNAT with a
 * statistic match, no `-j`); only the fields named there are set, the rest is left reset.
 *
 * A target found in `knownNames` is returned as that very string, so a caller that checks
 * `targetChain` against names it already holds (KUBE-MARK-MASQ) makes no new string per rule.
 * When `table` is given, a jump's chain is looked up there by the name as it lies in the text:
 * `targetRef` is that chain and `targetChain` its name (again no new string).
 */
export function quickSummarize(
  chain: IptablesChain,
  index: number,
  out: RuleSummary,
  knownNames: readonly string[] = NO_NAMES,
  table: IptablesTable | null = null,
): number {
  if (!(chain instanceof StoredChain)) return QUICK_NONE;
  const id = chain.ruleId(index);
  const store = chain.store;
  const start = store.optionsAt[id] as number;
  const flags = store.flags[id] as number;
  if (start < 0 || (flags & (HAS_BACKSLASH | HAS_BAD_TOKENS)) !== 0) return QUICK_NONE;
  reset(out);
  const text = store.text;
  const end = store.lineEnd[id] as number;
  let pos = start;
  // The character checks skip most rules before a full comparison is needed.
  while (text.charCodeAt(pos + 4) === 99 /* c */ && text.startsWith(COMMENT_OPTION, pos)) {
    const v = pos + COMMENT_OPTION.length;
    const close = text.charCodeAt(v) === 34 ? text.indexOf('"', v + 1) + 1 : text.indexOf(' ', v);
    if (close <= v || close > end) return QUICK_NONE;
    pos = close;
  }
  if (text.charCodeAt(pos + 4) === 115 /* s */ && text.startsWith(STATISTIC_OPTION, pos)) {
    const v = pos + STATISTIC_OPTION.length;
    let sp = text.indexOf(' ', v);
    if (sp < 0 || sp > end) sp = end;
    out.probability = numberAt(text, v, sp);
    pos = sp;
  }
  let j = pos;
  let isCanonical = text.charCodeAt(pos + 2) === 106 /* j */ && text.startsWith(' -j ', pos);
  let nameEnd = isCanonical ? endOfWord(text, j + 4, end) : end;
  // kube-proxy's jumps end the line; anything after the name means another layout.
  if (isCanonical && nameEnd !== end && !text.startsWith(' --to-destination ', nameEnd))
    isCanonical = false;
  if (!isCanonical) {
    out.probability = NaN;
    const found = lastJump(text, start, end);
    if (found === -1) return QUICK_NONE;
    j = found < 0 ? ~found : found;
    // Quotes are balanced on the line; only a quote after the -j can put it inside quotes.
    if (found < 0) {
      let quotes = 0;
      for (let q = text.indexOf('"', start); q >= 0 && q < j; q = text.indexOf('"', q + 1))
        quotes++;
      if (quotes % 2 !== 0) return QUICK_NONE;
    }
    nameEnd = endOfWord(text, j + 4, end);
  }
  const known = knownAt(text, j + 4, nameEnd, knownNames);
  out.target = known !== undefined ? 'jump' : targetAt(text, j + 4, nameEnd);
  if (out.target === 'jump') {
    if (known !== undefined) out.targetChain = known;
    else {
      const ref = table instanceof StoredTable ? table.lookupAt(text, j + 4, nameEnd) : undefined;
      out.targetRef = ref ?? null;
      out.targetChain = ref?.name ?? text.slice(j + 4, nameEnd);
    }
  }
  if (out.target === 'dnat') {
    if (!isCanonical && (flags & HAS_PROBABILITY) !== 0) return QUICK_NONE;
    if (!text.startsWith(' --to-destination ', nameEnd)) return QUICK_NONE;
    const to = nameEnd + 1;
    const valueEnd = endOfWord(text, to + 17, end);
    if (isCanonical && valueEnd !== end) return QUICK_NONE;
    hostPortAt(text, to + 17, valueEnd, out);
  } else if (!isCanonical && nameEnd !== end) {
    return QUICK_NONE; // options after a chain or verdict: not a layout this reader trusts
  }
  return isCanonical ? QUICK_FULL : QUICK_TARGET;
}

const NO_NAMES: readonly string[] = [];

/** 10^k for the exact decimal fast path of {@link numberAt}. */
const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * `Number(text.slice(start, end))` without the slice for plain decimals such as `0.10000000009`:
 * with at most 15 digits the digits form an exact integer and 10^k is exact, so one IEEE division
 * rounds exactly as `Number` does. Anything else goes to `Number`.
 */
export function numberAt(text: string, start: number, end: number): number {
  let mantissa = 0;
  let digits = 0;
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    } else if (c === 46 && dot < 0) dot = i;
    else return Number(text.slice(start, end));
  }
  const scale = dot < 0 ? 0 : end - dot - 1;
  if (digits === 0 || digits > 15 || scale > 22 || dot === start || dot === end - 1)
    return Number(text.slice(start, end));
  return scale === 0 ? mantissa : mantissa / (POWERS[scale] as number);
}

/**
 * `splitHostPort(text.slice(start, end))` into `out.dnatIp`/`out.dnatPort`, slicing only the
 * address when the value is a plain `a.b.c.d:port`; other shapes go to `splitHostPort`.
 */
function hostPortAt(text: string, start: number, end: number, out: RuleSummary): void {
  let colon = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 58 /* : */) {
      if (colon >= 0) colon = -2;
      else colon = i;
    } else if ((c < 48 || c > 57) && c !== 46) {
      colon = -2;
      break;
    }
  }
  if (colon > start && end - colon >= 2 && end - colon <= 6) {
    out.dnatIp = text.slice(start, colon);
    let port = 0;
    for (let i = colon + 1; i < end; i++) port = port * 10 + (text.charCodeAt(i) - 48);
    out.dnatPort = port;
    return;
  }
  const hp = splitHostPort(text.slice(start, end));
  out.dnatIp = hp.ip;
  out.dnatPort = hp.port;
}

function knownAt(
  text: string,
  start: number,
  end: number,
  names: readonly string[],
): string | undefined {
  for (const name of names)
    if (name.length === end - start && text.startsWith(name, start)) return name;
  return undefined;
}

/** The kind of the target named `text[start, end)`, without slicing the common ones. */
function targetAt(text: string, start: number, end: number): SummaryTarget {
  const c = text.charCodeAt(start);
  const len = end - start;
  if (c === 75 /* K */ && text.startsWith('KUBE-', start)) return 'jump';
  if ((len === 4 || len === 6 || len === 10) && c >= 65 && c <= 90) {
    for (const [literal, kind] of VERDICT_LIST) {
      if (literal.length === len && text.startsWith(literal, start)) return kind;
    }
  }
  return targetOf(text.slice(start, end));
}

const VERDICT_LIST: readonly (readonly [string, SummaryTarget])[] = [
  ['DNAT', 'dnat'],
  ['MARK', 'mark'],
  ['DROP', 'drop'],
  ['SNAT', 'snat'],
  ['ACCEPT', 'accept'],
  ['RETURN', 'return'],
  ['REJECT', 'reject'],
  ['MASQUERADE', 'masquerade'],
];

/** End of the word starting at `from` (the next space, or `end`). */
function endOfWord(text: string, from: number, end: number): number {
  const sp = text.indexOf(' ', from);
  return sp < 0 || sp > end ? end : sp;
}

/**
 * The last ` -j ` of `text[start, end)`, scanning back from the end: iptables prints the target
 * last, so it is a few characters away, where a forward multi-character search would start over
 * at every rule. Returns its position, or `~position` when a quote follows it on the line (so it
 * might be quoted text), or -1 when there is none or a ` -g ` follows it.
 */
function lastJump(text: string, start: number, end: number): number {
  let hasQuoteAfter = false;
  for (let i = end - 4; i >= start; i--) {
    const c = text.charCodeAt(i + 3);
    if (c === 34) hasQuoteAfter = true;
    else if (c === 32 && text.charCodeAt(i + 1) === 45 && text.charCodeAt(i) === 32) {
      const letter = text.charCodeAt(i + 2);
      if (letter === 106) return hasQuoteAfter ? ~i : i;
      if (letter === 103) return -1;
    }
  }
  return -1;
}
