/**
 * kube-proxy's fixed iptables rules (proxier.go `syncProxyRules`, v1.29+): the jumps from the
 * built-in chains, KUBE-FIREWALL, KUBE-FORWARD, KUBE-MARK-MASQ and KUBE-POSTROUTING, and the
 * NodePort tail rule of nat KUBE-SERVICES.
 */
import { comment, ctNew, dstLocal, jump, rule, verdict } from './rule-builders';
import type { TableBuilder } from './table-builder';
import type { Match } from './types';

/** kube-proxy's default `--iptables-masquerade-bit` 14. */
export const MASQUERADE_MARK = 0x4000;
/** The chain that marks a packet for masquerading. */
export const MARK_MASQ = 'KUBE-MARK-MASQ';

/** The jumps from built-in chains and kube-proxy's fixed chains. */
export function addKubeProxyStaticRules(
  filter: TableBuilder,
  nat: TableBuilder,
  masqueradeRandomFully: boolean,
  nfacct: boolean,
): void {
  const lbFirewall = rule({
    matches: [ctNew, comment('kubernetes load balancer firewall')],
    target: jump('KUBE-PROXY-FIREWALL'),
  });
  const externalPortals = rule({
    matches: [ctNew, comment('kubernetes externally-visible service portals')],
    target: jump('KUBE-EXTERNAL-SERVICES'),
  });
  const portals = rule({
    matches: [ctNew, comment('kubernetes service portals')],
    target: jump('KUBE-SERVICES'),
  });
  const firewall = rule({ target: jump('KUBE-FIREWALL') });
  filter.append(
    'INPUT',
    lbFirewall,
    rule({
      matches: [comment('kubernetes health check service ports')],
      target: jump('KUBE-NODEPORTS'),
    }),
    externalPortals,
    firewall,
  );
  filter.append(
    'FORWARD',
    lbFirewall,
    rule({ matches: [comment('kubernetes forwarding rules')], target: jump('KUBE-FORWARD') }),
    portals,
    externalPortals,
  );
  filter.append('OUTPUT', lbFirewall, portals, firewall);
  for (const chain of [
    'KUBE-EXTERNAL-SERVICES',
    'KUBE-NODEPORTS',
    'KUBE-PROXY-FIREWALL',
    'KUBE-SERVICES',
  ]) {
    filter.ensure(chain);
  }
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
      matches: [
        { kind: 'conntrack', states: ['INVALID'] },
        ...(nfacct ? [{ kind: 'nfacct', name: 'ct_state_invalid_dropped_pkts' } as const] : []),
      ],
      target: verdict('DROP'),
    }),
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

  const natPortals = rule({
    matches: [comment('kubernetes service portals')],
    target: jump('KUBE-SERVICES'),
  });
  nat.append('PREROUTING', natPortals);
  nat.append('OUTPUT', natPortals);
  nat.append(
    'POSTROUTING',
    rule({ matches: [comment('kubernetes postrouting rules')], target: jump('KUBE-POSTROUTING') }),
  );
  nat.ensure('KUBE-NODEPORTS');
  nat.ensure('KUBE-SERVICES');
  // `--or-mark 0x4000` and `--xor-mark 0x4000` are stored as --set-xmark, which is what iptables prints.
  nat.append(
    MARK_MASQ,
    rule({ target: { kind: 'mark', value: MASQUERADE_MARK, mask: MASQUERADE_MARK } }),
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
}

/** The tail rule of nat KUBE-SERVICES; it must come after every Service's rule. */
export function addNodePortsTailRule(nat: TableBuilder): void {
  nat.append(
    'KUBE-SERVICES',
    rule({
      matches: [
        comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'),
        dstLocal,
      ],
      target: jump('KUBE-NODEPORTS'),
    }),
  );
}
