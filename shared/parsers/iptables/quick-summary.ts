import { HAS_BACKSLASH, HAS_PROBABILITY, HAS_QUOTE } from './rule-store';
import { StoredChain } from './stored-table';
import { reset, targetOf, type RuleSummary } from './summary-basics';
import type { IptablesChain } from './types';
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
 */
export function quickSummarize(chain: IptablesChain, index: number, out: RuleSummary): number {
  if (!(chain instanceof StoredChain)) return QUICK_NONE;
  const id = chain.ruleIds[index] as number;
  const store = chain.store;
  const start = store.optionsAt[id] as number;
  const flags = store.flags[id] as number;
  if (start < 0 || (flags & HAS_BACKSLASH) !== 0) return QUICK_NONE;
  reset(out);
  const text = store.text;
  const end = store.lineEnd[id] as number;
  let pos = start;
  while (text.startsWith(COMMENT_OPTION, pos)) {
    const v = pos + COMMENT_OPTION.length;
    const close = text.charCodeAt(v) === 34 ? text.indexOf('"', v + 1) + 1 : text.indexOf(' ', v);
    if (close <= v || close > end) return QUICK_NONE;
    pos = close;
  }
  if (text.startsWith(STATISTIC_OPTION, pos)) {
    const v = pos + STATISTIC_OPTION.length;
    let sp = text.indexOf(' ', v);
    if (sp < 0 || sp > end) sp = end;
    out.probability = Number(text.slice(v, sp));
    pos = sp;
  }
  let j = pos;
  const isCanonical = text.startsWith(' -j ', pos);
  if (!isCanonical) {
    out.probability = NaN;
    j = text.indexOf(' -j ', start);
    if (j < 0 || j >= end) return QUICK_NONE;
    if ((flags & HAS_QUOTE) !== 0) {
      let quotes = 0;
      for (let q = text.indexOf('"', start); q >= 0 && q < j; q = text.indexOf('"', q + 1))
        quotes++;
      if (quotes % 2 !== 0) return QUICK_NONE;
    }
  }
  let nameEnd = text.indexOf(' ', j + 4);
  if (nameEnd < 0 || nameEnd > end) nameEnd = end;
  const name = text.slice(j + 4, nameEnd);
  out.target = targetOf(name);
  if (out.target === 'jump') out.targetChain = name;
  if (out.target === 'dnat') {
    if (!isCanonical && (flags & HAS_PROBABILITY) !== 0) return QUICK_NONE;
    const to = text.indexOf('--to-destination ', nameEnd);
    if (to < 0 || to >= end) return QUICK_NONE;
    let valueEnd = text.indexOf(' ', to + 17);
    if (valueEnd < 0 || valueEnd > end) valueEnd = end;
    const hp = splitHostPort(text.slice(to + 17, valueEnd));
    out.dnatIp = hp.ip;
    out.dnatPort = hp.port;
  }
  return isCanonical ? QUICK_FULL : QUICK_TARGET;
}
