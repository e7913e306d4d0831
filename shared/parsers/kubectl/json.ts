import { at, fieldsOf, parseJsonText, type JsonFields } from '../parse-helpers';
import { WarningList, type Parsed } from '../parse-result';
import { readNode } from './node';
import { readPod } from './pod';
import { readEndpointSlice, readService } from './service';
import type { KubeObjects } from './types';

/** Guesses the kind of a list item without `kind` (API server lists omit it per item). */
function inferKind(f: JsonFields, listKind: string | undefined): string | undefined {
  if (listKind !== undefined && listKind.endsWith('List') && listKind !== 'List')
    return listKind.slice(0, -4);
  const spec = f.obj.spec;
  const has = (key: string) => typeof spec === 'object' && spec !== null && key in spec;
  if ('addressType' in f.obj || 'endpoints' in f.obj) return 'EndpointSlice';
  if (has('containers')) return 'Pod';
  if (has('clusterIP') || has('selector') || has('ports')) return 'Service';
  if (has('providerID') || has('podCIDR')) return 'Node';
  return undefined;
}

function addObject(out: KubeObjects, f: JsonFields, listKind: string | undefined): void {
  let kind = f.string('kind');
  if (kind === undefined) {
    kind = inferKind(f, listKind);
    if (kind === undefined) {
      f.warn('object has no kind and its shape is not a Pod, Node, Service or EndpointSlice');
      return;
    }
  }
  switch (kind) {
    case 'Pod': {
      const pod = readPod(f);
      if (pod !== undefined) out.pods.push(pod);
      return;
    }
    case 'Node': {
      const node = readNode(f);
      if (node !== undefined) out.nodes.push(node);
      return;
    }
    case 'Service': {
      const svc = readService(f);
      if (svc !== undefined) out.services.push(svc);
      return;
    }
    case 'EndpointSlice': {
      const slice = readEndpointSlice(f);
      if (slice !== undefined) out.endpointSlices.push(slice);
      return;
    }
    default: {
      const name = f.object('metadata')?.string('name');
      out.other.push(name === undefined ? { kind, path: f.path } : { kind, name, path: f.path });
    }
  }
}

/** Finds the JSON document when text (a warning, a prompt) was pasted before it. */
function jsonStart(text: string): number {
  const m = /^[[{]/m.exec(text);
  return m === null ? -1 : m.index;
}

/**
 * Parses `kubectl get pods|nodes|svc|endpointslices [-A] -o json`, also several kinds at once
 * (`kubectl get nodes,pods,svc,endpointslices -A -o json`): a `List` (or `PodList`…) or a single
 * object. Items without `kind` get it from the list kind or their shape.
 *
 * Sample item: `{"kind":"Pod","metadata":{"name":"nginx-7fb78fb6d8-2w75j","namespace":"default"},
 * "spec":{"nodeName":"gke-…-lbtf"},"status":{"podIP":"10.44.0.229","hostIP":"10.128.0.15"}}`
 * → `pods: [{ namespace: 'default', name: 'nginx-7fb78fb6d8-2w75j', podIP: '10.44.0.229',
 * podIPs: ['10.44.0.229'], hostIP: '10.128.0.15', nodeName: 'gke-…-lbtf', path: 'items[0]' }]`.
 * Output: {@link KubeObjects}; other kinds are listed in `other`. Bad fields are warnings with
 * their JSON path; a bad item never costs the others.
 */
export function parseKubectlJson(text: string): Parsed<KubeObjects> {
  const warnings = new WarningList();
  const out: KubeObjects = { pods: [], nodes: [], services: [], endpointSlices: [], other: [] };
  let parsed = parseJsonText(text, warnings);
  const start = jsonStart(text);
  if (!parsed.ok && start > 0) {
    const retry = new WarningList();
    const second = parseJsonText(text.slice(start), retry);
    if (second.ok) {
      warnings.items.length = 0;
      warnings.add(1, 'text before the JSON document was skipped');
      parsed = second;
    }
  }
  if (!parsed.ok) return { value: out, warnings: warnings.items };
  const root = fieldsOf(parsed.value, '', warnings);
  if (root === undefined) return { value: out, warnings: warnings.items };
  if (!('items' in root.obj)) {
    addObject(out, root, undefined);
    return { value: out, warnings: warnings.items };
  }
  const listKind = root.string('kind');
  root.array('items', true).forEach((item, i) => {
    const f = fieldsOf(item, at('items', i), warnings);
    if (f !== undefined) addObject(out, f, listKind);
  });
  return { value: out, warnings: warnings.items };
}
