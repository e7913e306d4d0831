import { describe, expect, it } from 'vitest';
import { parseIpRoute, parseIpRule } from '../../parsers/ip';
import { routeFor } from './policy-routing';

// A VPC CNI node (the demo's node1): pod 192.168.1.102 is on the secondary ENI (table 2).
const RULES = parseIpRule(`0:\tfrom all lookup local
512:\tfrom all to 192.168.1.7 lookup main
512:\tfrom all to 192.168.1.102 lookup main
1024:\tfrom all fwmark 0x80/0x80 lookup main
1536:\tfrom 192.168.1.102 lookup 2
32766:\tfrom all lookup main
32767:\tfrom all lookup default
`).value;
const ROUTES = parseIpRoute(`default via 192.168.1.1 dev ens6 table 2
192.168.1.1 dev ens6 table 2 scope link
default via 192.168.1.1 dev ens5 proto dhcp src 192.168.1.37 metric 512
192.168.1.0/24 dev ens5 proto kernel scope link src 192.168.1.37 metric 512
192.168.1.7 dev eni3f4b5a6c7d8 scope link
192.168.1.102 dev eni0a1b2c3d4e5 scope link
local 192.168.1.37 dev ens5 table local proto kernel scope host src 192.168.1.37
`).value;

describe('policy routing', () => {
  it('a local pod is reached through rule 512 and its veth', () => {
    const d = routeFor(RULES, ROUTES, {
      dst: '192.168.1.7',
      src: '192.168.1.102',
      iif: 'eni0a1b2c3d4e5',
    });
    expect(d.rule?.raw).toBe('512:\tfrom all to 192.168.1.7 lookup main');
    expect(d.route?.raw).toBe('192.168.1.7 dev eni3f4b5a6c7d8 scope link');
    expect(d.dev).toBe('eni3f4b5a6c7d8');
  });

  it('a secondary-ENI pod leaves through its table (rule 1536, ens6), a primary one through main', () => {
    const far = '192.168.3.193';
    expect(
      routeFor(RULES, ROUTES, { dst: far, src: '192.168.1.102', iif: 'eni0a1b2c3d4e5' }),
    ).toMatchObject({
      dev: 'ens6',
      via: '192.168.1.1',
      rule: { priority: 1536 },
    });
    expect(
      routeFor(RULES, ROUTES, { dst: far, src: '192.168.1.7', iif: 'eni3f4b5a6c7d8' }),
    ).toMatchObject({
      dev: 'ens5',
      rule: { priority: 32766 },
    });
  });

  it('the CNI connmark sends a secondary pod’s traffic to outside the VPC through main (rule 1024)', () => {
    const d = routeFor(RULES, ROUTES, {
      dst: '8.8.8.8',
      src: '192.168.1.102',
      iif: 'eni0a1b2c3d4e5',
      mark: 0x80,
    });
    expect(d).toMatchObject({ dev: 'ens5', rule: { priority: 1024 } });
  });

  it('a node address is delivered locally, and a missing route is said so', () => {
    expect(routeFor(RULES, ROUTES, { dst: '192.168.1.37' })).toMatchObject({
      dev: 'lo',
      rule: { priority: 0 },
    });
    expect(routeFor(RULES, [], { dst: '10.0.0.1' })).toMatchObject({
      dev: null,
      failure: 'no route',
    });
  });
});
