import { parseJsonText, fieldsOf } from '../parse-helpers';
import { WarningList, type Parsed } from '../parse-result';
import { salvagePods, splitPodKey } from './salvage';
import type { IpamdPod, IpamdPods } from './types';

/**
 * Parses ipamd's legacy `/v1/pods` introspection map (`curl localhost:61678/v1/pods`), keyed
 * `name_namespace_containerID`. Text that is not valid JSON (the doc's `...`-elided sample) is
 * salvaged line by line with `complete: false`.
 *
 * Sample entry: `"worker-hello-5974f49799-4fj9p_default_40faa8…": {"DeviceNumber": 3, "IP": "192.168.164.251"}`
 * → `{ key, name: 'worker-hello-5974f49799-4fj9p', namespace: 'default', containerId: '40faa8…',
 * ip: '192.168.164.251', deviceNumber: 3 }`.
 */
export function parseIpamdPods(text: string): Parsed<IpamdPods> {
  const warnings = new WarningList();
  const parsed = parseJsonText(text, warnings);
  if (!parsed.ok) {
    if (text.trim() === '')
      return { value: { complete: false, pods: [] }, warnings: warnings.items };
    return salvagePods(text, warnings);
  }
  const root = fieldsOf(parsed.value, '', warnings);
  const pods: IpamdPod[] = [];
  for (const [key, f] of root?.entries() ?? []) {
    const parts = splitPodKey(key);
    if (parts === undefined) {
      f.warn('key is not name_namespace_containerID');
      continue;
    }
    const pod: IpamdPod = { key, ...parts, path: f.path };
    const ip = f.ip('IP');
    const deviceNumber = f.integer('DeviceNumber');
    if (ip !== undefined) pod.ip = ip;
    if (deviceNumber !== undefined) pod.deviceNumber = deviceNumber;
    pods.push(pod);
  }
  return { value: { complete: root !== undefined, pods }, warnings: warnings.items };
}
