import { describe, expect, it } from 'vitest';
import { parseIpRouteJson, parseIpRuleJson } from '../parsers/ip';
import { formatIpRoute, routesAndRulesFor, topologyRoutes, topologyRules } from './topology-routes';

// Captured from a network namespace plumbed like a VPC CNI node (iproute2 6.1): ens6 with a
// table-2 default route, a pod's /32 to its veth and its rules, a dhcp default, an unreachable.
const ROUTE_JSON = String.raw`[{"dst":"default","gateway":"10.1.1.1","dev":"ens6","table":"2","flags":[]},{"dst":"default","gateway":"10.1.1.1","dev":"ens6","protocol":"dhcp","prefsrc":"10.1.1.5","metric":100,"flags":[]},{"dst":"10.1.1.0/24","dev":"ens6","protocol":"kernel","scope":"link","prefsrc":"10.1.1.5","flags":[]},{"dst":"10.1.1.77","dev":"ens6","scope":"link","flags":[]},{"type":"unreachable","dst":"10.9.0.0/16","flags":[]},{"type":"local","dst":"10.1.1.5","dev":"ens6","table":"local","protocol":"kernel","scope":"host","prefsrc":"10.1.1.5","flags":[]},{"type":"broadcast","dst":"10.1.1.255","dev":"ens6","table":"local","protocol":"kernel","scope":"link","prefsrc":"10.1.1.5","flags":[]},{"dst":"fe80::/64","dev":"ens6","protocol":"kernel","metric":256,"flags":[],"pref":"medium"},{"type":"multicast","dst":"ff00::/8","dev":"ens6","table":"local","protocol":"kernel","metric":256,"flags":[],"pref":"medium"}]`;
const ROUTE_TEXT = `default via 10.1.1.1 dev ens6 table 2
default via 10.1.1.1 dev ens6 proto dhcp src 10.1.1.5 metric 100
10.1.1.0/24 dev ens6 proto kernel scope link src 10.1.1.5
10.1.1.77 dev ens6 scope link
unreachable 10.9.0.0/16
local 10.1.1.5 dev ens6 table local proto kernel scope host src 10.1.1.5
broadcast 10.1.1.255 dev ens6 table local proto kernel scope link src 10.1.1.5
fe80::/64 dev ens6 proto kernel metric 256 pref medium
multicast ff00::/8 dev ens6 table local proto kernel metric 256 pref medium`;
const RULE_JSON = String.raw`[{"priority":0,"src":"all","table":"local"},{"priority":512,"src":"all","dst":"10.1.1.77","table":"main"},{"priority":1024,"src":"all","fwmark":"0x80","fwmask":"0x80","table":"main"},{"priority":1536,"src":"10.1.1.77","table":"2"},{"priority":32766,"src":"all","table":"main"},{"priority":32767,"src":"all","table":"default"}]`;
const RULE_TEXT = `0:\tfrom all lookup local
512:\tfrom all to 10.1.1.77 lookup main
1024:\tfrom all fwmark 0x80/0x80 lookup main
1536:\tfrom 10.1.1.77 lookup 2
32766:\tfrom all lookup main
32767:\tfrom all lookup default`;

describe('a node’s routes and rules in the model', () => {
  it('prints each ip -j route record as `ip route show table all` printed it', () => {
    const routes = topologyRoutes(parseIpRouteJson(ROUTE_JSON).value);
    expect(routes.map((r) => r.text)).toEqual(ROUTE_TEXT.split('\n'));
    expect(routes[3]).toEqual({
      text: '10.1.1.77 dev ens6 scope link',
      table: 'main',
      dst: '10.1.1.77',
      dev: 'ens6',
    });
    expect(routes[4]).toEqual({
      text: 'unreachable 10.9.0.0/16',
      table: 'main',
      dst: '10.9.0.0/16',
    });
  });

  it('prints each ip -j rule record as `ip rule` printed it', () => {
    const rules = topologyRules(parseIpRuleJson(RULE_JSON).value);
    expect(rules.map((r) => r.text)).toEqual(RULE_TEXT.split('\n'));
    expect(rules[3]).toEqual({
      text: '1536:\tfrom 10.1.1.77 lookup 2',
      priority: 1536,
      from: '10.1.1.77',
      table: '2',
    });
  });

  it('finds the routes and rules that mention a pod’s IP, and not those of a longer address', () => {
    const node = {
      routes: topologyRoutes(parseIpRouteJson(ROUTE_JSON).value),
      rules: topologyRules(parseIpRuleJson(RULE_JSON).value),
    };
    const found = routesAndRulesFor(node, '10.1.1.77');
    expect(found.routes.map((r) => r.text)).toEqual(['10.1.1.77 dev ens6 scope link']);
    expect(found.rules.map((r) => r.text)).toEqual([
      '512:\tfrom all to 10.1.1.77 lookup main',
      '1536:\tfrom 10.1.1.77 lookup 2',
    ]);
    expect(routesAndRulesFor(node, '10.1.1.7')).toEqual({ routes: [], rules: [] });
    // A node that did not answer `ip -j` mentions nothing.
    expect(routesAndRulesFor({}, '10.1.1.77')).toEqual({ routes: [], rules: [] });
  });

  it('a multipath route keeps its nexthops on the one line', () => {
    const [route] = parseIpRouteJson(
      '[{"dst":"default","protocol":"static","metric":100,"flags":[],"nexthops":[{"gateway":"10.0.0.1","dev":"eth0","weight":1,"flags":[]},{"gateway":"10.0.1.1","dev":"eth1","weight":2,"flags":["onlink"]}]}]',
    ).value;
    expect(route && formatIpRoute(route)).toBe(
      'default proto static metric 100 nexthop via 10.0.0.1 dev eth0 weight 1 nexthop via 10.0.1.1 dev eth1 weight 2 onlink',
    );
  });
});
