/**
 * "Trace from here" from elsewhere in the app (a pod in the topology's details panel): the Trace
 * tab's form takes the source over, then the tab opens.
 */
import { useAppStore } from '../../state/app-store';
import { defineStore } from '../../state/define-store';

interface TraceRequestState {
  /** `pod/NS/NAME`, with when it was asked (so asking twice for the same pod still applies). */
  request: { from: string; at: number } | null;
  ask: (from: string) => void;
}

export const useTraceRequest = defineStore<TraceRequestState>((set) => ({
  request: null,
  ask: (from) => set({ request: { from, at: Date.now() } }),
}));

/** The trace source of a pod: `pod/NS/NAME` as `kubelab trace --from` takes it. */
export function traceSourceOfPod(pod: { namespace: string; name: string }): string {
  return `pod/${pod.namespace}/${pod.name}`;
}

/** Prefills the Trace tab's source and opens it. */
export function requestTrace(from: string): void {
  useTraceRequest.getState().ask(from);
  useAppStore.getState().setTab('trace');
}
