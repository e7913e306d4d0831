/**
 * "Capture here" from elsewhere in the app (the topology's details panel): a host and an
 * interface the Capture tab's form takes over, then the tab opens.
 */
import type { Topology } from '../../../../shared/model/topology';
import { useAppStore } from '../../state/app-store';
import { defineStore } from '../../state/define-store';
import { eniKey, nodeKey, podKey, type ElementData } from '../topology/graph-elements';

/** Where to capture: one host, one interface. */
export interface CaptureTarget {
  hostId: string;
  iface: string;
  /** What the user clicked, for the button: `pod default/nginx-1`, `ENI ens6`. */
  label: string;
}

interface CaptureRequestState {
  request: (CaptureTarget & { at: number }) | null;
  ask: (target: CaptureTarget) => void;
}

export const useCaptureRequest = defineStore<CaptureRequestState>((set) => ({
  request: null,
  ask: (target) => set({ request: { ...target, at: Date.now() } }),
}));

/** Prefills the Capture tab with `target` and opens it. */
export function requestCapture(target: CaptureTarget): void {
  useCaptureRequest.getState().ask(target);
  useAppStore.getState().setTab('capture');
}

/**
 * The capture point of a graph element: a pod's host-side veth on its node, an ENI's interface
 * (`ens5`, `ens6`) on its node. Undefined when the node is no workspace host or the interface is
 * unknown (never guessed).
 */
export function captureTargetOf(
  model: Pick<Topology, 'nodes' | 'pods'>,
  selected: Pick<ElementData, 'kind' | 'ref'>,
): CaptureTarget | undefined {
  if (selected.kind === 'pod') {
    const pod = model.pods.find((p) => podKey(p) === selected.ref);
    const node = model.nodes.find((n) => n.nodeName !== undefined && n.nodeName === pod?.nodeName);
    if (pod?.hostVeth === undefined || node?.hostId === undefined) return undefined;
    return { hostId: node.hostId, iface: pod.hostVeth, label: `pod ${podKey(pod)}` };
  }
  if (selected.kind === 'eni') {
    for (const [index, node] of model.nodes.entries()) {
      const key = nodeKey(node, index);
      const eni = node.enis.find((e, i) => eniKey(e, key, i) === selected.ref);
      if (eni === undefined) continue;
      if (eni.interfaceName === undefined || node.hostId === undefined) return undefined;
      return { hostId: node.hostId, iface: eni.interfaceName, label: `ENI ${eni.interfaceName}` };
    }
  }
  return undefined;
}
