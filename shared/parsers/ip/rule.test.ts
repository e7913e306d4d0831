import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { parseIpRoute } from './route';
import { parseIpRule, parseIpRuleJson } from './rule';

describeWithFixtures('ip rule over the fixture kit', (kit) => {
  it('reads the VPC CNI proposal rules: to-pod, negated VPC rule, named table', () => {
    const { value, warnings } = parseIpRule(kit.read('ip/rule-vpccni-proposal.txt'));
    expect(warnings).toEqual([]);
    expect(value.map((r) => r.priority)).toEqual([0, 512, 1025, 1536]);
    expect(value[1]).toMatchObject({ priority: 512, to: '10.0.97.30', table: 'main', line: 2 });
    expect(value[1]?.from).toBeUndefined();
    expect(value[2]).toMatchObject({ priority: 1025, not: true, to: '10.0.0.0/16', table: 'main' });
    expect(value[3]).toMatchObject({ priority: 1536, from: '10.0.97.30', table: 'eni-1' });
    expect(value[3]?.raw).toBe('1536:\tfrom 10.0.97.30 lookup eni-1 ');
  });

  it('reads 34 pods, the connmark rule and per-ENI tables 2 and 3', () => {
    const { value, warnings } = parseIpRule(
      kit.read('ip/rule-eks-vpccni-3eni-34pods-lookup-2-3.txt'),
    );
    expect(warnings).toEqual([]);
    const toPod = value.filter((r) => r.priority === 512);
    expect(toPod).toHaveLength(34);
    expect(toPod.every((r) => r.table === 'main' && r.from === undefined)).toBe(true);
    expect(value.find((r) => r.priority === 1024)).toMatchObject({
      fwmark: '0x80/0x80',
      table: 'main',
    });
    const fromPod = value.filter((r) => r.priority === 1536);
    expect(fromPod.filter((r) => r.table === '2')).toHaveLength(14);
    expect(fromPod.filter((r) => r.table === '3')).toHaveLength(6);
    expect(fromPod.find((r) => r.from === '172.31.56.137')?.table).toBe('2');
    expect(fromPod.find((r) => r.from === '172.31.53.238')?.table).toBe('3');
    const onEni0 = toPod.filter((r) => !fromPod.some((f) => f.from === r.to));
    expect(onEni0).toHaveLength(14);
  });

  it('has the same pod set in the 512 rules as in the main table host routes', () => {
    const rules = parseIpRule(kit.read('ip/rule-eks-vpccni-3eni-34pods-lookup-2-3.txt')).value;
    const routes = parseIpRoute(kit.read('ip/route-eks-vpccni-3eni-34pods-main.txt')).value;
    const rulePods = rules
      .filter((r) => r.priority === 512)
      .map((r) => r.to)
      .sort();
    const routePods = routes
      .filter((r) => r.dev?.startsWith('eni') === true)
      .map((r) => r.dst)
      .sort();
    expect(routePods).toEqual(rulePods);
  });

  it('reads a 2026 node: two to-pod rules, the secondary ENI rule at 32765, no 1536 rules', () => {
    const { value, warnings } = parseIpRule(kit.read('ip/rule-eks-node1-vpccni-32765.txt'));
    expect(warnings).toEqual([]);
    expect(value.filter((r) => r.priority === 512).map((r) => r.to)).toEqual([
      '192.168.5.1',
      '192.168.4.248',
    ]);
    expect(value.find((r) => r.priority === 32765)).toMatchObject({
      from: '192.168.7.41',
      table: '2',
    });
    expect(value.some((r) => r.priority === 1536)).toBe(false);
  });

  it('reads branch-ENI iif rules and the local rule moved to 20', () => {
    const { value, warnings } = parseIpRule(kit.read('ip/rule-eks-trunk-branch-eni-iif.txt'));
    expect(warnings).toEqual([]);
    const iif = value.filter((r) => r.priority === 10).map((r) => [r.iif, r.table]);
    expect(iif).toEqual([
      ['vlan.eth.2', '102'],
      ['vlan1c357e15edb', '102'],
      ['vlan.eth.1', '101'],
      ['vlan015fbd5badf', '101'],
    ]);
    expect(value.find((r) => r.table === 'local')?.priority).toBe(20);
  });

  it('reads the Cilium ENI fwmark rule and the local rule at 100', () => {
    const { value, warnings } = parseIpRule(kit.read('ip/rule-cilium-eni-aws-fwmark-2004.txt'));
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({ priority: 9, fwmark: '0x200/0xf00', table: '2004' });
    expect(value.find((r) => r.table === 'local')?.priority).toBe(100);
  });
});

