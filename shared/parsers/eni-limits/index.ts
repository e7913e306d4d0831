export {
  MAX_PODS_CEILING_HIGH_CPU,
  MAX_PODS_CEILING_LOW_CPU,
  maxPods,
  type MaxPodsOptions,
} from './max-pods';
export {
  findInstanceType,
  parseEniLimitsTsv,
  parseEniMaxPods,
  type EniLimit,
  type EniMaxPodsEntry,
} from './tables';
