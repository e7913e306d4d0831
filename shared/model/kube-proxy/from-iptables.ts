import { findChain, newSummary, summarizeRule } from '../../parsers/iptables';
import type { IptablesChain, IptablesRuleset, IptablesTable } from '../../parsers/iptables';
import { WarningList, type Parsed } from '../../parsers/parse-result';
import { ChainWalker, ruleCount } from './chain-walker';
import { addOnce, chainHash, Drafts, nameFrom, type Draft } from './drafts';
import { deferWalk, type WalkedPart } from './lazy-port';
import { copyDraft, indexReads, type CachedPort, type ResolverCache } from './resolver-cache';
import { collectFilterRules, collectNodePorts, collectServiceFrontends } from './frontends';
import { parseServiceComment } from './service-comment';
import { lookupName, type ServiceEndpoint, type ServiceNames, type ServicePort } from './types';

/** Options for reading Services out of iptables rules. */
export interface IptablesServiceOptions {
  /** Names for Service ports whose rules carry no comments (from `kubectl get svc -A`). */
  names?: ServiceNames;
  /**
   * Walk each Service port's chains (its endpoints, issues and session affinity) only when one of
   * those fields is first read ({@link deferWalk}). Default: for listings of at least
   * {@link DEFER_FROM} Service ports, where making every endpoint up front is most of the cost.
   */
  deferEndpoints?: boolean;
}

/** From this many Service ports on, endpoints are walked on first read unless told otherwise. */
export const DEFER_FROM = 1000;

function pickNat(ruleset: IptablesRuleset): IptablesTable | undefined {
  const nat = ruleset.tables.find((t) => t.name === 'nat');
  if (nat !== undefined) return nat;
  return ruleset.tables.find(
    (t) => t.name !== 'filter' && findChain(t, 'KUBE-SERVICES') !== undefined,
  );
}

/**
 * Reads every Service port kube-proxy (iptables mode) programmed, from a parsed `iptables-save`,
 * `iptables -t nat -S`, kube-proxy restore text or `iptables -t nat -L -n -v` (plus the filter
 * table when present): cluster IP and port, NodePort, external and load-balancer IPs, traffic
 * policy, session affinity, and the endpoints in rule order with their effective shares and the
 * rules on the way. Works from chain structure alone when rules carry no comments.
 *
 * The resolver keeps what each chain leads to, so after {@link replaceChain} only the chains
 * that reach the replaced one are walked again.
 *
 * @example
 * const { value: ruleset } = parseIptables(text);
 * const { value: services } = new IptablesServiceResolver(ruleset).services();
 * services[0]; // { namespace: 'ns1', name: 'svc1', portName: 'p80', clusterIP: '172.30.0.41', port: 80, … }
 */
export class IptablesServiceResolver {
  private readonly nat: IptablesTable | undefined;
  private readonly filter: IptablesTable | undefined;
  private readonly walker: ChainWalker | null;
  /** What the last {@link services} call read and answered, for {@link refresh}. */
  private cache: ResolverCache | null = null;
  /** Chains whose outcome may have changed since the cache was made. */
  private readonly stale = new Set<string>();
  /** Whether the last full answer deferred the walks ({@link IptablesServiceOptions.deferEndpoints}). */
  private isDeferring = false;

  constructor(
    ruleset: IptablesRuleset,
    private readonly options: IptablesServiceOptions = {},
  ) {
    this.nat = pickNat(ruleset);
    this.filter = ruleset.tables.find((t) => t.name === 'filter');
    this.walker = this.nat === undefined ? null : new ChainWalker(this.nat);
  }

  /** Chains walked so far (not served from memory). */
  get chainsWalked(): number {
    return this.walker?.walked ?? 0;
  }

  /** Uses `chain` (e.g. from a fresh `iptables -t nat -S KUBE-SVC-…`) instead of the nat chain of that name. */
  replaceChain(chain: IptablesChain): void {
    this.replaceChains([chain]);
  }

  /**
   * Like {@link replaceChain} for many chains at once, as after a kube-proxy sync. The next
   * {@link services} recomputes only the Service ports that read a changed chain (directly or
   * through the chains it jumps to) and keeps the KUBE-SERVICES dispatch as read; replacing a
   * chain the dispatch itself was read from (KUBE-SERVICES, KUBE-NODEPORTS, a custom chain they
   * jump to) or a pass-through chain (KUBE-MARK-MASQ) recomputes everything.
   */
  replaceChains(chains: readonly IptablesChain[]): void {
    const walker = this.walker;
    if (walker === null || chains.length === 0) return;
    const dirty = walker.replace(...chains);
    if (dirty === null) this.cache = null;
    else for (const name of dirty) this.stale.add(name);
  }

