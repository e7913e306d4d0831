import { addFlannelRules } from './flannel-rules';
import { addAwsVpcCniRules } from './aws-vpc-cni-rules';
import { addServicePortRules } from './kube-proxy-rules';
import { buildIpsets } from './ipsets';
import { addIpvsModeRules } from './ipvs-rules';
import { addKubeProxyStaticRules, addNodePortsTailRule } from './kube-proxy-static-rules';
import { TableBuilder } from './table-builder';
import type { Chain, KubeProxyInput, Ruleset, Table, TableName } from './types';

/**
 * Builds the node's iptables state: mangle, filter and nat as kube-proxy (iptables mode, or the
 * few rules of IPVS mode when `input.mode` is `ipvs`), the
 * kubelet and, when `node.isAwsVpcCni`, the AWS VPC CNI leave them on an EKS node.
 *
 * @example
 * const ruleset = buildRuleset({
 *   node: { name: 'ip-192-168-4-12', primaryIP: '192.168.4.12', vpcCIDRs: ['192.168.0.0/16'], isAwsVpcCni: true },
 *   servicePorts: [{ namespace: 'default', name: 'nginx', portName: '', protocol: 'tcp',
 *     clusterIP: '10.100.7.7', port: 80, endpoints: [{ ip: '192.168.5.9', port: 80, ready: true }] }],
 * });
 */
export function buildRuleset(input: KubeProxyInput): Ruleset {
  const mangle = new TableBuilder('mangle');
  const filter = new TableBuilder('filter');
  const nat = new TableBuilder('nat');

  // kubelet's KUBE-IPTABLES-HINT tells iptables wrappers which backend is in use; the canaries
  // let kubelet and kube-proxy notice when something flushed the tables.
  mangle.ensure('KUBE-IPTABLES-HINT');
  for (const table of [mangle, filter, nat]) {
    table.ensure('KUBE-KUBELET-CANARY');
    table.ensure('KUBE-PROXY-CANARY');
  }

  if (input.mode === 'ipvs') {
    addIpvsModeRules(filter, nat, buildIpsets(input), input.masqueradeRandomFully ?? true);
  } else {
    addKubeProxyStaticRules(
      filter,
      nat,
      input.masqueradeRandomFully ?? true,
      input.nfacct ?? false,
    );
    for (const sp of input.servicePorts) addServicePortRules(sp, input, filter, nat);
    addNodePortsTailRule(nat);
  }
  if (input.node.isAwsVpcCni) addAwsVpcCniRules(input.node, mangle, nat);
  if (input.node.flannel) addFlannelRules(input.node.flannel, filter, nat);

  return { tables: [mangle.build(), filter.build(), nat.build()] };
}

/** The table, or an empty one with its built-in chains (iptables-nft lists absent tables so). */
export function getTable(ruleset: Ruleset, name: TableName): Table {
  return ruleset.tables.find((t) => t.name === name) ?? new TableBuilder(name).build();
}

/** A chain by name, if the table has it. */
export function findChain(table: Table, name: string): Chain | undefined {
  return table.chains.find((c) => c.name === name);
}
