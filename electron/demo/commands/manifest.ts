/**
 * Reads the manifests `kubectl apply -f -` takes on the demo: StatefulSets and Services (seed
 * 002's `a-app`), in one or more YAML documents, with the API server's messages for what is
 * wrong. Pure: text in, specs or errors out.
 */
import { parseAllDocuments } from 'yaml';
import type { ServiceSpec, StatefulSetSpec } from '../model/objects';
import type { ContainerSpec, ServicePortSpec } from '../model/types';

export type ManifestObject =
  | { kind: 'StatefulSet'; spec: StatefulSetSpec }
  | { kind: 'Service'; spec: ServiceSpec; namedTargets: Record<number, string> };

export type ManifestResult = { ok: true; objects: ManifestObject[] } | { ok: false; error: string };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** A scalar as YAML gave it, as text; anything else is `fallback`. */
const str = (v: unknown, fallback = ''): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : fallback;
const obj = (v: unknown): Json => (isObject(v) ? v : {});
const labelsOf = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, str(x)]));

function containersOf(v: unknown): ContainerSpec[] {
  return (Array.isArray(v) ? v : []).map((c) => {
    const o = obj(c);
    return {
      name: str(o.name),
      image: str(o.image),
      ports: (Array.isArray(o.ports) ? o.ports : []).map((p) => {
        const q = obj(p);
        return {
          ...(q.name === undefined ? {} : { name: str(q.name) }),
          containerPort: Number(q.containerPort),
          protocol: q.protocol === 'UDP' ? ('UDP' as const) : ('TCP' as const),
        };
      }),
    };
  });
}

function statefulSet(doc: Json, namespace: string): ManifestObject | string {
  const meta = obj(doc.metadata);
  const spec = obj(doc.spec);
  const name = str(meta.name);
  const selector = labelsOf(obj(spec.selector).matchLabels);
  const template = obj(spec.template);
  const podLabels = labelsOf(obj(template.metadata).labels);
  const containers = containersOf(obj(template.spec).containers);
  if (!name) return 'error: error validating data: metadata.name is required';
  if (Object.keys(selector).length === 0)
    return `The StatefulSet "${name}" is invalid: spec.selector: Required value`;
  if (!Object.entries(selector).every(([k, v]) => podLabels[k] === v))
    return `The StatefulSet "${name}" is invalid: spec.template.metadata.labels: Invalid value: ${JSON.stringify(podLabels)}: \`selector\` does not match template \`labels\``;
  if (containers.length === 0 || containers.some((c) => !c.image))
    return `The StatefulSet "${name}" is invalid: spec.template.spec.containers: Required value`;
  const replicas = spec.replicas === undefined ? 1 : Number(spec.replicas);
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > 50)
    return `The StatefulSet "${name}" is invalid: spec.replicas: Invalid value: ${str(spec.replicas)} (kubelab demo lab: 0–50)`;
  return {
    kind: 'StatefulSet',
    spec: {
      namespace: str(meta.namespace, namespace),
      name,
      replicas,
      selector,
      labels: labelsOf(meta.labels),
      podLabels,
      serviceName: str(spec.serviceName),
      containers,
    },
  };
}

function service(doc: Json, namespace: string): ManifestObject | string {
  const meta = obj(doc.metadata);
  const spec = obj(doc.spec);
  const name = str(meta.name);
  if (!name) return 'error: error validating data: metadata.name is required';
  const type = spec.type === undefined ? 'ClusterIP' : str(spec.type);
  if (type !== 'ClusterIP')
    return `error: kubelab demo lab: Services of type ${type} are not simulated (ClusterIP, headless with clusterIP: None)`;
  const namedTargets: Record<number, string> = {};
  const ports: ServicePortSpec[] = [];
  for (const [i, p] of (Array.isArray(spec.ports) ? spec.ports : []).entries()) {
    const q = obj(p);
    const port = Number(q.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return `The Service "${name}" is invalid: spec.ports[${i}].port: Invalid value: ${str(q.port)}: must be between 1 and 65535, inclusive`;
    const target = q.targetPort ?? port;
    if (typeof target === 'string' && !/^\d+$/.test(target)) namedTargets[i] = target;
    ports.push({
      name: str(q.name),
      port,
      targetPort: typeof target === 'string' && !/^\d+$/.test(target) ? port : Number(target),
      protocol: q.protocol === 'UDP' ? 'UDP' : 'TCP',
    });
  }
  if (ports.length === 0) return `The Service "${name}" is invalid: spec.ports: Required value`;
  const clusterIp = spec.clusterIP === undefined ? undefined : str(spec.clusterIP);
  if (clusterIp !== undefined && clusterIp !== 'None' && !/^\d+\.\d+\.\d+\.\d+$/.test(clusterIp))
    return `The Service "${name}" is invalid: spec.clusterIPs[0]: Invalid value: "${clusterIp}": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff) or "None"`;
  return {
    kind: 'Service',
    namedTargets,
    spec: {
      namespace: str(meta.namespace, namespace),
      name,
      labels: labelsOf(meta.labels),
      selector: spec.selector === undefined ? null : labelsOf(spec.selector),
      ...(clusterIp === undefined ? {} : { clusterIp }),
      ports,
    },
  };
}

/** Every document of `text`, in order; the first problem ends the reading. */
export function readManifests(text: string, namespace: string): ManifestResult {
  const objects: ManifestObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('errors' in doc)) continue;
    if (doc.errors.length > 0)
      return { ok: false, error: `error: error parsing STDIN: ${doc.errors[0]?.message ?? ''}` };
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isObject(value)) return { ok: false, error: 'error: error parsing STDIN: not an object' };
    const kind = str(value.kind);
    const read =
      kind === 'StatefulSet' && value.apiVersion === 'apps/v1'
        ? statefulSet(value, namespace)
        : kind === 'Service' && value.apiVersion === 'v1'
          ? service(value, namespace)
          : `error: kubelab demo lab: kubectl apply takes StatefulSets (apps/v1) and Services (v1) here (got ${kind || 'no kind'})`;
    if (typeof read === 'string') return { ok: false, error: read };
    objects.push(read);
  }
  if (objects.length === 0) return { ok: false, error: 'error: no objects passed to apply' };
  return { ok: true, objects };
}
