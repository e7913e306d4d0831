/**
 * A host's kernel networking state, derived from the cluster model at a moment in time: links
 * and addresses, routing tables, policy rules and neighbours. Every `ip`, `route -n` and
 * `ip neigh` output of a demo host is rendered from this one view.
 */
import type { Cluster, Instance } from '../model/types';
import { hostFacts } from './facts';
import { hostLinks } from './links';
import type { HostNet } from './net-types';
import { hostNeighbours, hostRules } from './policy';
import { hostRoutes } from './routes';

export type { Address, HostNet, Link, Neighbour, PolicyRule, Route } from './net-types';
export { attachedEnis, eniTable, gatewayMac, linkLocal, networkedPods } from './facts';

export function hostNet(cluster: Cluster, inst: Instance, now: number): HostNet {
  const facts = hostFacts(cluster, inst, now);
  const links = hostLinks(facts);
  return {
    links,
    routes: hostRoutes(facts, links),
    rules: hostRules(facts),
    neighbours: hostNeighbours(facts),
  };
}
