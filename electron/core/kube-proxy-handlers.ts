import type { Params, Result } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/reply';
import { collectHostServices } from '../collectors/kube-proxy';
import { readDistribution, zeroDistribution } from '../collectors/kube-proxy-counters';
import { setDemoKubeProxyMode } from '../collectors/kube-proxy-mode';
import { TrafficLoops } from '../collectors/kube-proxy-traffic';
import type { Host } from '../hosts/host';
import type { EmitEvent } from './stream-hub';
import type { WorkspaceRegistry } from './workspaces';

type KubeProxyRequest =
  | 'kubeproxy:services'
  | 'kubeproxy:zero'
  | 'kubeproxy:counters'
  | 'kubeproxy:traffic'
  | 'demo:kube-proxy-mode';

export type KubeProxyHandlers = {
  [N in KubeProxyRequest]: (params: Params<N>) => Promise<Result<N>>;
};

/** The operator host of a workspace (the one that runs kubectl), if it has one. */
export function operatorOf(hosts: readonly Host[], hostId?: string): Host | undefined {
  if (hostId !== undefined) return hosts.find((h) => h.description.id === hostId);
  return hosts.find((h) => h.description.role === 'operator');
}

/**
 * The Service explorer's requests for one session. Traffic loops belong to the session: when
 * `closing` aborts they stop, so no `kubectl exec` keeps running after the window that started
 * it is gone.
 */
export function kubeProxyHandlers(
  registry: WorkspaceRegistry,
  emit: EmitEvent,
  closing: AbortSignal,
): KubeProxyHandlers {
  const loops = new TrafficLoops((state) => emit('kubeproxy:traffic', state));
  closing.addEventListener('abort', () => loops.stopAll('session closed'), { once: true });
  const hostOf = (workspaceId: string, hostId: string): Host => {
    const [host] = registry.hosts(workspaceId, [hostId]);
    if (host === undefined) throw new ApiError('not-found', `no host ${hostId}`);
    return host;
  };
  return {
    'kubeproxy:services': (p) => {
      const entry = registry.get(p.workspaceId);
      return collectHostServices(
        p.workspaceId,
        hostOf(p.workspaceId, p.hostId),
        operatorOf(entry.hosts),
      );
    },
    'kubeproxy:zero': (p) => zeroDistribution(hostOf(p.workspaceId, p.hostId), p.target),
    'kubeproxy:counters': (p) => readDistribution(hostOf(p.workspaceId, p.hostId), p.target),
    'kubeproxy:traffic': (p) => {
      if (p.action === 'stop') return Promise.resolve(loops.stop(p.trafficId));
      if (closing.aborted) throw new ApiError('unavailable', 'the session is closed');
      const entry = registry.get(p.workspaceId);
      const operator = operatorOf(entry.hosts, p.operatorHostId);
      if (operator === undefined) {
        throw new ApiError(
          'not-found',
          p.operatorHostId === undefined
            ? `workspace ${p.workspaceId} has no operator host to run kubectl exec from`
            : `no host ${p.operatorHostId} in workspace ${p.workspaceId}`,
        );
      }
      return Promise.resolve(loops.start(p.workspaceId, operator, p));
    },
    'demo:kube-proxy-mode': (p) => {
      const entry = registry.get(p.workspaceId);
      if (entry.kind !== 'demo') {
        throw new ApiError(
          'invalid-params',
          `kubelab switches kube-proxy's mode only in the demo lab; "${entry.name}" is a real ` +
            'cluster — edit its kube-proxy ConfigMap and restart the DaemonSet yourself',
        );
      }
      const operator = operatorOf(entry.hosts);
      if (operator === undefined)
        throw new ApiError('not-found', `the demo workspace ${p.workspaceId} has no operator`);
      return setDemoKubeProxyMode(operator, p.mode, p.scheduler);
    },
  };
}
