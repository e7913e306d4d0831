/**
 * Kubernetes objects as read from `kubectl get … -o json`. Each record keeps `path`, its place in
 * the document (`items[3]`, or `` for a single object), so warnings and views can point back.
 */
export interface KubeRef {
  path: string;
}

/** An owner reference (`ReplicaSet nginx-7fb78fb6d8`, `DaemonSet aws-node`). */
export interface KubeOwner {
  kind: string;
  name: string;
  controller?: boolean;
}

/** A container port from the pod spec. */
export interface KubeContainerPort {
  name?: string;
  containerPort: number;
  protocol: string;
  hostPort?: number;
}

/** A container or init container; a native sidecar is an init container with `restartPolicy: Always`. */
export interface KubeContainer {
  name: string;
  image?: string;
  ports: KubeContainerPort[];
  isSidecar?: boolean;
}

/** A Pod: where it runs and which addresses it has. */
export interface KubePod extends KubeRef {
  namespace: string;
  name: string;
  uid?: string;
  labels: Record<string, string>;
  podIP?: string;
  /** `status.podIPs[].ip`; falls back to `[podIP]` on older API servers that lack the list. */
  podIPs: string[];
  hostIP?: string;
  hostIPs: string[];
  nodeName?: string;
  phase?: string;
  /** True for `hostNetwork: true` pods (aws-node, kube-proxy…), whose IP is the node's. */
  hostNetwork: boolean;
  ownerReferences: KubeOwner[];
  containers: KubeContainer[];
  initContainers: KubeContainer[];
}

/** A Node: addresses, the EC2 instance behind it, and its pod capacity. */
export interface KubeNode extends KubeRef {
  name: string;
  labels: Record<string, string>;
  internalIPs: string[];
  externalIPs: string[];
  hostname?: string;
  providerID?: string;
  /** From `providerID` `aws:///<zone>/<instance-id>`. */
  instanceId?: string;
  /** Zone from `providerID`, else the `topology.kubernetes.io/zone` label. */
  zone?: string;
  /** Label `node.kubernetes.io/instance-type` (or the beta label). */
  instanceType?: string;
  podCIDR?: string;
  podCIDRs: string[];
  allocatablePods?: number;
  capacityPods?: number;
  /** The `Ready` condition; absent when the node reports none. */
  ready?: boolean;
  kubeletVersion?: string;
}

/** A Service port. `targetPort` is a number or a named container port. */
export interface KubeServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol: string;
}

/** A Service: its virtual IPs, ports and how it picks endpoints. */
export interface KubeService extends KubeRef {
  namespace: string;
  name: string;
  type: string;
  /** `None` for a headless Service. */
  clusterIP?: string;
  clusterIPs: string[];
  isHeadless: boolean;
  externalIPs: string[];
  /** `status.loadBalancer.ingress[]`: an IP or a hostname each. */
  loadBalancerIngress: string[];
  ports: KubeServicePort[];
  selector: Record<string, string>;
  sessionAffinity?: string;
  sessionAffinityTimeoutSeconds?: number;
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  healthCheckNodePort?: number;
}

/** One endpoint of an EndpointSlice. */
export interface KubeEndpoint {
  addresses: string[];
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  nodeName?: string;
  zone?: string;
  targetRef?: { kind: string; name: string; namespace?: string };
}

/** An EndpointSlice: the endpoints behind (part of) one Service. */
export interface KubeEndpointSlice extends KubeRef {
  namespace: string;
  name: string;
  /** Label `kubernetes.io/service-name`. */
  serviceName?: string;
  addressType?: string;
  endpoints: KubeEndpoint[];
  ports: { name?: string; port?: number; protocol: string }[];
}

/** Everything one `kubectl get … -o json` document held, sorted by kind. */
export interface KubeObjects {
  pods: KubePod[];
  nodes: KubeNode[];
  services: KubeService[];
  endpointSlices: KubeEndpointSlice[];
  /** Objects of other kinds, listed so a view can say what it skipped. */
  other: { kind: string; name?: string; path: string }[];
}
