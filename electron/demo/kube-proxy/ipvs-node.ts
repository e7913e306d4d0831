/**
 * One node's IPVS-mode view for the commands: the running mode applied to kube-proxy's input, the
 * virtual servers, the ipsets and the kube-ipvs0 addresses, all derived from that one input so
 * ipvsadm, ipset, ip addr and iptables agree.
 */
import type { ClusterStore } from '../model/store';
import type { Cluster } from '../model/types';
import { buildIpsets, type KubeIpset } from './ipsets';
import type { IpvsNodeState } from './ipvs-state';
import { buildIpvsTable, kubeIpvsAddresses, type VirtualServer } from './ipvs-table';
import { runningProxyMode } from './mode-state';
import { ipvsStateOf } from './node-registry';
import type { KubeProxyInput } from './types';

/** kube-proxy's input with the lab's running mode (unchanged in iptables mode). */
export function withProxyMode(input: KubeProxyInput, cluster: Cluster): KubeProxyInput {
  const running = runningProxyMode(cluster);
  return running.mode === 'ipvs'
    ? { ...input, mode: 'ipvs', ipvsScheduler: running.scheduler }
    : input;
}

export interface IpvsNodeView {
  isIpvs: boolean;
  /** Empty in iptables mode: kube-proxy programs no virtual servers then. */
  servers: VirtualServer[];
  ipsets: KubeIpset[];
  /** Addresses on kube-ipvs0 (the cluster IPs). */
  vips: string[];
  state: IpvsNodeState;
}

/** The node's IPVS view for an input that already carries the mode (see {@link withProxyMode}). */
export function ipvsNodeView(
  store: ClusterStore,
  hostId: string,
  input: KubeProxyInput,
): IpvsNodeView {
  const isIpvs = input.mode === 'ipvs';
  return {
    isIpvs,
    servers: isIpvs ? buildIpvsTable(input) : [],
    ipsets: isIpvs ? buildIpsets(input) : [],
    vips: isIpvs ? kubeIpvsAddresses(input) : [],
    state: ipvsStateOf(store, hostId),
  };
}
