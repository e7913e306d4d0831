/**
 * A host's kernel networking state, derived from the cluster model at a moment in time: links
 * and addresses, routing tables, policy rules and neighbours. Every `ip`, `route -n` and
 * `ip neigh` output of a demo host is rendered from this one view.
 */
import type { Cluster, Instance, OverlayCni } from '../model/types';
import { hostFacts, type HostFacts } from './facts';
import { hostLinks } from './links';
import type { HostNet } from './net-types';
import { hostNeighbours, hostRules } from './policy';
import { overlayLinks } from './overlay-links';
import {
  overlayLocalRoutes,
  overlayMainTable,
  overlayNeighbours,
  overlayRules,
} from './overlay-routes';
import { byDestination, hostRoutes, ipv6, localTable } from './routes';

export type { Address, HostNet, Link, Neighbour, PolicyRule, Route } from './net-types';
export { attachedEnis, eniTable, gatewayMac, linkLocal, networkedPods } from './facts';

export function hostNet(cluster: Cluster, inst: Instance, now: number): HostNet {
  const facts = hostFacts(cluster, inst, now);
  if (cluster.overlay) return overlayNet(facts, cluster.overlay);
  const links = hostLinks(facts);
  return {
    links,
    routes: hostRoutes(facts, links),
    rules: hostRules(facts),
    neighbours: hostNeighbours(facts),
  };
}

/** A minikube-Calico or kubeadm-Flannel host: no ENIs, no policy routing, a tunnel. */
function overlayNet(facts: HostFacts, overlay: OverlayCni): HostNet {
  const links = overlayLinks(facts, overlay);
  const local = [...localTable(facts, links), ...overlayLocalRoutes(links)].sort(byDestination);
  return {
    links,
    routes: [...overlayMainTable(facts, overlay), ...local, ...ipv6(links)],
    rules: overlayRules(),
    neighbours: overlayNeighbours(facts, overlay),
  };
}
