/**
 * The pure merge of one collection's parsed sources into the `Topology` model, by stable keys:
 * MAC ↔ interface, IP ↔ pod, providerID ↔ instance id, node ↔ workspace host by its primary IP.
 * Nothing is guessed: a fact no source told stays absent, and each entity lists its sources.
 */
import type { AwsEni, AwsInstance } from '../parsers/aws';
import type { IpRoute } from '../parsers/ip';
import type { KubeNode, KubeObjects, KubePod } from '../parsers/kubectl';
import { mergeNodeEnis } from './topology-enis';
import { nodeOverlay } from './topology-overlay';
import { topologyRoutes, topologyRules } from './topology-routes';
import {
  SOURCE,
  sourceLabel,
  type NodeFacts,
  type OperatorFacts,
  type TopologyFacts,
} from './topology-facts';
import type {
  Topology,
  TopologyNode,
  TopologyOperator,
  TopologyOverlay,
  TopologyPod,
  TopologyService,
} from './topology';

export * from './topology-facts';

/** Merges one collection's facts into the topology model. Never throws. */
export function mergeTopology(facts: TopologyFacts): Topology {
  const op = facts.operator;
  const label = (command: string): string => (op ? sourceLabel(command, op.host) : command);
  const kube = op?.kube;
  const podsByIp = new Map<string, KubePod>();
  for (const pod of kube?.pods ?? [])
    if (pod.podIP && !pod.hostNetwork) podsByIp.set(pod.podIP, pod);

  const nodes = facts.nodes.map((n) => mergeNode(n, op, podsByIp, facts));
  const pods = mergePods(facts, nodes);
  return {
    workspaceId: facts.workspaceId,
    collectedAt: facts.collectedAt,
    durationMs: facts.durationMs,
    vpcs: (op?.vpcs ?? []).map((v) => ({
      id: v.id,
      ...(v.name === undefined ? {} : { name: v.name }),
      cidrs: v.cidrs,
      sources: [label(SOURCE.vpcs)],
    })),
    subnets: (op?.subnets ?? []).map((s) => ({
      id: s.id,
      ...(s.vpcId === undefined ? {} : { vpcId: s.vpcId }),
      ...(s.zone === undefined ? {} : { availabilityZone: s.zone }),
      ...(s.cidr === undefined ? {} : { cidr: s.cidr }),
      ...(s.availableIps === undefined ? {} : { freeIps: s.availableIps }),
      ...(s.name === undefined ? {} : { name: s.name }),
      sources: [label(SOURCE.subnets)],
    })),
    peerings: (op?.peerings ?? []).flatMap((p) =>
      p.requester.vpcId && p.accepter.vpcId
        ? [
            {
              id: p.id,
              requesterVpcId: p.requester.vpcId,
              accepterVpcId: p.accepter.vpcId,
              ...(p.status === undefined ? {} : { status: p.status }),
              sources: [label(SOURCE.peerings)],
            },
          ]
        : [],
    ),
    nodes,
    pods,
    services: kube ? mergeServices(kube, kubeSource(op)) : [],
    ...(op ? { operator: mergeOperator(op) } : {}),
    ...(op?.warmPool
      ? { warmPool: { ...op.warmPool, sources: [kubeSource(op, SOURCE.awsNode)] } }
      : {}),
    warnings: facts.warnings,
  };
}

/** The node's primary private IP: IMDS's device 0, else the workspace host's address. */
/** A kubectl source labelled with the host kubectl ran on (this machine, for minikube). */
function kubeSource(op: OperatorFacts, command: string = SOURCE.kubectl): string {
  return sourceLabel(command, op.kubeHost ?? op.host);
}

function primaryIpOf(n: NodeFacts): string {
  const primary = n.imds?.find((m) => m.deviceNumber === 0)?.localIpv4s[0];
  return primary ?? n.host.address;
}

