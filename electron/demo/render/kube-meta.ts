/**
 * Shared pieces of the Kubernetes objects kubectl prints: metadata, container specs, and the
 * JSON form (`kubectl -o json` prints unstructured objects: keys sorted, four-space indent).
 */
import type { ContainerSpec } from '../model/types';
import { timestamp } from './kube-state';

export type KubeObject = { [key: string]: unknown };

/** ObjectMeta with the fields every object carries. */
export function meta(
  name: string,
  namespace: string | undefined,
  uid: string,
  created: number,
  revision: number,
  extra: KubeObject = {},
): KubeObject {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid,
    creationTimestamp: timestamp(created),
    resourceVersion: String(revision),
    ...extra,
  };
}

/** A container of a pod spec or a template, with the API server's defaults filled in. */
export function containerSpec(c: ContainerSpec): KubeObject {
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: c.image.includes(':') ? 'IfNotPresent' : 'Always',
    ...(c.ports.length
      ? {
          ports: c.ports.map((p) => ({
            ...(p.name ? { name: p.name } : {}),
            containerPort: p.containerPort,
            protocol: p.protocol,
          })),
        }
      : {}),
    ...(c.env ? { env: c.env } : {}),
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

/** Sorts keys recursively and drops undefined, as kubectl's unstructured printer does. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as KubeObject).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** `kubectl … -o json` text: four-space indent, a final newline. */
export function kubeJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 4)}\n`;
}

export function listOf(items: KubeObject[]): KubeObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
