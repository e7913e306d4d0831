import type { HostServices } from '../../shared/api/contract-kube-proxy';
import { explainHost, type HostKubeProxySources } from '../../shared/model/kube-proxy/explain';
import type { CollectWarning } from '../../shared/model/lab-overview';
import { parseIpAddrJson } from '../../shared/parsers/ip';
import { parseKubectlJson, type KubeObjects } from '../../shared/parsers/kubectl';
import type { Parsed } from '../../shared/parsers/parse-result';
import type { Host } from '../hosts/host';
import { privileged } from './kube-proxy-counters';
import { readConfiguredMode } from './kube-proxy-mode';
import { readSource } from './run';

const asText = (text: string): Parsed<string> => ({ value: text, warnings: [] });

/** kube-ipvs0 as `ip -j addr show dev kube-ipvs0` tells it; null when the host has none. */
async function readKubeIpvs0(host: Host): Promise<HostKubeProxySources['kubeIpvs0']> {
  try {
    const r = await host.exec('ip -j addr show dev kube-ipvs0', { timeoutMs: 8000 });
    if (r.exitCode !== 0) return null;
    const link = parseIpAddrJson(r.stdout).value[0];
    if (link === undefined) return null;
    return {
      state: link.state,
      addresses: link.addresses.filter((a) => a.family === 'inet').map((a) => a.address),
    };
  } catch {
    return undefined;
  }
}

async function readOperator(
  operator: Host | undefined,
  warnings: CollectWarning[],
): Promise<Pick<HostKubeProxySources, 'configMap' | 'kube'>> {
  if (operator === undefined) return {};
  const [configMap, kube] = await Promise.all([
    readConfiguredMode(operator).catch((cause: unknown) => {
      warnings.push({
        hostId: operator.description.id,
        source: 'kube-proxy ConfigMap',
        message: cause instanceof Error ? cause.message : String(cause),
      });
      return undefined;
    }),
    readSource<KubeObjects>(
      operator,
      'kubectl',
      'kubectl get pods,svc -A -o json',
      parseKubectlJson,
      warnings,
    ),
  ]);
  return {
    ...(configMap
      ? {
          configMap: { name: configMap.name, mode: configMap.mode, scheduler: configMap.scheduler },
        }
      : {}),
    ...(kube ? { kube } : {}),
  };
}

/**
 * Reads one host's kube-proxy state with lab commands (iptables-save, ipvsadm -Ln [--stats],
 * ipset list, kube-ipvs0) and, when the workspace has an operator host, the kube-proxy ConfigMap
 * and the pods and Services from kubectl; then explains it (mode, Services, residual rules).
 * A source that fails is a warning; the mode comes from whatever answered.
 */
export async function collectHostServices(
  workspaceId: string,
  host: Host,
  operator: Host | undefined,
): Promise<HostServices> {
  const started = performance.now();
  const warnings: CollectWarning[] = [];
  const quiet: CollectWarning[] = [];
  const isNode = host !== operator;
  const [iptablesSave, ipvsList, ipvsStats, ipsetList, kubeIpvs0, fromOperator] = await Promise.all(
    [
      readSource(host, 'iptables-save', privileged(host, ['iptables-save']), asText, warnings),
      // Hosts without IPVS (or without ipvsadm) are common in iptables mode: not worth a warning.
      readSource(host, 'ipvsadm', privileged(host, ['ipvsadm', '-Ln']), asText, quiet),
      readSource(host, 'ipvsadm', privileged(host, ['ipvsadm', '-Ln', '--stats']), asText, quiet),
      readSource(host, 'ipset', privileged(host, ['ipset', 'list']), asText, quiet),
      isNode ? readKubeIpvs0(host) : Promise.resolve(null),
      readOperator(operator, warnings),
    ],
  );
  const explained = explainHost({
    hostAddress: host.description.address,
    ...(iptablesSave === undefined ? {} : { iptablesSave }),
    ...(ipvsList === undefined ? {} : { ipvsList }),
    ...(ipvsStats === undefined ? {} : { ipvsStats }),
    ...(ipsetList === undefined ? {} : { ipsetList }),
    ...(kubeIpvs0 === undefined ? {} : { kubeIpvs0 }),
    ...fromOperator,
  });
  for (const message of explained.warnings)
    warnings.push({ hostId: host.description.id, source: 'kube-proxy', message });
  return {
    workspaceId,
    hostId: host.description.id,
    collectedAt: new Date().toISOString(),
    durationMs: performance.now() - started,
    mode: explained.mode,
    services: explained.services,
    ...(explained.sharedPath === undefined ? {} : { sharedPath: explained.sharedPath }),
    residual: explained.residual,
    kubeIpvs0: kubeIpvs0 ?? null,
    scale: explained.scale,
    warnings,
  };
}
