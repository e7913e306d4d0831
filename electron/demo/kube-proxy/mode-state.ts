/**
 * The demo cluster's kube-proxy configuration: its ConfigMap (`kube-system/kube-proxy-config`,
 * key `config`, as on EKS) and the mode the kube-proxy pods run with. Editing the ConfigMap
 * changes nothing until `kubectl -n kube-system rollout restart ds kube-proxy`, as seed 003 shows;
 * then every node runs the configured mode.
 *
 * The state belongs to a ClusterStore (one per demo lab). Renderers that only see a Cluster value
 * (`ip addr`'s kube-ipvs0) find it through the store's current and later values.
 */
import { readProxyConfigMode } from '../../../shared/model/kube-proxy/proxy-config';
import type { ClusterStore } from '../model/store';
import type { Cluster } from '../model/types';

/** The ConfigMap EKS ships, with the key kube-proxy reads. */
export const PROXY_CONFIG_MAP = { name: 'kube-proxy-config', key: 'config' } as const;

/** EKS 1.31's kube-proxy configuration, as `kubectl get cm kube-proxy-config` shows it. */
export const EKS_PROXY_CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  acceptContentTypes: ""
  burst: 10
  contentType: application/vnd.kubernetes.protobuf
  kubeconfig: /var/lib/kube-proxy/kubeconfig
  qps: 5
clusterCIDR: ""
configSyncPeriod: 15m0s
conntrack:
  maxPerCore: 32768
  min: 131072
  tcpCloseWaitTimeout: 1h0m0s
  tcpEstablishedTimeout: 24h0m0s
enableProfiling: false
healthzBindAddress: 0.0.0.0:10256
hostnameOverride: ""
iptables:
  masqueradeAll: false
  masqueradeBit: 14
  minSyncPeriod: 0s
  syncPeriod: 30s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  syncPeriod: 30s
kind: KubeProxyConfiguration
metricsBindAddress: 0.0.0.0:10249
mode: "iptables"
nodePortAddresses: null
oomScoreAdj: -998
portRange: ""
udpIdleTimeout: 250ms`;

/** What kube-proxy runs with on every node. */
export interface RunningProxyMode {
  mode: 'iptables' | 'ipvs';
  /** IPVS scheduler (rr when the ConfigMap leaves it empty). */
  scheduler: string;
}

export interface ProxyConfigState {
  /** The ConfigMap's `config` text as last applied. */
  configText: string;
  /** Bumped on every ConfigMap change (its resourceVersion). */
  generation: number;
  /** When the ConfigMap was created and last changed (epoch ms). */
  createdAt: number;
  /** Set by a rollout restart: the mode the pods started with. */
  running: RunningProxyMode;
  restartedAt: number | null;
}

const byStore = new WeakMap<ClusterStore, ProxyConfigState>();
const byCluster = new WeakMap<Cluster, ProxyConfigState>();

/** The mode a configuration text asks for (an empty or unknown mode means iptables on Linux). */
export function requestedMode(configText: string): RunningProxyMode {
  const { mode, scheduler } = readProxyConfigMode(configText);
  return { mode: mode === 'ipvs' ? 'ipvs' : 'iptables', scheduler: scheduler ?? 'rr' };
}

/** The store's kube-proxy state, created (iptables mode) on first use. */
export function proxyConfigState(store: ClusterStore): ProxyConfigState {
  let state = byStore.get(store);
  if (state !== undefined) return state;
  state = {
    configText: EKS_PROXY_CONFIG,
    generation: 1,
    createdAt: store.cluster.createdAt,
    running: requestedMode(EKS_PROXY_CONFIG),
    restartedAt: null,
  };
  byStore.set(store, state);
  byCluster.set(store.cluster, state);
  const own = state;
  store.subscribe((cluster) => byCluster.set(cluster, own));
  return state;
}

/** The mode kube-proxy runs with in this cluster value's lab (iptables when nothing set one). */
export function runningProxyMode(cluster: Cluster): RunningProxyMode {
  return byCluster.get(cluster)?.running ?? { mode: 'iptables', scheduler: 'rr' };
}

/** `kubectl patch cm kube-proxy-config`: the new text is stored; the pods keep their mode. */
export function setProxyConfigText(store: ClusterStore, text: string): void {
  const state = proxyConfigState(store);
  if (state.configText === text) return;
  state.configText = text;
  state.generation += 1;
}

/** `kubectl rollout restart ds kube-proxy`: the pods come back with the configured mode. */
export function restartKubeProxy(store: ClusterStore, now: number): RunningProxyMode {
  const state = proxyConfigState(store);
  state.running = requestedMode(state.configText);
  state.restartedAt = now;
  return state.running;
}
