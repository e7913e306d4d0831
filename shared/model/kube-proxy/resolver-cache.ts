import type { ParseWarning } from '../../parsers/parse-result';
import { chainHash, type Draft } from './drafts';
import type { ServicePort } from './types';

/** A Service port as answered and the draft it was finished from. */
export interface CachedPort {
  snapshot: Draft;
  port: ServicePort;
  /**
   * For a port whose walk is deferred and has not run under the current chains: the finished
   * draft it was made from (everything but the walk), to answer it again after a replace.
   * Null once the port was walked under the current chains, or when it was built eagerly.
   */
  base: Draft | null;
}

/** What `IptablesServiceResolver.services()` read and answered, kept to re-resolve in part. */
export interface ResolverCache {
  /** Chains the frontends were read from: replacing one of these means reading them again. */
  dispatchChains: Set<string>;
  entries: CachedPort[];
  warnings: ParseWarning[];
  /** Entries by kube-proxy chain hash: finishing reads KUBE-SVC/SVL/EXT/FW/XLB-<hash>. */
  byHash: Map<string, number[]>;
  /** Entries by any other chain their finishing read (hand-written ladders). */
  byChain: Map<string, number[]>;
}

/** A copy of a draft that finishing the original does not change. */
export function copyDraft(draft: Draft): Draft {
  const p = draft.port;
  return {
    hash: draft.hash,
    ladder: [...draft.ladder],
    port: {
      ...p,
      externalIPs: [...p.externalIPs],
      loadBalancerIPs: [...p.loadBalancerIPs],
      loadBalancerSourceRanges: [...p.loadBalancerSourceRanges],
      endpoints: [...p.endpoints],
      issues: [...p.issues],
      lines: [...p.lines],
    },
  };
}

function addTo(index: Map<string, number[]>, key: string, entry: number): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [entry]);
  else if (list[list.length - 1] !== entry) list.push(entry);
}

/**
 * Indexes which entries read which chains. Finishing a draft reads, by name, the chains of its
 * hash and of its ladder (their outcomes cover what they jump to: the walker reports those
 * chains as changed too).
 */
export function indexReads(drafts: readonly Draft[]): Pick<ResolverCache, 'byHash' | 'byChain'> {
  const byHash = new Map<string, number[]>();
  const byChain = new Map<string, number[]>();
  drafts.forEach((draft, i) => {
    if (draft.hash !== null) addTo(byHash, draft.hash, i);
    for (const step of draft.ladder) {
      if (step.chain !== null && chainHash(step.chain) !== draft.hash)
        addTo(byChain, step.chain, i);
    }
  });
  return { byHash, byChain };
}
