import type { JsonFields } from '../parse-helpers';

/** Name, namespace and labels of an object's `metadata`, with warnings for a missing name. */
export function readMeta(f: JsonFields): {
  name?: string;
  namespace: string;
  labels: Record<string, string>;
  uid?: string;
} {
  const meta = f.object('metadata', true);
  const name = meta?.string('name', true);
  const uid = meta?.string('uid');
  return {
    ...(name === undefined ? {} : { name }),
    ...(uid === undefined ? {} : { uid }),
    namespace: meta?.string('namespace') ?? '',
    labels: meta?.stringMap('labels') ?? {},
  };
}
