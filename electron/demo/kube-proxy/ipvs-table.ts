/**
 * IPVS mode's virtual servers, as kube-proxy (pkg/proxy/ipvs) programs them from the same input
 * the iptables renderer reads: one virtual server per Service port on its cluster IP (bound to
 * kube-ipvs0), one per NodePort on the node's address, each with the ready endpoints as Masq real
 * servers of weight 1, and `persistent <timeout>` for ClientIP session affinity.
 */
import type { KubeProxyInput, Protocol, ServicePortInput } from './types';

/** One real server (`-> 10.244.0.5:53 Masq 1 0 0`). */
export interface RealServer {
  ip: string;
  port: number;
  weight: number;
}

/** One virtual server (`TCP  10.100.0.10:53 rr`). */
export interface VirtualServer {
  protocol: Protocol;
  address: string;
  port: number;
  scheduler: string;
  /** `persistent N` (seconds), for `sessionAffinity: ClientIP`. */
  persistentSeconds?: number;
  realServers: RealServer[];
  /** `ns/name:port` of the Service port behind it. */
  servicePortName: string;
  /** True for the cluster-IP virtual server, false for NodePort ones. */
  isClusterIP: boolean;
}

/** `TCP 10.100.0.10:53`: a virtual server's identity (what `-t`/`-u` name). */
export function virtualServerKey(protocol: Protocol, address: string, port: number): string {
  return `${protocol.toUpperCase()} ${address}:${port}`;
}

/** `TCP`, `UDP`, `SCTP`, as ipvsadm prints the protocol. */
export const protoName = (p: Protocol): string => p.toUpperCase();

const PROTO_NUMBER: Record<Protocol, number> = { tcp: 6, udp: 17, sctp: 132 };

const ipNumber = (ip: string): number =>
  ip.split('.').reduce((n, o) => (n * 256 + Number(o)) >>> 0, 0);

/**
 * ipvsadm's sort (`ipvs_cmp_services`/`ipvs_cmp_dests`): protocol, then `ntohl(a) - ntohl(b)`
 * read as a signed 32-bit int, then port. The wrap-around is ipvsadm's own, which is why a
 * listing can show 172.17.0.1 before 10.0.1.30.
 */
function cmpAddress(a: string, b: string): number {
  return (ipNumber(a) - ipNumber(b)) | 0;
}

function realServersFor(
  sp: ServicePortInput,
  input: KubeProxyInput,
  localOnly: boolean,
): RealServer[] {
  const isLocal = (e: ServicePortInput['endpoints'][number]): boolean =>
    e.isLocal ?? e.nodeName === input.node.name;
  return sp.endpoints
    .filter((e) => e.ready && (!localOnly || isLocal(e)))
    .map((e) => ({ ip: e.ip, port: e.port, weight: 1 }))
    .sort((a, b) => cmpAddress(a.ip, b.ip) || a.port - b.port);
}

const portNameOf = (sp: ServicePortInput): string =>
  `${sp.namespace}/${sp.name}${sp.portName ? `:${sp.portName}` : ''}`;

/** Every virtual server of the node, in ipvsadm's listing order. */
export function buildIpvsTable(input: KubeProxyInput): VirtualServer[] {
  const scheduler = input.ipvsScheduler ?? 'rr';
  const out: VirtualServer[] = [];
  for (const sp of input.servicePorts) {
    const affinity =
      sp.sessionAffinity === 'ClientIP'
        ? { persistentSeconds: sp.sessionAffinityTimeoutSeconds ?? 10800 }
        : {};
    out.push({
      protocol: sp.protocol,
      address: sp.clusterIP,
      port: sp.port,
      scheduler,
      ...affinity,
      realServers: realServersFor(sp, input, sp.internalTrafficPolicy === 'Local'),
      servicePortName: portNameOf(sp),
      isClusterIP: true,
    });
    if (sp.nodePort !== undefined) {
      out.push({
        protocol: sp.protocol,
        address: input.node.primaryIP,
        port: sp.nodePort,
        scheduler,
        ...affinity,
        realServers: realServersFor(sp, input, sp.externalTrafficPolicy === 'Local'),
        servicePortName: portNameOf(sp),
        isClusterIP: false,
      });
    }
  }
  return out.sort(
    (a, b) =>
      PROTO_NUMBER[a.protocol] - PROTO_NUMBER[b.protocol] ||
      cmpAddress(a.address, b.address) ||
      a.port - b.port,
  );
}

/** The cluster IPs kube-proxy binds to kube-ipvs0 (each once), in Service order. */
export function kubeIpvsAddresses(input: KubeProxyInput): string[] {
  return [...new Set(input.servicePorts.map((sp) => sp.clusterIP))];
}
