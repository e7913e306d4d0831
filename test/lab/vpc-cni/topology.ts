/**
 * A seeded AWS VPC CNI node for the lab: pod IPs on the primary ENI (ens5) or a secondary ENI
 * (ens6, device number 1 → route table 2), a host-side veth named `eni` + 11 hex chars per pod,
 * and kube-proxy Service ports whose endpoints are those pods, one of them a NodePort.
 */
import type { KubeProxyInput, ServicePortInput } from '../../../electron/demo/kube-proxy';
import { seededRandom } from '../../support/fuzz';

/** One pod of the node. */
export interface LabPod {
  name: string;
  ip: string;
  /** Host-side veth (`eni` + 11 hex chars). */
  eni: string;
  /** The ENI the pod IP belongs to. */
  onSecondary: boolean;
  /** Ports its server listens on (every Service port it backs). */
  ports: number[];
}

/** One ENI of the node: interface, its primary IP, subnet and gateway. */
export interface LabEni {
  dev: 'ens5' | 'ens6';
  ip: string;
  prefix: number;
  gateway: string;
  /** Route table of its pods (`device number + 1`); 0 for the primary ENI (main table). */
  table: number;
}

/** The whole seeded node. */
export interface LabTopology {
  seed: number;
  primary: LabEni;
  secondary: LabEni;
  pods: LabPod[];
  input: KubeProxyInput;
  /** The Service port (`ns/name:port`) whose KUBE-SVC chain is re-weighted to 0.2 / 0.5 / rest. */
  weighted: string;
}

/** The hand-written ladder and the shares it gives. */
export const WEIGHTED_RULE_PROBABILITIES = [0.2, 0.5] as const;
export const WEIGHTED_SHARES = [0.2, 0.4, 0.4] as const;

const NODE_NAME = 'ip-lab-node.compute.internal';

/** `ns/name:portName` as kube-proxy's comments spell it. */
export function servicePortName(sp: { namespace: string; name: string; portName: string }): string {
  return `${sp.namespace}/${sp.name}${sp.portName === '' ? '' : `:${sp.portName}`}`;
}

/** Builds the node for one seed; different seeds give different subnets, pods and Services. */
export function buildTopology(seed: number): LabTopology {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const hex = (n: number): string =>
    Array.from({ length: n }, () => int(0, 15).toString(16)).join('');

  const third = int(1, 60) * 2;
  const primary: LabEni = {
    dev: 'ens5',
    ip: `192.168.${third}.${int(10, 99)}`,
    prefix: 24,
    gateway: `192.168.${third}.1`,
    table: 0,
  };
  const secondary: LabEni = {
    dev: 'ens6',
    ip: `192.168.${third + 1}.${int(10, 99)}`,
    prefix: 24,
    gateway: `192.168.${third + 1}.1`,
    table: 2,
  };

  const podCount = int(4, 7);
  const used = new Set<string>([primary.ip, secondary.ip]);
  const pods: LabPod[] = [];
  for (let i = 0; i < podCount; i += 1) {
    // At least one pod on each ENI.
    const onSecondary = i === 0 ? false : i === 1 ? true : random() < 0.5;
    const eni = onSecondary ? secondary : primary;
    let ip: string;
    do ip = `${eni.gateway.replace(/\.1$/, '')}.${int(100, 250)}`;
    while (used.has(ip));
    used.add(ip);
    pods.push({ name: `pod${i}`, ip, eni: `eni${hex(11)}`, onSecondary, ports: [] });
  }

  const pick = (n: number): LabPod[] => {
    const pool = [...pods];
    const out: LabPod[] = [];
    while (out.length < n && pool.length > 0) {
      const [p] = pool.splice(int(0, pool.length - 1), 1);
      if (p !== undefined) out.push(p);
    }
    return out;
  };

  const serviceCount = int(3, 5);
  const servicePorts: ServicePortInput[] = [];
  for (let s = 0; s < serviceCount; s += 1) {
    // Service 0 is the hand-weighted one (exactly three endpoints); service 1 has a NodePort.
    const n = s === 0 ? 3 : int(1, Math.min(5, pods.length));
    const targetPort = 8000 + s;
    const backends = pick(n);
    for (const p of backends) p.ports.push(targetPort);
    servicePorts.push({
      namespace: s % 2 === 0 ? 'default' : `team-${hex(3)}`,
      name: `svc-${s}-${hex(4)}`,
      portName: s === 2 ? '' : 'http',
      protocol: 'tcp',
      clusterIP: `10.100.${int(0, 255)}.${s + 10}`,
      port: 80 + s,
      ...(s === 1 ? { nodePort: 30000 + int(0, 2000) } : {}),
      endpoints: backends.map((p) => ({
        ip: p.ip,
        port: targetPort,
        nodeName: NODE_NAME,
        ready: true,
      })),
    });
  }
  const first = servicePorts[0];
  if (first === undefined) throw new Error('no Services');

  return {
    seed,
    primary,
    secondary,
    pods,
    weighted: servicePortName(first),
    input: {
      node: {
        name: NODE_NAME,
        primaryIP: primary.ip,
        primaryInterface: 'ens5',
        vpcCIDRs: ['192.168.0.0/16'],
        isAwsVpcCni: true,
      },
      servicePorts,
    },
  };
}
