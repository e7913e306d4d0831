import { quote } from 'shell-quote';
import { z } from 'zod';
import type { DemoDeployment } from '../../shared/api/contract-demo';
import type { Params, Result } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/reply';
import type { Host } from '../hosts/host';
import type { WorkspaceRegistry } from './workspaces';

export type DemoHandlers = {
  [N in 'demo:deployments' | 'demo:scale']: (params: Params<N>) => Promise<Result<N>>;
};

/** The part of `kubectl get deployment -o json` the UI shows. */
const KubeDeployment = z.object({
  metadata: z.object({ namespace: z.string(), name: z.string() }),
  spec: z.object({ replicas: z.number().int().nonnegative().optional() }),
  status: z
    .object({
      replicas: z.number().int().nonnegative().optional(),
      readyReplicas: z.number().int().nonnegative().optional(),
    })
    .optional(),
});
const KubeDeploymentList = z.object({ items: z.array(KubeDeployment) });

function toDeployment(item: z.infer<typeof KubeDeployment>): DemoDeployment {
  return {
    namespace: item.metadata.namespace,
    name: item.metadata.name,
    desired: item.spec.replicas ?? 1,
    ready: item.status?.readyReplicas ?? 0,
    current: item.status?.replicas ?? 0,
  };
}

/**
 * The demo's Deployments and scaling, carried out by `kubectl` on the demo operator host: the
 * same command a user types in its terminal, so both paths drive one simulated cluster and every
 * other command's output (ip, aws, ipamd) agrees with the result.
 */
export function demoHandlers(registry: WorkspaceRegistry): DemoHandlers {
  const operatorOf = (workspaceId: string): Host => {
    const entry = registry.get(workspaceId);
    if (entry.kind !== 'demo') {
      throw new ApiError(
        'invalid-params',
        `scaling from kubelab works only in the demo lab; "${entry.name}" is a real cluster — ` +
          'use kubectl scale in its operator host’s terminal',
      );
    }
    const operator = entry.hosts.find((host) => host.description.role === 'operator');
    if (operator === undefined)
      throw new ApiError('not-found', `the demo workspace ${workspaceId} has no operator host`);
    return operator;
  };
  /** Runs kubectl on the operator; a failure's first line becomes the error the UI shows. */
  const kubectl = async (host: Host, args: string[]): Promise<string> => {
    const result = await host.exec(quote(['kubectl', ...args]), { timeoutMs: 10_000 });
    if (result.exitCode === 0) return result.stdout;
    const said = (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
    const code = said.includes('NotFound') ? 'not-found' : 'internal';
    throw new ApiError(code, said === '' ? `kubectl ${args[0] ?? ''} failed` : said);
  };
  const kubectlJson = async <T>(host: Host, args: string[], schema: z.ZodType<T>): Promise<T> => {
    let json: unknown;
    try {
      json = JSON.parse(await kubectl(host, [...args, '-o', 'json']));
    } catch (cause) {
      if (cause instanceof ApiError) throw cause;
      throw new ApiError('internal', `kubectl ${args[0] ?? ''} printed no JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new ApiError('internal', `unexpected kubectl output: ${parsed.error.message}`);
    return parsed.data;
  };
  return {
    'demo:deployments': async (p) => {
      const operator = operatorOf(p.workspaceId);
      const list = await kubectlJson(operator, ['get', 'deployments', '-A'], KubeDeploymentList);
      return list.items.map(toDeployment);
    },
    'demo:scale': async (p) => {
      const operator = operatorOf(p.workspaceId);
      const target = ['deployment', p.deployment, '-n', p.namespace];
      await kubectl(operator, ['scale', ...target, '--replicas', String(p.replicas)]);
      return toDeployment(await kubectlJson(operator, ['get', ...target], KubeDeployment));
    },
  };
}
