import type { JsonFields } from '../parse-helpers';
import { readMeta } from './meta';
import type { KubeEndpoint, KubeEndpointSlice, KubeService, KubeServicePort } from './types';

function readServicePort(p: JsonFields): KubeServicePort | undefined {
  const port = p.integer('port', true);
  if (port === undefined) return undefined;
  const out: KubeServicePort = { port, protocol: p.string('protocol') ?? 'TCP' };
  const name = p.string('name');
  const nodePort = p.integer('nodePort');
  const target = p.obj.targetPort;
  if (name !== undefined) out.name = name;
  if (nodePort !== undefined) out.nodePort = nodePort;
  if (typeof target === 'number' && Number.isInteger(target)) out.targetPort = target;
  else if (typeof target === 'string' && target !== '')
    out.targetPort = /^\d{1,5}$/.test(target) ? Number(target) : target;
  else if (target !== undefined && target !== null)
    p.warn('expected a port number or name', 'targetPort');
  return out;
}

/** Reads one Service object (`kind: Service`) at `f.path`; undefined when it has no name. */
export function readService(f: JsonFields): KubeService | undefined {
  const meta = readMeta(f);
  if (meta.name === undefined) return undefined;
  const spec = f.object('spec');
  const clusterIP = spec?.string('clusterIP');
  const clusterIPs = spec?.strings('clusterIPs') ?? [];
  const svc: KubeService = {
    path: f.path,
    namespace: meta.namespace,
    name: meta.name,
    type: spec?.string('type') ?? 'ClusterIP',
    clusterIPs: clusterIPs.length > 0 ? clusterIPs : clusterIP === undefined ? [] : [clusterIP],
    isHeadless: clusterIP === 'None',
    externalIPs: spec?.strings('externalIPs') ?? [],
    loadBalancerIngress: [],
    ports: (spec?.objects('ports') ?? []).map(readServicePort).filter((p) => p !== undefined),
    selector: spec?.stringMap('selector') ?? {},
  };
  if (clusterIP !== undefined) svc.clusterIP = clusterIP;
  for (const ingress of f.object('status')?.object('loadBalancer')?.objects('ingress') ?? []) {
    const where = ingress.ip('ip') ?? ingress.string('hostname');
    if (where !== undefined) svc.loadBalancerIngress.push(where);
  }
  const affinity = spec?.string('sessionAffinity');
  const timeout = spec
    ?.object('sessionAffinityConfig')
    ?.object('clientIP')
    ?.integer('timeoutSeconds');
  const etp = spec?.string('externalTrafficPolicy');
  const itp = spec?.string('internalTrafficPolicy');
  const hc = spec?.integer('healthCheckNodePort');
  if (affinity !== undefined) svc.sessionAffinity = affinity;
  if (timeout !== undefined) svc.sessionAffinityTimeoutSeconds = timeout;
  if (etp !== undefined) svc.externalTrafficPolicy = etp;
  if (itp !== undefined) svc.internalTrafficPolicy = itp;
  if (hc !== undefined) svc.healthCheckNodePort = hc;
  return svc;
}

function readEndpoint(e: JsonFields): KubeEndpoint {
  const endpoint: KubeEndpoint = { addresses: e.strings('addresses', true) };
  const conditions = e.object('conditions');
  const ready = conditions?.boolean('ready');
  const serving = conditions?.boolean('serving');
  const terminating = conditions?.boolean('terminating');
  const nodeName = e.string('nodeName');
  const zone = e.string('zone');
  if (ready !== undefined) endpoint.ready = ready;
  if (serving !== undefined) endpoint.serving = serving;
  if (terminating !== undefined) endpoint.terminating = terminating;
  if (nodeName !== undefined) endpoint.nodeName = nodeName;
  if (zone !== undefined) endpoint.zone = zone;
  const ref = e.object('targetRef');
  const kind = ref?.string('kind');
  const name = ref?.string('name');
  if (kind !== undefined && name !== undefined) {
    const namespace = ref?.string('namespace');
    endpoint.targetRef = namespace === undefined ? { kind, name } : { kind, name, namespace };
  }
  return endpoint;
}

/** Reads one EndpointSlice (`kind: EndpointSlice`) at `f.path`; undefined when it has no name. */
export function readEndpointSlice(f: JsonFields): KubeEndpointSlice | undefined {
  const meta = readMeta(f);
  if (meta.name === undefined) return undefined;
  const slice: KubeEndpointSlice = {
    path: f.path,
    namespace: meta.namespace,
    name: meta.name,
    endpoints: f.objects('endpoints').map(readEndpoint),
    ports: f.objects('ports').map((p) => {
      const name = p.string('name');
      const port = p.integer('port');
      return {
        ...(name === undefined || name === '' ? {} : { name }),
        ...(port === undefined ? {} : { port }),
        protocol: p.string('protocol') ?? 'TCP',
      };
    }),
  };
  const serviceName = meta.labels['kubernetes.io/service-name'];
  const addressType = f.string('addressType');
  if (serviceName !== undefined) slice.serviceName = serviceName;
  if (addressType !== undefined) slice.addressType = addressType;
  return slice;
}
