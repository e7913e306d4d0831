export { parseTcpdump, parseTcpdumpLines, sameSegment } from './parse';
export type * from './types';
