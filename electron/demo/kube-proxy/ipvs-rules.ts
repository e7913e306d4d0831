/**
 * The iptables rules kube-proxy's IPVS mode still writes (pkg/proxy/ipvs proxier.go
 * `writeIptablesRules`, v1.29+): the portal jumps, ipset matches in nat KUBE-SERVICES (masquerade
 * for VIP-sourced traffic, NodePorts, ACCEPT for cluster IPs), the hairpin MASQUERADE on
 * KUBE-LOOP-BACK, KUBE-MARK-MASQ / KUBE-POSTROUTING, and filter's forwarding and IPVS access
 * filter. No per-Service chains: IPVS does the load balancing.
 */
import type { KubeIpset } from './ipsets';
import { MARK_MASQ, MASQUERADE_MARK } from './kube-proxy-static-rules';
import { comment, ctNew, dstLocal, jump, rule, verdict } from './rule-builders';
import type { TableBuilder } from './table-builder';
import type { Match, Protocol } from './types';

const set = (name: string, flags: string): Match => ({ kind: 'set', name, flags });

/** Writes IPVS mode's rules; sets that are empty get no rules, as kube-proxy skips them. */
export function addIpvsModeRules(
  filter: TableBuilder,
  nat: TableBuilder,
  sets: readonly KubeIpset[],
  masqueradeRandomFully: boolean,
): void {
  const has = (name: string): boolean =>
    (sets.find((s) => s.name === name)?.members.length ?? 0) > 0;

  // filter: jumps, kubelet's KUBE-FIREWALL, forwarding, health checks and the IPVS access filter.
  filter.append(
    'INPUT',
    rule({ matches: [comment('kubernetes health check rules')], target: jump('KUBE-NODE-PORT') }),
    rule({ matches: [comment('kube-proxy firewall rules')], target: jump('KUBE-PROXY-FIREWALL') }),
    rule({ matches: [comment('kubernetes ipvs access filter')], target: jump('KUBE-IPVS-FILTER') }),
    rule({ target: jump('KUBE-FIREWALL') }),
  );
  filter.append(
    'FORWARD',
    rule({ matches: [comment('kube-proxy firewall rules')], target: jump('KUBE-PROXY-FIREWALL') }),
    rule({ matches: [comment('kubernetes forwarding rules')], target: jump('KUBE-FORWARD') }),
  );
  filter.append(
    'OUTPUT',
    rule({
      matches: [comment('kubernetes ipvs access filter')],
      target: jump('KUBE-IPVS-OUT-FILTER'),
    }),
    rule({ target: jump('KUBE-FIREWALL') }),
  );
  filter.append(
    'KUBE-FIREWALL',
    rule({
      source: { cidr: '127.0.0.0/8', negate: true },
      destination: { cidr: '127.0.0.0/8' },
      matches: [
        comment('block incoming localnet connections'),
        { kind: 'conntrack', states: ['RELATED', 'ESTABLISHED', 'DNAT'], negate: true },
      ],
      target: verdict('DROP'),
    }),
  );
  const masqMark: Match = { kind: 'mark', value: MASQUERADE_MARK, mask: MASQUERADE_MARK };
  filter.append(
    'KUBE-FORWARD',
    rule({
      matches: [comment('kubernetes forwarding rules'), masqMark],
      target: verdict('ACCEPT'),
    }),
    rule({
      matches: [
        comment('kubernetes forwarding conntrack rule'),
        { kind: 'conntrack', states: ['RELATED', 'ESTABLISHED'] },
      ],
      target: verdict('ACCEPT'),
    }),
  );
  filter.append(
    'KUBE-NODE-PORT',
    rule({
      matches: [
        comment('Kubernetes health check node port'),
        set('KUBE-HEALTH-CHECK-NODE-PORT', 'dst'),
      ],
      target: verdict('ACCEPT'),
    }),
  );
  filter.append(
    'KUBE-IPVS-FILTER',
    ...['KUBE-LOAD-BALANCER', 'KUBE-CLUSTER-IP', 'KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL'].map(
      (name) => rule({ matches: [set(name, 'dst,dst')], target: verdict('RETURN') }),
    ),
    rule({ matches: [set('KUBE-HEALTH-CHECK-NODE-PORT', 'dst')], target: verdict('RETURN') }),
    rule({ matches: [ctNew, set('KUBE-IPVS-IPS', 'dst')], target: { kind: 'reject' } }),
  );
  for (const chain of [
    'KUBE-IPVS-OUT-FILTER',
    'KUBE-PROXY-FIREWALL',
    'KUBE-SOURCE-RANGES-FIREWALL',
  ])
    filter.ensure(chain);

  // nat: portals, then the rules that replace iptables mode's per-Service chains.
  const portals = rule({
    matches: [comment('kubernetes service portals')],
    target: jump('KUBE-SERVICES'),
  });
  nat.append('PREROUTING', portals);
  nat.append('OUTPUT', portals);
  nat.append(
    'POSTROUTING',
    rule({ matches: [comment('kubernetes postrouting rules')], target: jump('KUBE-POSTROUTING') }),
  );
  if (has('KUBE-LOOP-BACK')) {
    nat.append(
      'KUBE-POSTROUTING',
      rule({
        matches: [
          comment('Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose'),
          set('KUBE-LOOP-BACK', 'dst,dst,src'),
        ],
        target: { kind: 'masquerade', randomFully: false },
      }),
    );
  }
  for (const protocol of ['tcp', 'udp'] as Protocol[]) {
    const upper = protocol.toUpperCase();
    if (has(`KUBE-NODE-PORT-LOCAL-${upper}`)) {
      nat.append(
        'KUBE-NODE-PORT',
        rule({
          protocol,
          matches: [
            comment(`Kubernetes nodeport ${upper} port with externalTrafficPolicy=local`),
            set(`KUBE-NODE-PORT-LOCAL-${upper}`, 'dst'),
          ],
          target: verdict('RETURN'),
        }),
      );
    }
    if (has(`KUBE-NODE-PORT-${upper}`)) {
      nat.append(
        'KUBE-NODE-PORT',
        rule({
          protocol,
          matches: [
            comment(`Kubernetes nodeport ${upper} port for masquerade purpose`),
            set(`KUBE-NODE-PORT-${upper}`, 'dst'),
          ],
          target: jump(MARK_MASQ),
        }),
      );
    }
  }
  nat.ensure('KUBE-NODE-PORT');
  nat.append('KUBE-SERVICES', rule({ source: { cidr: '127.0.0.0/8' }, target: verdict('RETURN') }));
  if (has('KUBE-CLUSTER-IP')) {
    // EKS sets no clusterCIDR, so kube-proxy cannot tell pod traffic: it masquerades only
    // traffic sourced from a VIP (the node reaching a Service, VIP picked as source on kube-ipvs0).
    nat.append(
      'KUBE-SERVICES',
      rule({
        matches: [
          comment('Kubernetes service cluster ip + port for masquerade purpose'),
          set('KUBE-CLUSTER-IP', 'src,dst'),
        ],
        target: jump(MARK_MASQ),
      }),
    );
  }
  nat.append('KUBE-SERVICES', rule({ matches: [dstLocal], target: jump('KUBE-NODE-PORT') }));
  nat.append('KUBE-LOAD-BALANCER', rule({ target: jump(MARK_MASQ) }));
  if (has('KUBE-CLUSTER-IP'))
    nat.append(
      'KUBE-SERVICES',
      rule({ matches: [set('KUBE-CLUSTER-IP', 'dst,dst')], target: verdict('ACCEPT') }),
    );
  nat.append(
    'KUBE-POSTROUTING',
    rule({ matches: [{ ...masqMark, negate: true }], target: verdict('RETURN') }),
    rule({ target: { kind: 'mark', value: MASQUERADE_MARK, mask: 0 } }),
    rule({
      matches: [comment('kubernetes service traffic requiring SNAT')],
      target: { kind: 'masquerade', randomFully: masqueradeRandomFully },
    }),
  );
  nat.append(
    MARK_MASQ,
    rule({ target: { kind: 'mark', value: MASQUERADE_MARK, mask: MASQUERADE_MARK } }),
  );
}