  /** The Service ports, in the order their first rule appears. */
  services(): Parsed<ServicePort[]> {
    const cache = this.cache;
    if (cache !== null && ![...cache.dispatchChains].some((name) => this.stale.has(name)))
      return this.refresh(cache);
    const warnings = new WarningList();
    const drafts = new Drafts();
    const walker = this.walker;
    const dispatchChains = new Set<string>(['KUBE-SERVICES', 'KUBE-NODEPORTS']);
    if (walker === null || this.nat === undefined) {
      warnings.add(0, 'no nat table with KUBE-SERVICES: no Service can be resolved');
    } else {
      const services = walker.chain('KUBE-SERVICES');
      if (services === undefined) warnings.add(0, 'the nat table has no KUBE-SERVICES chain');
      else collectServiceFrontends(walker, this.nat, services, drafts, 0, dispatchChains);
      const nodePorts = walker.chain('KUBE-NODEPORTS');
      if (nodePorts !== undefined) collectNodePorts(this.nat, nodePorts, drafts);
    }
    const filter = this.filter;
    if (filter !== undefined) collectFilterRules(filter, drafts, (name) => findChain(filter, name));
    const snapshots = drafts.list.map(copyDraft);
    this.isDeferring = this.options.deferEndpoints ?? drafts.list.length >= DEFER_FROM;
    const entries = drafts.list.map((draft, i) => {
      const entry: CachedPort = { snapshot: snapshots[i] as Draft, port: draft.port, base: null };
      this.fill(entry, draft);
      return entry;
    });
    this.stale.clear();
    const index = indexReads(snapshots);
    this.cache = { dispatchChains, entries, warnings: warnings.items, ...index };
    return { value: entries.map((e) => e.port), warnings: warnings.items };
  }

  /** Recomputes the cached Service ports that read a replaced chain; the rest are kept. */
  private refresh(cache: ResolverCache): Parsed<ServicePort[]> {
    const affected = new Set<number>();
    for (const name of this.stale) {
      const hash = chainHash(name);
      for (const i of (hash === null ? undefined : cache.byHash.get(hash)) ?? []) affected.add(i);
      for (const i of cache.byChain.get(name) ?? []) affected.add(i);
    }
    this.stale.clear();
    cache.entries.forEach((entry, i) => {
      if (affected.has(i)) this.fill(entry, copyDraft(entry.snapshot));
      // Not walked under the current chains (so a replace cannot tell whether it read them):
      // answered again from the chains as they are now; the earlier answer keeps its own view.
      else if (entry.base !== null) entry.port = this.deferred(entry, entry.base);
    });
    return { value: cache.entries.map((e) => e.port), warnings: cache.warnings };
  }

  /**
   * Finishes a draft read from the frontends into `entry.port`: external chains and names now;
   * endpoints now, or on first read when deferring.
   */
  private fill(entry: CachedPort, draft: Draft): void {
    const walker = this.walker;
    if (walker !== null) this.finish(walker, draft);
    const named = lookupName(
      this.options.names,
      draft.port.clusterIP,
      draft.port.port,
      draft.port.protocol,
    );
    if (draft.port.name === '' && named !== undefined) Object.assign(draft.port, named);
    if (walker === null || !this.isDeferring) {
      if (walker !== null) draft.port.endpoints = this.endpointsOf(walker, draft);
      entry.port = draft.port;
      entry.base = null;
      return;
    }
    entry.base = draft;
    entry.port = this.deferred(entry, draft);
  }

  /** A port whose walk runs on first read, over the chains as they are now. */
  private deferred(entry: CachedPort, base: Draft): ServicePort {
    const walker = this.walker as ChainWalker;
    const view = walker.view;
    const port = deferWalk(base.port, (): WalkedPart => {
      const draft = copyDraft(base);
      const isCurrent = walker.view === view;
      const endpoints = walker.within(view, () => this.endpointsOf(walker, draft));
      // Walked under the current chains: the walker now knows what it read, as for an eager port.
      if (isCurrent && entry.port === port) entry.base = null;
      const p = draft.port;
      return { endpoints, issues: p.issues, sessionAffinity: p.sessionAffinity };
    });
    return port;
  }