describe('ip rule edge cases', () => {
  it('reads the less common selectors and actions', () => {
    const text = [
      '100:\tfrom all iif lo oif vrf-blue [detached] uidrange 1000-2000 lookup 200',
      '200:\tfrom 10.0.0.0/8 ipproto tcp dport 443 lookup 7 suppress_prefixlength 0',
      '300:\tfrom all l3mdev lookup main',
      '400:\tfrom all goto 500',
      '500:\tfrom all to 192.0.2.0/24 blackhole',
      '600:\tfrom all tos 0x10 nop',
    ].join('\n');
    const { value, warnings } = parseIpRule(text);
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({
      iif: 'lo',
      oif: 'vrf-blue',
      uidrange: '1000-2000',
      table: '200',
    });
    expect(value[1]).toMatchObject({
      from: '10.0.0.0/8',
      ipproto: 'tcp',
      dport: '443',
      suppressPrefixlength: 0,
    });
    expect(value[2]).toMatchObject({ l3mdev: true, table: 'main' });
    expect(value[3]).toMatchObject({ action: 'goto', gotoPriority: 500 });
    expect(value[4]).toMatchObject({ to: '192.0.2.0/24', action: 'blackhole' });
    expect(value[5]).toMatchObject({ tos: '0x10', action: 'nop' });
  });

  it('warns about unknown tokens, dangling keys and non-rule lines, with line numbers', () => {
    const { value, warnings } = parseIpRule(
      '0:\tfrom all lookup local\nhello world\n5:\tfrom all frobnicate lookup\n',
    );
    expect(value).toHaveLength(2);
    expect(value[1]?.extra).toEqual(['frobnicate', 'lookup']);
    expect(warnings.map((w) => w.line)).toEqual([2, 3, 3, 3]);
  });

  it('reads ip -j rule', () => {
    const json = JSON.stringify([
      { priority: 0, src: 'all', table: 'local' },
      { priority: 512, src: 'all', dst: '10.0.97.30', table: 'main' },
      { priority: 1024, src: 'all', fwmark: '0x80', fwmask: '0x80', table: 'main' },
      { priority: 1025, not: null, src: 'all', dst: '10.0.0.0', dstlen: 16, table: 'main' },
      { priority: 1536, src: '10.0.97.30', table: 'eni-1' },
      { priority: 10, src: 'all', iif: 'vlan.eth.2', table: '102' },
    ]);
    const { value, warnings } = parseIpRuleJson(json);
    expect(warnings).toEqual([]);
    expect(value[1]).toMatchObject({
      priority: 512,
      to: '10.0.97.30',
      table: 'main',
      line: 0,
      path: '[1]',
    });
    expect(value[2]?.fwmark).toBe('0x80/0x80');
    expect(value[3]).toMatchObject({ not: true, to: '10.0.0.0/16' });
    expect(value[4]).toMatchObject({ from: '10.0.97.30', table: 'eni-1' });
    expect(value[5]?.iif).toBe('vlan.eth.2');
  });

  it('salvages ip -j rule elements around broken ones', () => {
    const { value, warnings } = parseIpRuleJson(
      '[{"priority":"x"}, 7, {"priority":5,"table":"main","iif":3}]',
    );
    expect(value).toEqual([expect.objectContaining({ priority: 5, table: 'main' })]);
    expect(warnings.map((w) => w.message)).toEqual([
      '[0].priority: expected an integer, found a string',
      '[1]: expected an object, found a number',
      '[2].iif: expected a string, found a number',
    ]);
    expect(parseIpRuleJson('{').warnings[0]?.message).toMatch(/not valid JSON/);
    expect(parseIpRuleJson('{}').warnings[0]?.message).toMatch(/expected a JSON array/);
  });
});