function mergeNode(
  n: NodeFacts,
  op: OperatorFacts | undefined,
  podsByIp: ReadonlyMap<string, KubePod>,
  facts: TopologyFacts,
): TopologyNode {
  const primaryIp = primaryIpOf(n);
  const kubeNode =
    op?.kube?.nodes.find(
      (k) => k.internalIPs.includes(primaryIp) || k.internalIPs.includes(n.host.address),
    ) ??
    // A host reached by name (`minikube ssh -n NODE`, an ssh alias): an address on its own links.
    op?.kube?.nodes.find((k) =>
      (n.links ?? []).some((l) => l.addresses.some((a) => k.internalIPs.includes(a.address))),
    );
  const instanceId = kubeNode?.instanceId;
  const instance: AwsInstance | undefined = op?.instances?.find(
    (i) => (instanceId !== undefined && i.id === instanceId) || i.privateIp === primaryIp,
  );
  // Without providerID or a matching instance, the ENI holding the node's primary IP names it.
  const byEni = op?.enis?.find((e) => e.privateIp === primaryIp)?.attachment?.instanceId;
  const id = instanceId ?? instance?.id ?? byEni;
  // describe-network-interfaces is the fuller record; describe-instances' copy stands in for it.
  const fromEnis: AwsEni[] = op?.enis?.filter((e) => id && e.attachment?.instanceId === id) ?? [];
  const awsEnis = fromEnis.length > 0 ? fromEnis : (instance?.enis ?? []);
  const awsSource =
    op && awsEnis.length > 0
      ? sourceLabel(fromEnis.length > 0 ? SOURCE.enis : SOURCE.instances, op.host)
      : undefined;
  const enis = mergeNodeEnis(n, awsEnis, awsSource, podsOn(podsByIp, kubeNode));
  const primaryMeta = n.imds?.find((m) => m.deviceNumber === 0);
  const instanceType = instance?.type ?? kubeNode?.instanceType;
  const limits = instanceType ? facts.limitsOf?.(instanceType) : undefined;
  const sources = new Set(enis.flatMap((e) => e.sources));
  if (kubeNode && op) sources.add(kubeSource(op));
  if (instance && op) sources.add(sourceLabel(SOURCE.instances, op.host));
  if (n.routes) sources.add(sourceLabel(SOURCE.ipRoute, n.host));
  if (n.rules) sources.add(sourceLabel(SOURCE.ipRule, n.host));
  return {
    hostId: n.host.id,
    ...(kubeNode ? { nodeName: kubeNode.name } : {}),
    ...(id === undefined ? {} : { instanceId: id }),
    ...(instanceType === undefined ? {} : { instanceType }),
    ...optional('availabilityZone', instance?.zone ?? kubeNode?.zone),
    ...optional('subnetId', instance?.subnetId ?? primaryMeta?.subnetId),
    ...optional('vpcId', instance?.vpcId ?? primaryMeta?.vpcId),
    primaryIp,
    ...(limits ? { limits } : {}),
    enis,
    ...(n.routes ? { routes: topologyRoutes(n.routes) } : {}),
    ...(n.rules ? { rules: topologyRules(n.rules) } : {}),
    ...optionalOverlay(n, kubeNode, op),
    sources: [...sources],
  };
}

