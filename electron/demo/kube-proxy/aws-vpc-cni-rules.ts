/**
 * The AWS VPC CNI's host rules (amazon-vpc-cni-k8s pkg/networkutils): SNAT of pod traffic leaving
 * the VPC to the primary ENI's IP, and the 0x80 connmark that sends replies to NodePort and
 * pod-initiated connections back through the main routing table.
 */
import { comment, hostCidr, jump, rule, verdict } from './rule-builders';
import type { TableBuilder } from './table-builder';
import type { NodeInput } from './types';

/** `AWS_VPC_K8S_CNI_CONNMARK`'s default. */
export const AWS_CONNMARK = 0x80;
const VETH_PREFIX = 'eni';

/**
 * Adds the CNI's rules. Call after kube-proxy's: on a real node the CNI's PREROUTING and
 * POSTROUTING jumps come after kube-proxy's (eks-vpccni-node1-S-nat-2026.txt).
 */
export function addAwsVpcCniRules(node: NodeInput, mangle: TableBuilder, nat: TableBuilder): void {
  const primary = node.primaryInterface ?? 'ens5';
  const excluded = node.excludeSNATCIDRs ?? [];
  // ipamd *inserts* each CIDR rule at position 1, so the last CIDR it programs ends up first.
  const cidrs = [
    ...node.vpcCIDRs.map((cidr) => ({ cidr, isExclusion: false })),
    ...excluded.map((cidr) => ({ cidr, isExclusion: true })),
  ].reverse();

  nat.append(
    'PREROUTING',
    rule({
      inInterface: { name: `${VETH_PREFIX}+` },
      matches: [comment('AWS, outbound connections')],
      target: jump('AWS-CONNMARK-CHAIN-0'),
    }),
    rule({
      matches: [comment('AWS, CONNMARK')],
      target: { kind: 'connmark-restore', mask: AWS_CONNMARK },
    }),
  );
  nat.append(
    'POSTROUTING',
    rule({ matches: [comment('AWS SNAT CHAIN')], target: jump('AWS-SNAT-CHAIN-0') }),
  );

  nat.ensure('AWS-CONNMARK-CHAIN-0');
  for (const { cidr, isExclusion } of cidrs) {
    nat.append(
      'AWS-CONNMARK-CHAIN-0',
      rule({
        destination: { cidr: hostCidr(cidr) },
        matches: [
          comment(
            isExclusion ? 'AWS CONNMARK CHAIN, EXCLUDED CIDR' : 'AWS CONNMARK CHAIN, VPC CIDR',
          ),
        ],
        target: verdict('RETURN'),
      }),
    );
  }
  nat.append(
    'AWS-CONNMARK-CHAIN-0',
    rule({
      matches: [comment('AWS, CONNMARK')],
      target: { kind: 'connmark-set', value: AWS_CONNMARK, mask: AWS_CONNMARK },
    }),
  );

  nat.ensure('AWS-SNAT-CHAIN-0');
  for (const { cidr, isExclusion } of cidrs) {
    nat.append(
      'AWS-SNAT-CHAIN-0',
      rule({
        destination: { cidr: hostCidr(cidr) },
        matches: [comment(isExclusion ? 'AWS SNAT CHAIN EXCLUSION' : 'AWS SNAT CHAIN')],
        target: verdict('RETURN'),
      }),
    );
  }
  nat.append(
    'AWS-SNAT-CHAIN-0',
    rule({
      outInterface: { name: 'vlan+', negate: true },
      matches: [comment('AWS, SNAT'), { kind: 'addrtype', dstType: 'LOCAL', negateDst: true }],
      target: { kind: 'snat', toSource: node.primaryIP, randomFully: true },
    }),
  );

  // NodePort support (AWS_VPC_CNI_NODE_PORT_SUPPORT, on by default): mark connections arriving
  // on the primary ENI so replies leave through it, and restore the mark on pod traffic.
  mangle.append(
    'PREROUTING',
    rule({
      inInterface: { name: primary },
      matches: [
        comment('AWS, primary ENI'),
        { kind: 'addrtype', dstType: 'LOCAL', limitIfaceIn: true },
      ],
      target: { kind: 'connmark-set', value: AWS_CONNMARK, mask: AWS_CONNMARK },
    }),
    ...[`${VETH_PREFIX}+`, 'vlan+'].map((name) =>
      rule({
        inInterface: { name },
        matches: [comment('AWS, primary ENI')],
        target: { kind: 'connmark-restore', mask: AWS_CONNMARK },
      }),
    ),
  );
}
