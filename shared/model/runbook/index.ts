export * from './schema';
export { fieldPath, formatRunbookError, loadRunbook, refsIn } from './load';
export type { LoadResult, RunbookError } from './load';
export * from './variables';
export * from './predicates';
export * from './journal';
