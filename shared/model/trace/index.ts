export { buildTrace } from './build-trace';
export { parseResolvConf, queryOrder, clusterDomain, type ResolvConf } from './resolv';
export {
  routeFor,
  lookupTable,
  tableName,
  type RouteDecision,
  type RouteQuery,
} from './policy-routing';
export type * from './types';
export { parseTraceFrom, parseTraceTarget, traceFromText, type TraceFrom } from './spec';
export {
  checkSteps,
  findEntry,
  type StepCheck,
  type StepStatus,
  type VerifyResult,
} from './verify-check';