/** The node's overlay plumbing, when its links were read; the pod CIDRs come from kubectl. */
function optionalOverlay(
  n: NodeFacts,
  kubeNode: KubeNode | undefined,
  op: OperatorFacts | undefined,
): { overlay?: TopologyOverlay } {
  const sources = [
    ...(n.links ? [sourceLabel(SOURCE.ipAddr, n.host)] : []),
    ...(n.linkDetails ? [sourceLabel(SOURCE.ipLink, n.host)] : []),
    ...(kubeNode && kubeNode.podCIDRs.length > 0 && op ? [kubeSource(op)] : []),
  ];
  const overlay = nodeOverlay(n.links, n.linkDetails, kubeNode?.podCIDRs, sources);
  return overlay ? { overlay } : {};
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** Pods the cluster places on this node; all of them when the node is unknown to kubectl. */
function podsOn(
  podsByIp: ReadonlyMap<string, KubePod>,
  node: KubeNode | undefined,
): ReadonlyMap<string, KubePod> {
  if (!node) return podsByIp;
  return new Map([...podsByIp].filter(([, p]) => p.nodeName === node.name));
}

/** Per-pod host routes: `<podIP> dev eni…` (ip prints a /32 without its suffix). */
function vethByIp(routes: readonly IpRoute[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of routes ?? []) {
    const dst = r.dst.replace(/\/32$/, '');
    if (
      r.dev &&
      !r.via &&
      !dst.includes('/') &&
      dst !== 'default' &&
      (r.type === undefined || r.type === 'unicast') &&
      // The CNI's routes carry no proto (boot); dhcp/kernel ones are the node's own (gateway, …).
      (r.proto === undefined || r.proto === 'boot')
    )
      out.set(dst, r.dev);
  }
  return out;
}

function mergePods(facts: TopologyFacts, nodes: readonly TopologyNode[]): TopologyPod[] {
  const slotOf = new Map<string, { node: TopologyNode; eniId?: string }>();
  for (const node of nodes)
    for (const eni of node.enis)
      for (const slot of eni.slots)
        if (slot.state !== 'primary')
          slotOf.set(slot.address, { node, ...(eni.id ? { eniId: eni.id } : {}) });
  const vethsByHost = new Map(facts.nodes.map((n) => [n.host.id, vethByIp(n.routes)]));
  const routeSource = new Map(
    facts.nodes.map((n) => [n.host.id, sourceLabel(SOURCE.ipRoute, n.host)]),
  );
  const op = facts.operator;
  const kubeLabel = op ? kubeSource(op) : SOURCE.kubectl;

  const placed = (ip: string | undefined, sources: string[], nodeName?: string) => {
    const slot = ip ? slotOf.get(ip) : undefined;
    // Without an ENI slot (Calico, Flannel, or ipamd silent), the pod's node still has its route.
    const hostId =
      slot?.node.hostId ?? nodes.find((n) => n.nodeName && n.nodeName === nodeName)?.hostId;
    const veth = ip && hostId ? vethsByHost.get(hostId)?.get(ip) : undefined;
    if (slot) sources.push(...(slot.node.enis.find((e) => e.id === slot.eniId)?.sources ?? []));
    if (veth && hostId) sources.push(routeSource.get(hostId) ?? SOURCE.ipRoute);
    return {
      ...(slot?.eniId ? { eniId: slot.eniId } : {}),
      ...(veth ? { hostVeth: veth } : {}),
      sources: [...new Set(sources)],
    };
  };

  if (op?.kube) {
    return op.kube.pods.map((p) => {
      const owner = p.ownerReferences.find((o) => o.controller) ?? p.ownerReferences[0];
      return {
        namespace: p.namespace,
        name: p.name,
        ...(p.podIP ? { ip: p.podIP } : {}),
        ...(p.nodeName ? { nodeName: p.nodeName } : {}),
        ...(p.hostNetwork ? { sources: [kubeLabel] } : placed(p.podIP, [kubeLabel], p.nodeName)),
        ...(owner ? { owner: `${owner.kind}/${owner.name}` } : {}),
        ...(p.phase ? { phase: p.phase } : {}),
        isHostNetwork: p.hostNetwork,
      };
    });
  }
  // Without kubectl, ipamd still names the pods on the IPs it assigned.
  return nodes.flatMap((node) =>
    node.enis.flatMap((eni) =>
      eni.slots.flatMap((slot) =>
        slot.pod
          ? [
              {
                ...slot.pod,
                ip: slot.address,
                ...(node.nodeName ? { nodeName: node.nodeName } : {}),
                ...placed(slot.address, []),
                isHostNetwork: false,
              },
            ]
          : [],
      ),
    ),
  );
}

function mergeServices(kube: KubeObjects, source: string): TopologyService[] {
  return kube.services.map((s) => {
    const slices = kube.endpointSlices.filter(
      (e) => e.namespace === s.namespace && e.serviceName === s.name,
    );
    const endpointPods = slices.flatMap((e) =>
      e.endpoints.flatMap((ep) =>
        ep.targetRef?.kind === 'Pod'
          ? [{ namespace: ep.targetRef.namespace ?? s.namespace, name: ep.targetRef.name }]
          : [],
      ),
    );
    return {
      namespace: s.namespace,
      name: s.name,
      ...(s.clusterIP && s.clusterIP !== 'None' ? { clusterIp: s.clusterIP } : {}),
      ports: s.ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol,
        ...(p.nodePort === undefined ? {} : { nodePort: p.nodePort }),
      })),
      endpointPods,
      sources: [source],
    };
  });
}

/** The operator placed in its VPC: the instance whose private (or public) IP is its address. */
function mergeOperator(op: OperatorFacts): TopologyOperator {
  const address = op.host.address;
  const inst = op.instances?.find((i) => i.privateIp === address || i.publicIp === address);
  if (inst)
    return {
      hostId: op.host.id,
      instanceId: inst.id,
      ...optional('vpcId', inst.vpcId),
      ...optional('subnetId', inst.subnetId),
      ...optional('privateIp', inst.privateIp),
      sources: [sourceLabel(SOURCE.instances, op.host)],
    };
  // An ENI holding the address (private, or its public IP) places the operator as well.
  const eni = op.enis?.find((e) =>
    e.privateIps.some((p) => p.address === address || p.publicIp === address),
  );
  return {
    hostId: op.host.id,
    ...optional('instanceId', eni?.attachment?.instanceId),
    ...optional('vpcId', eni?.vpcId),
    ...optional('subnetId', eni?.subnetId),
    ...optional('privateIp', eni?.privateIp),
    sources: eni ? [sourceLabel(SOURCE.enis, op.host)] : [],
  };
}
