export { ChainWalker, type ChainOutcome } from './chain-walker';
export {
  IptablesServiceResolver,
  servicesFromIptables,
  type IptablesServiceOptions,
} from './from-iptables';
export { parseServiceComment, type ServiceComment } from './service-comment';
export * from './types';
export { ipvsShares, servicesFromIpvs, type IpvsServiceOptions } from './from-ipvs';
