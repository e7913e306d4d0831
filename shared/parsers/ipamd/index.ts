export { parseIpamdEnis } from './enis';
export { parseIpamdPods } from './pods';
export type * from './types';
