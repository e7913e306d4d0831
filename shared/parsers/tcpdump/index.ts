export { parseTcpdump, sameSegment } from './parse';
export type * from './types';
