import { describe, expect, it } from 'vitest';
import { parseIptables } from './parse-iptables';
import type { IptablesChain, IptablesRuleset } from './types';

function chainOf(ruleset: IptablesRuleset, table: string, name: string): IptablesChain {
  const chain = ruleset.tables.find((t) => t.name === table)?.chains.find((c) => c.name === name);
  if (chain === undefined) throw new Error(`no ${table} ${name}`);
  return chain;
}

function ruleOf(ruleset: IptablesRuleset, table: string, chain: string, index: number) {
  const rule = chainOf(ruleset, table, chain).rules[index - 1];
  if (rule === undefined) throw new Error(`no rule ${index} in ${chain}`);
  return JSON.parse(JSON.stringify(rule)) as Record<string, unknown>;
}

describe('iptables save format details', () => {
  it('reads -c counters before rules and on chain headers', () => {
    const text = [
      '*filter',
      ':INPUT ACCEPT [12:3456]',
      '[5:300] -A INPUT -i lo -j ACCEPT',
      'COMMIT',
      '',
    ].join('\n');
    const { value, warnings } = parseIptables(text);
    expect(warnings).toEqual([]);
    expect(chainOf(value, 'filter', 'INPUT').counters).toEqual({
      packets: 12,
      bytes: 3456,
      isApproximate: false,
    });
    expect(ruleOf(value, 'filter', 'INPUT', 1)).toMatchObject({
      counters: { packets: 5, bytes: 300 },
      inInterface: { name: 'lo' },
      raw: '[5:300] -A INPUT -i lo -j ACCEPT',
    });
  });

  it('reads `iptables -S -v` counters and policies', () => {
    const text = '-P INPUT ACCEPT -c 7 420\n-A INPUT -p tcp -m tcp --dport 22 -c 3 180 -j ACCEPT\n';
    const { value } = parseIptables(text, { table: 'filter' });
    expect(chainOf(value, 'filter', 'INPUT').counters).toMatchObject({ packets: 7, bytes: 420 });
    expect(ruleOf(value, 'filter', 'INPUT', 1)).toMatchObject({
      counters: { packets: 3, bytes: 180 },
    });
  });

  it('handles -I, -F and -X in restore input', () => {
    const text = [
      '*nat',
      ':A - [0:0]',
      ':B - [0:0]',
      '-A A -j RETURN',
      '-I A 1 -j ACCEPT',
      '-X B',
      'COMMIT',
    ].join('\n');
    const { value } = parseIptables(text);
    expect(value.tables[0]?.chains.map((c) => c.name)).toEqual(['A']);
    expect(chainOf(value, 'nat', 'A').rules.map((r) => [r.index, r.target])).toEqual([
      [1, { kind: 'verdict', verdict: 'ACCEPT' }],
      [2, { kind: 'verdict', verdict: 'RETURN' }],
    ]);
  });

  it('keeps escaped quotes in comments and warns about text it cannot tokenize', () => {
    const text =
      '-A X -m comment --comment "say \\"hi\\" now" -j ACCEPT\n-A X -m comment --comment "cut off -j DROP\n';
    const { value, warnings } = parseIptables(text);
    const rules = chainOf(value, 'filter', 'X').rules;
    expect(rules[0]?.matches).toEqual([
      { kind: 'comment', module: 'comment', text: 'say "hi" now' },
    ]);
    expect(warnings).toEqual([
      {
        line: 2,
        message: 'rule text cannot be tokenized: unterminated quote',
        raw: expect.any(String) as string,
      },
    ]);
    expect(rules[1]?.problem).toBe('rule text cannot be tokenized: unterminated quote');
  });

  it('accepts old `! after option` negation and implicit port matches', () => {
    const { value } = parseIptables('-A X -s ! 10.0.0.0/8 -p udp --dport ! 53 -j DROP\n');
    expect(ruleOf(value, 'filter', 'X', 1)).toMatchObject({
      source: { isNegated: true, address: '10.0.0.0/8' },
      matches: [{ kind: 'ports', module: 'udp', dport: { isNegated: true, text: '53' } }],
    });
  });

  it('warns about lines in no iptables format, with their line numbers', () => {
    const { warnings } = parseIptables('*nat\nhello world\n-A X -j ACCEPT\n');
    expect(warnings).toEqual([{ line: 2, message: 'not an iptables line', raw: 'hello world' }]);
  });
});
