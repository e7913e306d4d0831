export { isDnat, isSnat, isUntranslatedServiceEntry, natSummary } from './nat';
export { parseConntrack } from './parse-conntrack';
export type * from './types';
