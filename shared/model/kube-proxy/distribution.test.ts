import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { parseIptables } from '../../parsers/iptables';
import { parseIpvsadm } from '../../parsers/ipvsadm';
import { iptablesDistribution, ipvsDistribution } from './distribution';

/** `iptables -t nat -L KUBE-SVC-… -n -v -x` as iptables-nft 1.8 prints it, counters included. */
const SVC_LIST = `Chain KUBE-SVC-CHTNYTLOWMWCGZWR (1 references)
    pkts      bytes target     prot opt in     out     source               destination
       4      240 KUBE-MARK-MASQ  tcp  --  *      *      !10.244.0.0/16        10.103.129.86        /* default/a-app cluster IP */ tcp dpt:80
      21     1260 KUBE-SEP-ZZRQGRW2BIJ6VNXP  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/a-app -> 10.244.0.143:80 */ statistic mode random probability 0.33333333349
      19     1140 KUBE-SEP-BJVKNWLDIWYBU2WJ  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/a-app -> 10.244.0.144:80 */ statistic mode random probability 0.50000000000
      20     1200 KUBE-SEP-QQQQGRW2BIJ6VNXP  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* default/a-app -> 10.244.0.145:80 */
`;

/** Session affinity: the `-m recent --rcheck` rules come first and go to the same KUBE-SEP chains. */
const AFFINITY_SAVE = `*nat
:KUBE-SVC-AFF - [0:0]
[3:180] -A KUBE-SVC-AFF -m comment --comment "ns/web -> 10.0.0.1:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-A --mask 255.255.255.255 --rsource -j KUBE-SEP-A
[1:60] -A KUBE-SVC-AFF -m comment --comment "ns/web -> 10.0.0.2:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-B --mask 255.255.255.255 --rsource -j KUBE-SEP-B
[2:120] -A KUBE-SVC-AFF -m comment --comment "ns/web -> 10.0.0.1:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A
[5:300] -A KUBE-SVC-AFF -m comment --comment "ns/web -> 10.0.0.2:80" -j KUBE-SEP-B
COMMIT
`;

describe('iptablesDistribution', () => {
  it('counts the KUBE-SEP jumps and gives each the effective share 1/3, 1/3, 1/3', () => {
    const { value, warnings } = parseIptables(SVC_LIST, { table: 'nat' });
    expect(warnings).toEqual([]);
    const chain = value.tables[0]?.chains[0];
    if (!chain) throw new Error('no chain');
    const rows = iptablesDistribution(chain);
    expect(rows.map((r) => [r.ip, r.port, r.hits, r.bytes])).toEqual([
      ['10.244.0.143', 80, 21, 1260],
      ['10.244.0.144', 80, 19, 1140],
      ['10.244.0.145', 80, 20, 1200],
    ]);
    for (const r of rows) expect(r.expectedShare).toBeCloseTo(1 / 3, 6);
  });

  it('adds affinity hits to the same endpoint and leaves them out of the shares', () => {
    const chain = parseIptables(AFFINITY_SAVE).value.tables[0]?.chains[0];
    if (!chain) throw new Error('no chain');
    expect(iptablesDistribution(chain)).toEqual([
      { ip: '10.0.0.1', port: 80, sepChain: 'KUBE-SEP-A', hits: 5, bytes: 300, expectedShare: 0.5 },
      { ip: '10.0.0.2', port: 80, sepChain: 'KUBE-SEP-B', hits: 6, bytes: 360, expectedShare: 0.5 },
    ]);
  });
});

describeWithFixtures('ipvsDistribution over the fixture kit', (kit) => {
  it('reads Conns per real server from --stats and equal rr shares', () => {
    const stats = parseIpvsadm(kit.read('ipvsadm/kube-router-pr160-ln-stats.txt')).value;
    const vs = stats.services.find((s) => s.address.text === '10.3.0.42:80');
    if (!vs) throw new Error('no 10.3.0.42:80');
    // The stats listing has no scheduler column; alone it counts as rr with equal weights.
    const rows = ipvsDistribution(vs, vs);
    expect(rows.map((r) => r.hits)).toEqual([2, 2, 2, 3, 3, 3, 3, 3]);
    expect(rows[0]).toMatchObject({ ip: '10.2.1.22', port: 80, bytes: 774 + 894, sepChain: null });
    for (const r of rows) expect(r.expectedShare).toBeCloseTo(1 / 8, 6);
  });
});
