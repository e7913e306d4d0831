/**
 * ipamd's introspection endpoint `GET localhost:61679/v1/enis`: the warm pool per network card,
 * in the current VPC CNI's JSON shape (fixtures/ipamd/enis-v1-*.json) and, like the real
 * endpoint, as one compact line of Go `encoding/json` output (map keys sorted).
 */
import type { Cluster, Instance, Pod } from '../model/types';
import { attachedEnis, networkedPods } from '../net/host-net';

interface AddressInfo {
  Address: string;
  IPAMMetadata: { k8sPodNamespace: string; k8sPodName: string };
  AssignedTime: string;
}

/** Go's RFC3339Nano: nanoseconds with trailing zeros trimmed. The demo fills the sub-millisecond digits from the pod's uid. */
export function rfc3339Nano(ms: number, salt: string): string {
  const base = new Date(ms).toISOString().slice(0, 19);
  const sub = `${String(ms % 1000).padStart(3, '0')}${(parseInt(salt.replace(/-/g, '').slice(0, 6), 16) % 1_000_000).toString().padStart(6, '0')}`;
  const trimmed = sub.replace(/0+$/, '');
  return `${base}${trimmed ? `.${trimmed}` : ''}Z`;
}

function sortedObject<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The `/v1/enis` document of one node at `now`. */
export function ipamdEnis(cluster: Cluster, inst: Instance, now: number): string {
  const enis = attachedEnis(inst, now);
  const byIp = new Map<string, Pod>();
  for (const pod of networkedPods(cluster, inst, now))
    if (pod.network) byIp.set(pod.network.ip, pod);
  let total = 0;
  const eniEntries = enis.map((eni): [string, unknown] => {
    const cidrs = eni.secondaryIps.map(
      (ip): [string, { IPAddresses: Record<string, AddressInfo> }] => {
        total++;
        const pod = byIp.get(ip);
        const addresses: Record<string, AddressInfo> = pod
          ? {
              [ip]: {
                Address: ip,
                IPAMMetadata: { k8sPodNamespace: pod.namespace, k8sPodName: pod.name },
                AssignedTime: rfc3339Nano(pod.sandboxAt, pod.uid),
              },
            }
          : {};
        return [`${ip}/32`, { IPAddresses: addresses }];
      },
    );
    return [
      eni.id,
      {
        ID: eni.id,
        IsPrimary: eni.deviceNumber === 0,
        DeviceNumber: eni.deviceNumber,
        AvailableIPv4Cidrs: sortedObject(cidrs),
      },
    ];
  });
  const doc = { '0': { TotalIPs: total, AssignedIPs: byIp.size, ENIs: sortedObject(eniEntries) } };
  return JSON.stringify(doc);
}

/** ipamd's `/v1/networkutils-env-settings` (GetConfigForDebug): the SNAT and veth settings. */
export function ipamdNetworkEnv(): string {
  return JSON.stringify(
    sortedObject<unknown>([
      ['AWS_VPC_K8S_CNI_CONNMARK', 128],
      ['AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS', null],
      ['AWS_VPC_K8S_CNI_EXTERNALSNAT', false],
      ['AWS_EXTERNAL_SERVICE_CIDRS', null],
      ['AWS_VPC_ENI_MTU', 9001],
      ['AWS_VPC_K8S_CNI_VETHPREFIX', 'eni'],
      ['AWS_VPC_CNI_NODE_PORT_SUPPORT', true],
      // snatType is a Go enum; 2 is randomPRNGSNAT (`--random-fully`), the default.
      ['AWS_VPC_K8S_CNI_RANDOMIZESNAT', 2],
    ]),
  );
}
