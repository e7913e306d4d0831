/**
 * What the topology collector read from each host, already parsed: the input of
 * `mergeTopology`. Every field is optional because every source is: a source that failed is
 * absent here and a warning in `warnings`.
 */
import type { AwsEni, AwsInstance, AwsPeering, AwsSubnet, AwsVpc } from '../parsers/aws';
import type { IpamdEnis } from '../parsers/ipamd';
import type { IpLink, IpRoute, IpRule } from '../parsers/ip';
import type { KubeObjects } from '../parsers/kubectl';
import type { WarmPoolSettings } from './eni-warm-pool';
import type { CollectWarning } from './lab-overview';
import type { NodeLimits } from './topology';
import type { LinkDetails } from './topology-overlay';

/** A workspace host as the merge needs it: its id, the name sources are labelled with, its address. */
export interface FactsHost {
  id: string;
  name: string;
  address: string;
}

/** The operator host's answers: `aws ec2 describe-…` and `kubectl get … -o json`. */
export interface OperatorFacts {
  host: FactsHost;
  vpcs?: AwsVpc[];
  subnets?: AwsSubnet[];
  peerings?: AwsPeering[];
  instances?: AwsInstance[];
  enis?: AwsEni[];
  kube?: KubeObjects;
  /** The host kubectl ran on, when it is not `host` (this machine, another workspace host). */
  kubeHost?: FactsHost;
  /** The aws-node DaemonSet's warm-pool env. */
  warmPool?: WarmPoolSettings;
}

/** One ENI as instance metadata describes it under `network/interfaces/macs/<mac>/`. */
export interface ImdsEniFacts {
  mac: string;
  deviceNumber?: number;
  interfaceId?: string;
  /** Primary first. */
  localIpv4s: string[];
  subnetId?: string;
  vpcId?: string;
}

/** One node's own answers: `ip -j addr|rule|route`, instance metadata and ipamd. */
export interface NodeFacts {
  host: FactsHost;
  links?: IpLink[];
  /** `ip -j -d link`: each link's kind and tunnel settings. */
  linkDetails?: LinkDetails[];
  rules?: IpRule[];
  routes?: IpRoute[];
  imds?: ImdsEniFacts[];
  ipamd?: IpamdEnis;
}

/** Everything one collection read. */
export interface TopologyFacts {
  workspaceId: string;
  collectedAt: string;
  durationMs: number;
  operator?: OperatorFacts;
  nodes: NodeFacts[];
  warnings: CollectWarning[];
  /** The VPC CNI's limits for an instance type, when the app ships its table. */
  limitsOf?: (instanceType: string) => NodeLimits | undefined;
}

/** The label of a source: the command and the host, e.g. `ip -j addr @node1`. */
export function sourceLabel(command: string, host: FactsHost): string {
  return `${command} @${host.name}`;
}

/** The commands the labels name, so views and tests agree on them. */
export const SOURCE = {
  vpcs: 'aws ec2 describe-vpcs',
  subnets: 'aws ec2 describe-subnets',
  peerings: 'aws ec2 describe-vpc-peering-connections',
  instances: 'aws ec2 describe-instances',
  enis: 'aws ec2 describe-network-interfaces',
  kubectl: 'kubectl get nodes,pods,svc,endpointslices -A -o json',
  awsNode: 'kubectl get ds aws-node -n kube-system -o json',
  ipAddr: 'ip -j addr',
  ipLink: 'ip -j -d link',
  ipRule: 'ip -j rule',
  ipRoute: 'ip -j route show table all',
  imds: 'imds',
  ipamd: 'ipamd /v1/enis',
} as const;
