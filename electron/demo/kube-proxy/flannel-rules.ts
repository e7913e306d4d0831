/**
 * flanneld's host rules (flannel v0.26, pkg/trafficmngr/iptables): `FLANNEL-POSTRTG` masquerades
 * pod traffic leaving the pod network (kube-proxy's 0x4000-marked packets are left to it), and
 * `FLANNEL-FWD` accepts forwarding from and to the network. Called after kube-proxy's rules,
 * as flanneld appends its jumps once it starts.
 */
import { comment, jump, rule, verdict } from './rule-builders';
import type { TableBuilder } from './table-builder';

export interface FlannelInput {
  /** The whole pod network (`10.244.0.0/16`). */
  network: string;
  /** This node's lease (`10.244.1.0/24`). */
  subnet: string;
}

const MASQ = 'flanneld masq';
const FWD = 'flanneld forward';

export function addFlannelRules(f: FlannelInput, filter: TableBuilder, nat: TableBuilder): void {
  const masq = { kind: 'masquerade', randomFully: true } as const;
  nat.append('POSTROUTING', rule({ matches: [comment(MASQ)], target: jump('FLANNEL-POSTRTG') }));
  nat.ensure('FLANNEL-POSTRTG');
  nat.append(
    'FLANNEL-POSTRTG',
    rule({
      matches: [{ kind: 'mark', value: 0x4000, mask: 0x4000 }, comment(MASQ)],
      target: verdict('RETURN'),
    }),
    rule({
      source: { cidr: f.subnet },
      destination: { cidr: f.network },
      matches: [comment(MASQ)],
      target: verdict('RETURN'),
    }),
    rule({
      source: { cidr: f.network },
      destination: { cidr: f.subnet },
      matches: [comment(MASQ)],
      target: verdict('RETURN'),
    }),
    rule({
      source: { cidr: f.network, negate: true },
      destination: { cidr: f.subnet },
      matches: [comment(MASQ)],
      target: verdict('RETURN'),
    }),
    rule({
      source: { cidr: f.network },
      destination: { cidr: '224.0.0.0/4', negate: true },
      matches: [comment(MASQ)],
      target: masq,
    }),
    rule({
      source: { cidr: f.network, negate: true },
      destination: { cidr: f.network },
      matches: [comment(MASQ)],
      target: masq,
    }),
  );
  filter.append('FORWARD', rule({ matches: [comment(FWD)], target: jump('FLANNEL-FWD') }));
  filter.ensure('FLANNEL-FWD');
  filter.append(
    'FLANNEL-FWD',
    rule({ source: { cidr: f.network }, matches: [comment(FWD)], target: verdict('ACCEPT') }),
    rule({ destination: { cidr: f.network }, matches: [comment(FWD)], target: verdict('ACCEPT') }),
  );
}
