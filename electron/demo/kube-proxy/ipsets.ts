/**
 * The ipsets kube-proxy's IPVS mode keeps (pkg/proxy/ipvs ipsetInfo), filled from the same input
 * as the virtual servers, and `ipset list` in ipset 7's format.
 */
import { kubeIpvsAddresses } from './ipvs-table';
import type { IpsetView } from './traverse';
import type { KubeProxyInput, ServicePortInput } from './types';

export interface KubeIpset {
  name: string;
  type: string;
  members: string[];
}

/** Every set kube-proxy creates, in its creation order, with its type. */
const SETS: readonly (readonly [string, string])[] = [
  ['KUBE-LOOP-BACK', 'hash:ip,port,ip'],
  ['KUBE-CLUSTER-IP', 'hash:ip,port'],
  ['KUBE-EXTERNAL-IP', 'hash:ip,port'],
  ['KUBE-EXTERNAL-IP-LOCAL', 'hash:ip,port'],
  ['KUBE-LOAD-BALANCER', 'hash:ip,port'],
  ['KUBE-LOAD-BALANCER-FW', 'hash:ip,port'],
  ['KUBE-LOAD-BALANCER-LOCAL', 'hash:ip,port'],
  ['KUBE-LOAD-BALANCER-SOURCE-IP', 'hash:ip,port,ip'],
  ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'hash:ip,port,net'],
  ['KUBE-NODE-PORT-TCP', 'bitmap:port'],
  ['KUBE-NODE-PORT-LOCAL-TCP', 'bitmap:port'],
  ['KUBE-NODE-PORT-UDP', 'bitmap:port'],
  ['KUBE-NODE-PORT-LOCAL-UDP', 'bitmap:port'],
  ['KUBE-NODE-PORT-SCTP-HASH', 'hash:ip,port'],
  ['KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'hash:ip,port'],
  ['KUBE-HEALTH-CHECK-NODE-PORT', 'bitmap:port'],
  ['KUBE-IPVS-IPS', 'hash:ip'],
];

const isLocal = (input: KubeProxyInput, e: ServicePortInput['endpoints'][number]): boolean =>
  e.isLocal ?? e.nodeName === input.node.name;

/** The sets and their members for the node. */
export function buildIpsets(input: KubeProxyInput): KubeIpset[] {
  const members = new Map<string, Set<string>>(SETS.map(([name]) => [name, new Set()]));
  const add = (name: string, member: string): void => void members.get(name)?.add(member);
  for (const sp of input.servicePorts) {
    add('KUBE-CLUSTER-IP', `${sp.clusterIP},${sp.protocol}:${sp.port}`);
    for (const e of sp.endpoints) {
      if (e.ready && isLocal(input, e))
        add('KUBE-LOOP-BACK', `${e.ip},${sp.protocol}:${e.port},${e.ip}`);
    }
    if (sp.nodePort !== undefined && sp.protocol !== 'sctp') {
      const upper = sp.protocol.toUpperCase();
      add(`KUBE-NODE-PORT-${upper}`, String(sp.nodePort));
      if (sp.externalTrafficPolicy === 'Local')
        add(`KUBE-NODE-PORT-LOCAL-${upper}`, String(sp.nodePort));
    }
    if (sp.healthCheckNodePort !== undefined)
      add('KUBE-HEALTH-CHECK-NODE-PORT', String(sp.healthCheckNodePort));
    if (sp.nodePort !== undefined) add('KUBE-IPVS-IPS', input.node.primaryIP);
  }
  for (const ip of kubeIpvsAddresses(input)) add('KUBE-IPVS-IPS', ip);
  return SETS.map(([name, type]) => ({ name, type, members: [...(members.get(name) ?? [])] }));
}

/** The sets as `-m set` looks them up. */
export function ipsetViews(sets: readonly KubeIpset[]): Map<string, IpsetView> {
  return new Map(sets.map((s) => [s.name, { type: s.type, members: new Set(s.members) }]));
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const REVISION: Record<string, number> = {
  'hash:ip': 6,
  'hash:ip,port': 7,
  'hash:ip,port,ip': 7,
  'hash:ip,port,net': 9,
  'bitmap:port': 3,
};

/** One set as `ipset list NAME` prints it (ipset 7.x); hash sets list members in bucket order. */
function renderSet(set: KubeIpset, references: number): string {
  const isBitmap = set.type.startsWith('bitmap:');
  const ordered = isBitmap
    ? [...set.members].sort((a, b) => Number(a) - Number(b))
    : [...set.members].sort((a, b) => hash(a) - hash(b));
  const header = isBitmap
    ? 'range 0-65535'
    : `family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x${hash(set.name).toString(16).padStart(8, '0')}`;
  const size = isBitmap ? 8264 : 200 + 16 * set.members.length + (set.members.length ? 72 : 0);
  return [
    `Name: ${set.name}`,
    `Type: ${set.type}`,
    `Revision: ${REVISION[set.type] ?? 1}`,
    `Header: ${header}`,
    `Size in memory: ${size}`,
    `References: ${references}`,
    `Number of entries: ${set.members.length}`,
    'Members:',
    ...ordered,
  ].join('\n');
}

/**
 * `ipset list [NAME]`; sets are separated by a blank line. `references` counts the iptables
 * rules using each set. Undefined when NAME names no set.
 */
export function renderIpsetList(
  sets: readonly KubeIpset[],
  references: ReadonlyMap<string, number>,
  name?: string,
): string | undefined {
  const chosen = name === undefined ? sets : sets.filter((s) => s.name === name);
  if (chosen.length === 0) return undefined;
  return `${chosen.map((s) => renderSet(s, references.get(s.name) ?? 0)).join('\n\n')}\n`;
}
