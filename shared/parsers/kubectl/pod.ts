import type { JsonFields } from '../parse-helpers';
import { readMeta } from './meta';
import type { KubeContainer, KubeContainerPort, KubeOwner, KubePod } from './types';

function readContainer(c: JsonFields, isInit: boolean): KubeContainer | undefined {
  const name = c.string('name', true);
  if (name === undefined) return undefined;
  const container: KubeContainer = { name, ports: [] };
  const image = c.string('image');
  if (image !== undefined) container.image = image;
  if (isInit && c.string('restartPolicy') === 'Always') container.isSidecar = true;
  for (const p of c.objects('ports')) {
    const containerPort = p.integer('containerPort', true);
    if (containerPort === undefined) continue;
    const port: KubeContainerPort = { containerPort, protocol: p.string('protocol') ?? 'TCP' };
    const portName = p.string('name');
    const hostPort = p.integer('hostPort');
    if (portName !== undefined) port.name = portName;
    if (hostPort !== undefined) port.hostPort = hostPort;
    container.ports.push(port);
  }
  return container;
}

function listIps(status: JsonFields | undefined, key: string): string[] {
  const out: string[] = [];
  for (const entry of status?.objects(key) ?? []) {
    const ip = entry.ip('ip');
    if (ip !== undefined) out.push(ip);
  }
  return out;
}

/** Reads one Pod object (`kind: Pod`) at `f.path`; undefined when it has no name. */
export function readPod(f: JsonFields): KubePod | undefined {
  const meta = readMeta(f);
  if (meta.name === undefined) return undefined;
  const spec = f.object('spec');
  const status = f.object('status');
  const ownerReferences: KubeOwner[] = [];
  for (const o of f.object('metadata')?.objects('ownerReferences') ?? []) {
    const kind = o.string('kind', true);
    const name = o.string('name', true);
    if (kind === undefined || name === undefined) continue;
    ownerReferences.push(
      o.boolean('controller') === true ? { kind, name, controller: true } : { kind, name },
    );
  }
  const pod: KubePod = {
    path: f.path,
    namespace: meta.namespace,
    name: meta.name,
    labels: meta.labels,
    podIPs: listIps(status, 'podIPs'),
    hostIPs: listIps(status, 'hostIPs'),
    hostNetwork: spec?.boolean('hostNetwork') === true,
    ownerReferences,
    containers: (spec?.objects('containers') ?? [])
      .map((c) => readContainer(c, false))
      .filter((c) => c !== undefined),
    initContainers: (spec?.objects('initContainers') ?? [])
      .map((c) => readContainer(c, true))
      .filter((c) => c !== undefined),
  };
  if (meta.uid !== undefined) pod.uid = meta.uid;
  const podIP = status?.ip('podIP');
  const hostIP = status?.ip('hostIP');
  const nodeName = spec?.string('nodeName');
  const phase = status?.string('phase');
  if (podIP !== undefined) {
    pod.podIP = podIP;
    if (pod.podIPs.length === 0) pod.podIPs = [podIP];
  }
  if (hostIP !== undefined) {
    pod.hostIP = hostIP;
    if (pod.hostIPs.length === 0) pod.hostIPs = [hostIP];
  }
  if (nodeName !== undefined) pod.nodeName = nodeName;
  if (phase !== undefined) pod.phase = phase;
  return pod;
}
