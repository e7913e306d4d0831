export { parseKubectlJson } from './json';
export { cellValue, parseKubectlTable, type KubectlRow, type KubectlTable } from './table';
export {
  parseKubectlNodesWide,
  parseKubectlPodsWide,
  parseKubectlServicesWide,
  type KubectlNodeRow,
  type KubectlPodRow,
  type KubectlServiceRow,
} from './wide';
export type * from './types';
