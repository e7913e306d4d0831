/**
 * One SSH connection per target (user@host:port plus its jump chain), shared by every exec,
 * stream and shell on it; jump hosts are the same pooled connections their own commands use.
 */
import { PooledConnection } from './pooled-connection';
import { withDefaults, type ResolvedPoolOptions, type SshPoolOptions } from './pool-options';
import type { SshTarget } from './types';

export { PooledConnection } from './pooled-connection';
export { HANDSHAKE_LIMIT, type SshPoolOptions } from './pool-options';

export function hopKey(target: Pick<SshTarget, 'user' | 'host' | 'port'>): string {
  return `${target.user}@${target.host}:${target.port}`;
}

/**
 * Every hop in front of `target`, first first, flattened: like `ssh -J a,b`, the first hop is
 * reached through its own jump hosts and later hops only through the hops before them.
 */
export function jumpChain(target: SshTarget): SshTarget[] {
  const [first, ...rest] = target.jumps;
  if (!first) return [];
  return [
    ...jumpChain(first),
    { ...first, jumps: [] },
    ...rest.map((hop) => ({ ...hop, jumps: [] })),
  ];
}

export class SshPool {
  private readonly options: ResolvedPoolOptions;
  private readonly connections = new Map<string, PooledConnection>();

  constructor(options: SshPoolOptions) {
    this.options = withDefaults(options);
  }

  /** The pooled connection for `target` through its jump chain, created on first use. */
  connection(target: SshTarget): PooledConnection {
    const chain = jumpChain(target);
    const key = [...chain.map(hopKey), hopKey(target)].join(' → ');
    let pooled = this.connections.get(key);
    if (!pooled) {
      // Each hop rides on the pooled connection of the hops before it.
      const last = chain.at(-1);
      const jump = last ? this.connection({ ...last, jumps: chain.slice(0, -1) }) : undefined;
      pooled = new PooledConnection(key, target, chain, jump, this.options);
      this.connections.set(key, pooled);
    }
    return pooled;
  }

  /** Closes every connection; pending work fails. */
  closeAll(): void {
    for (const pooled of this.connections.values()) pooled.close();
    this.connections.clear();
  }
}
