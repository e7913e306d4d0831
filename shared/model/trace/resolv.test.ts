import { describe, expect, it } from 'vitest';
import { clusterDomain, parseResolvConf, queryOrder } from './resolv';

// The client pod of seed 000 lives in namespace monitoring; EKS writes this resolv.conf.
const SEED_000 = `search monitoring.svc.cluster.local svc.cluster.local cluster.local ap-northeast-2.compute.internal
nameserver 172.20.0.10
options ndots:5
`;

describe('resolv.conf and the queries a client sends', () => {
  it('reads search, nameserver and ndots with their lines', () => {
    const conf = parseResolvConf(SEED_000);
    expect(conf).toMatchObject({ nameservers: ['172.20.0.10'], ndots: 5 });
    expect(conf.search).toHaveLength(4);
    expect(conf.lines).toHaveLength(3);
    expect(clusterDomain(conf.search)).toBe('cluster.local');
  });

  it('asks the search domains first for a name with fewer dots than ndots, as seed 000 captured', () => {
    const order = queryOrder('sigterm.monitoring.svc', parseResolvConf(SEED_000));
    expect(order.slice(0, 3)).toEqual([
      'sigterm.monitoring.svc.monitoring.svc.cluster.local',
      'sigterm.monitoring.svc.svc.cluster.local',
      'sigterm.monitoring.svc.cluster.local',
    ]);
    expect(order.at(-1)).toBe('sigterm.monitoring.svc');
  });

  it('asks the name itself first when it has ndots dots, and only it when absolute', () => {
    const conf = { search: ['default.svc.cluster.local'], ndots: 1 };
    expect(queryOrder('web.default', conf)).toEqual([
      'web.default',
      'web.default.default.svc.cluster.local',
    ]);
    expect(queryOrder('web.default.svc.cluster.local.', conf)).toEqual([
      'web.default.svc.cluster.local',
    ]);
  });

  it('defaults ndots to 1 and keeps the last search line', () => {
    const conf = parseResolvConf('search a.example\nsearch b.example\nnameserver 10.0.0.2\n');
    expect(conf).toMatchObject({ ndots: 1, search: ['b.example'] });
  });
});
