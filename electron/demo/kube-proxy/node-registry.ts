/**
 * Per demo lab (ClusterStore): each node's IPVS state and where packets sent from a pod on that
 * node are counted, so a `kubectl exec … curl` typed on the operator host moves the counters of
 * the node the pod runs on.
 */
import type { ClusterStore } from '../model/store';
import type { FirstPacket } from './ipvs-walk';
import { IpvsNodeState } from './ipvs-state';

/** Where a node counts the packets that leave its pods. */
export interface PacketSink {
  observe(packet: FirstPacket): void;
}

interface LabNodes {
  ipvs: Map<string, IpvsNodeState>;
  sinks: Map<string, PacketSink>;
}

const labs = new WeakMap<ClusterStore, LabNodes>();

function nodesOf(store: ClusterStore): LabNodes {
  let nodes = labs.get(store);
  if (nodes === undefined) {
    nodes = { ipvs: new Map(), sinks: new Map() };
    labs.set(store, nodes);
  }
  return nodes;
}

/** The node's IPVS counters and scheduler state (kept while the lab lives, across mode switches). */
export function ipvsStateOf(store: ClusterStore, hostId: string): IpvsNodeState {
  const nodes = nodesOf(store);
  let state = nodes.ipvs.get(hostId);
  if (state === undefined) {
    state = new IpvsNodeState();
    nodes.ipvs.set(hostId, state);
  }
  return state;
}

/** Called once per node host when its commands are set up. */
export function registerPacketSink(store: ClusterStore, hostId: string, sink: PacketSink): void {
  nodesOf(store).sinks.set(hostId, sink);
}

export function packetSinkOf(store: ClusterStore, hostId: string): PacketSink | undefined {
  return nodesOf(store).sinks.get(hostId);
}
