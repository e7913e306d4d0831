import { HAS_BACKSLASH } from './rule-store';
import { scanText } from './scan-text';
import { StoredChain } from './stored-table';
import {
  NEUTRAL_MODULES,
  newSummary,
  reset,
  VERDICTS,
  type RuleSummary,
  type SummaryTarget,
} from './summary-basics';
import { decodeRuleOptions } from './saved-rule';
import type { IptablesChain, IptablesRuleSpec } from './types';

export { newSummary, type RuleSummary, type SummaryTarget };

/**
 * Summarizes rule `index` (0-based) of `chain` into `out`. Rules stored as text are scanned in
 * place; others are read from their decoded fields. Comments are skipped unless wanted, as they
 * are the costliest part of a kube-proxy rule to copy out.
 */
export function summarizeRule(
  chain: IptablesChain,
  index: number,
  out: RuleSummary,
  wantComments = true,
): void {
  reset(out);
  if (chain instanceof StoredChain) {
    const id = chain.ruleId(index);
    const store = chain.store;
    const at = store.optionsAt[id] as number;
    if (at >= 0) {
      const hasNoBackslash = ((store.flags[id] as number) & HAS_BACKSLASH) === 0;
      const text = store.text;
      if (scanText(text, at, store.lineEnd[id] as number, out, wantComments, hasNoBackslash))
        return;
      reset(out);
      const start = store.lineStart[id] as number;
      fromRule(decodeRuleOptions(text.slice(start, store.lineEnd[id]), at - start), out);
      return;
    }
  }
  const rule = chain.rules[index];
  if (rule !== undefined) fromRule(rule, out);
}

function fromRule(rule: IptablesRuleSpec, out: RuleSummary): void {
  const t = rule.target;
  if (t !== null) {
    if (t.kind === 'jump' || t.kind === 'goto') {
      out.target = t.kind;
      out.targetChain = t.chain;
    } else if (t.kind === 'verdict') out.target = VERDICTS[t.verdict] ?? 'other';
    else if (t.kind === 'dnat') {
      out.target = 'dnat';
      out.dnatIp = t.ip;
      out.dnatPort = t.port;
    } else if (
      t.kind === 'reject' ||
      t.kind === 'mark' ||
      t.kind === 'masquerade' ||
      t.kind === 'snat'
    )
      out.target = t.kind;
    else out.target = 'other';
  }
  out.destination = rule.destination?.address ?? null;
  out.isDestinationNegated = rule.destination?.isNegated ?? false;
  out.source = rule.source?.address ?? null;
  out.isSourceNegated = rule.source?.isNegated ?? false;
  out.protocol = rule.protocol?.name ?? null;
  if (rule.inInterface !== null || rule.outInterface !== null || rule.source !== null)
    out.hasOtherConditions = true;
  for (const m of rule.matches) {
    if (m.kind === 'comment') out.comments.push(m.text);
    else if (m.kind === 'ports') {
      const first = (m.dport ?? m.ports)?.ranges[0];
      if (first !== undefined && out.dport === null) out.dport = first.from;
    } else if (m.kind === 'statistic') {
      if (m.mode === 'random' && m.probability !== null) out.probability = m.probability;
    } else if (m.kind === 'recent') {
      out.recentAction = m.action;
      out.recentSeconds = m.seconds;
    } else if (m.kind === 'addrtype') {
      if (m.dstType !== null && !m.dstType.isNegated && m.dstType.types.includes('LOCAL'))
        out.isDstLocal = true;
      if (m.srcType !== null || m.dstType?.isNegated === true) out.hasOtherConditions = true;
    } else if (!NEUTRAL_MODULES.has(m.module)) out.hasOtherConditions = true;
  }
}
