/**
 * One EKS node's iptables state as kube-proxy (iptables mode), the kubelet and the AWS VPC CNI
 * leave it, rendered in the exact formats of iptables-nft 1.8.9.
 *
 * - `buildRuleset(input)` turns the node and the cluster's Service ports into a `Ruleset`.
 * - `renderIptablesSave`, `renderIptablesRules` (`-S`) and `renderIptablesList` (`-L`) print it.
 * - `CounterStore` holds packet/byte counters; `traverse` walks a packet through a table and
 *   moves them; `runIptablesCommand` answers an argv with the real tools' output and errors.
 */
export type {
  AddressMatch,
  Chain,
  ChainOrigin,
  CtState,
  EndpointInput,
  InterfaceMatch,
  KubeProxyInput,
  Match,
  NodeInput,
  Protocol,
  Rule,
  Ruleset,
  ServicePortInput,
  Table,
  TableName,
  Target,
} from './types';
export { buildRuleset, findChain, getTable } from './build-ruleset';
export {
  endpointChainName,
  externalChainName,
  portProtoHash,
  serviceChainName,
  serviceLocalChainName,
  servicePortName,
} from './chain-names';
export {
  effectiveShares,
  formatFixed,
  kubeProxyProbability,
  renderProbability,
  storedProbability,
  storedToProbability,
} from './probability';
export { CounterStore, type Counter, type CounterSlot } from './counters';
export { ruleSpec } from './rule-spec';
export type { ResolveAddress } from './list-cells';
export { formatCount, renderIptablesList, type ListOptions } from './render-list';
export {
  IPTABLES_VERSION,
  renderIptablesRules,
  renderIptablesSave,
  type RulesOptions,
  type SaveOptions,
} from './render-save';
export {
  seededRandom,
  traverse,
  type RecentTable,
  type SimPacket,
  type TraceStep,
  type TraverseOptions,
  type TraverseResult,
} from './traverse';
export {
  IPTABLES_PROGRAMS,
  runIptables,
  runIptablesCommand,
  runIptablesSave,
  type CommandResult,
  type IptablesContext,
} from './run-iptables';
