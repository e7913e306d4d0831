import { describe, expect, it } from 'vitest';
import { describeHop } from './errors';
import { hopKey, jumpChain, SshPool } from './pool';
import type { SshTarget } from './types';

const t = (name: string, jumps: SshTarget[] = []): SshTarget => ({
  name,
  host: `${name}.example`,
  port: 22,
  user: 'ec2-user',
  identityFiles: [],
  identitiesOnly: false,
  jumps,
});

const neverUsed = {
  verify: () => Promise.reject(new Error('not in unit tests')),
};
const prompter = {
  hostKey: () => Promise.resolve('reject' as const),
  secret: () => Promise.resolve(null),
};

describe('jump chains', () => {
  it('reaches the first hop through its own jumps and later hops only through earlier ones', () => {
    const chain = jumpChain(t('node', [t('a', [t('outer')]), t('b', [t('ignored')])]));
    expect(chain.map((h) => h.name)).toEqual(['outer', 'a', 'b']);
    expect(chain.every((h) => h.jumps.length === 0)).toBe(true);
  });

  it('keys a pooled connection by user@host:port and its chain, sharing the jump host', () => {
    const pool = new SshPool({ verifier: neverUsed, prompter });
    const operator = t('operator');
    const node = pool.connection(t('node1', [operator]));
    expect(node.key).toBe('ec2-user@operator.example:22 → ec2-user@node1.example:22');
    expect(pool.connection(operator)).toBe(pool.connection(t('operator')));
    expect(hopKey(operator)).toBe('ec2-user@operator.example:22');
    expect(node.state()).toEqual({ kind: 'idle' });
  });

  it('names a hop with its address and the jumps in front of it', () => {
    expect(describeHop({ target: t('node1'), via: ['operator'] })).toBe(
      'node1 (ec2-user@node1.example:22 via operator)',
    );
  });
});
