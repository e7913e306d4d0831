export { parseIptables, type IptablesParseOptions } from './parse-iptables';
export { tokenizeInto } from './tokenize';
export type * from './types';
export { findChain } from './stored-table';
export { newSummary, summarizeRule, type RuleSummary, type SummaryTarget } from './rule-summary';