  /** Everything but the endpoint walk: the Service chain, external chains, a name from comments. */
  private finish(walker: ChainWalker, draft: Draft): void {
    const p = draft.port;
    const hash = draft.hash;
    if (
      draft.ladder.length === 0 &&
      hash !== null &&
      walker.chain(`KUBE-SVC-${hash}`) !== undefined
    ) {
      draft.ladder.push({ probability: null, chain: `KUBE-SVC-${hash}`, dnat: null, line: null });
    }
    const first = draft.ladder[0];
    if (first?.chain !== null && first?.chain !== undefined) p.svcChain = first.chain;
    const isExternal =
      p.nodePort !== null || p.externalIPs.length > 0 || p.loadBalancerIPs.length > 0;
    if (hash !== null && isExternal) this.readExternalChains(walker, draft, hash);
    if (p.name === '' && p.svcChain !== undefined) this.nameFromChain(walker, draft, p.svcChain);
  }

  private endpointsOf(walker: ChainWalker, draft: Draft): ServiceEndpoint[] {
    const p = draft.port;
    const only = draft.ladder[0];
    if (
      draft.ladder.length === 1 &&
      only !== undefined &&
      only.chain !== null &&
      only.probability === null
    ) {
      const chain = walker.chain(only.chain);
      if (chain === undefined) {
        p.issues.push(`${only.chain} is not in the listing`);
        return [];
      }
      if (ruleCount(chain) === 0)
        p.issues.push(`${chain.name} is declared but has no rules (listing cut off?)`);
      const outcome = walker.outcome(chain);
      for (const issue of outcome.issues) addOnce(p.issues, issue);
      if (outcome.affinitySeconds !== null)
        p.sessionAffinity = { timeoutSeconds: outcome.affinitySeconds };
      return outcome.endpoints;
    }
    // A hand-written ladder in KUBE-SERVICES itself: compose it like a chain.
    const endpoints: ServiceEndpoint[] = [];
    let remaining = 1;
    for (const step of draft.ladder) {
      const taken = remaining * (step.probability ?? 1);
      if (step.dnat !== null) {
        const lines = step.line === null ? [] : [step.line];
        endpoints.push({
          ...step.dnat,
          probability: taken,
          ruleProbability: step.probability,
          lines,
        });
        remaining -= taken;
        continue;
      }
      const chain = step.chain === null ? undefined : walker.chain(step.chain);
      if (chain === undefined) continue;
      const outcome = walker.outcome(chain);
      for (const e of outcome.endpoints) {
        const lines = step.line === null ? e.lines : [step.line, ...e.lines];
        endpoints.push({
          ...e,
          probability: e.probability * taken,
          ruleProbability: step.probability,
          lines,
        });
      }
      if (outcome.affinitySeconds !== null)
        p.sessionAffinity = { timeoutSeconds: outcome.affinitySeconds };
      remaining -= taken * (1 - outcome.passThrough);
    }
    return endpoints;
  }

  /** KUBE-EXT-… (traffic policy) and KUBE-FW-… (load-balancer source ranges) of one Service. */
  private readExternalChains(walker: ChainWalker, draft: Draft, hash: string): void {
    const s = newSummary();
    const p = draft.port;
    // Releases before 1.24 named the local-endpoints chain KUBE-XLB and used it only for external traffic.
    if (walker.chain(`KUBE-XLB-${hash}`) !== undefined) p.externalTrafficPolicy = 'Local';
    const ext = walker.chain(`KUBE-EXT-${hash}`);
    for (let i = 0; ext !== undefined && i < ruleCount(ext); i++) {
      summarizeRule(ext, i, s, true);
      const isLocalJump = s.target === 'jump' && /^KUBE-(SVL|XLB)-/.test(s.targetChain);
      if (isLocalJump || s.comments.some((c) => c.startsWith('pod traffic for ')))
        p.externalTrafficPolicy = 'Local';
    }
    const fw = p.loadBalancerIPs.length > 0 ? walker.chain(`KUBE-FW-${hash}`) : undefined;
    for (let i = 0; fw !== undefined && i < ruleCount(fw); i++) {
      summarizeRule(fw, i, s, false);
      if (s.source !== null && !s.isSourceNegated && s.target === 'jump')
        addOnce(p.loadBalancerSourceRanges, s.source);
    }
  }

  private nameFromChain(walker: ChainWalker, draft: Draft, name: string): void {
    const chain = walker.chain(name);
    const s = newSummary();
    for (
      let i = 0;
      chain !== undefined && i < Math.min(3, ruleCount(chain)) && draft.port.name === '';
      i++
    ) {
      summarizeRule(chain, i, s, true);
      for (const c of s.comments) nameFrom(draft, parseServiceComment(c));
    }
  }
}

/** Reads the Service ports of a parsed iptables listing (see {@link IptablesServiceResolver}). */
export function servicesFromIptables(
  ruleset: IptablesRuleset,
  options: IptablesServiceOptions = {},
): Parsed<ServicePort[]> {
  return new IptablesServiceResolver(ruleset, options).services();
}
