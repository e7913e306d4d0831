import { quote } from 'shell-quote';
import type { IpvsScheduler, KubeProxyMode } from '../../shared/api/contract-kube-proxy';
import { ApiError } from '../../shared/api/reply';
import {
  readProxyConfigMode,
  setProxyConfigMode,
} from '../../shared/model/kube-proxy/proxy-config';
import type { Host } from '../hosts/host';

/** Where kube-proxy's configuration lives: EKS's ConfigMap first, then kubeadm's. */
export const PROXY_CONFIG_MAPS = [
  { name: 'kube-proxy-config', key: 'config' },
  { name: 'kube-proxy', key: 'config.conf' },
] as const;

const KUBECTL_TIMEOUT_MS = 10_000;

/** The ConfigMap's mode as configured (kube-proxy applies it when its pods restart). */
export interface ConfiguredMode {
  name: string;
  key: string;
  text: string;
  mode: string;
  scheduler: string | null;
}

/** Runs kubectl on the operator; a failure's first line becomes the error. */
async function kubectl(operator: Host, args: string[]): Promise<string> {
  const command = quote(['kubectl', ...args]);
  const result = await operator.exec(command, { timeoutMs: KUBECTL_TIMEOUT_MS });
  if (result.exitCode === 0) return result.stdout;
  const said = (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
  throw new ApiError(
    said.includes('NotFound') ? 'not-found' : 'internal',
    said === '' ? `${command} failed` : said,
  );
}

/** Reads the first kube-proxy ConfigMap that exists; undefined when none does. */
export async function readConfiguredMode(operator: Host): Promise<ConfiguredMode | undefined> {
  for (const cm of PROXY_CONFIG_MAPS) {
    const jsonpath = `jsonpath={.data.${cm.key.replaceAll('.', '\\.')}}`;
    let text: string;
    try {
      text = await kubectl(operator, [
        '-n',
        'kube-system',
        'get',
        'configmap',
        cm.name,
        '-o',
        jsonpath,
      ]);
    } catch (cause) {
      if (cause instanceof ApiError && cause.code === 'not-found') continue;
      throw cause;
    }
    const { mode, scheduler } = readProxyConfigMode(text);
    return { name: cm.name, key: cm.key, text, mode, scheduler };
  }
  return undefined;
}

/**
 * Seed 003's switch on the demo's operator: edit the ConfigMap's `mode:` (a merge patch of its
 * config text), then `kubectl -n kube-system rollout restart ds kube-proxy`. The new mode takes
 * effect as the kube-proxy pods come back.
 */
export async function setDemoKubeProxyMode(
  operator: Host,
  mode: KubeProxyMode,
  scheduler: IpvsScheduler | undefined,
): Promise<{ mode: KubeProxyMode; scheduler: string; commands: string[] }> {
  const current = await readConfiguredMode(operator);
  if (current === undefined)
    throw new ApiError('not-found', 'the demo cluster has no kube-proxy ConfigMap');
  const next = setProxyConfigMode(current.text, mode, scheduler);
  const patch = JSON.stringify({ data: { [current.key]: next } });
  const steps = [
    ['-n', 'kube-system', 'patch', 'configmap', current.name, '--type', 'merge', '-p', patch],
    ['-n', 'kube-system', 'rollout', 'restart', 'daemonset', 'kube-proxy'],
  ];
  for (const args of steps) await kubectl(operator, args);
  return {
    mode,
    scheduler: scheduler ?? readProxyConfigMode(next).scheduler ?? 'rr',
    commands: steps.map((args) => quote(['kubectl', ...args])),
  };
}
