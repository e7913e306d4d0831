export { parseIptables, type IptablesParseOptions } from './parse-iptables';
export { tokenizeInto } from './tokenize';
export type * from './types';
export {
  chainAtPosition,
  chainCountOf,
  chainPosition,
  findChain,
  ruleCountOf,
  ruleLineOf,
} from './stored-table';
export { quickSummarize, QUICK_FULL, QUICK_NONE, QUICK_TARGET } from './quick-summary';
export { newSummary, summarizeRule, type RuleSummary, type SummaryTarget } from './rule-summary';
