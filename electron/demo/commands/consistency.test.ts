import { beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../hosts/host';
import { createDemoLab, type DemoLab } from '../index';
import { vethName } from '../model/workloads';

/**
 * The demo's promise: one model, so the same pod IP shows up the same way in kubectl on the
 * operator, the node's routes and rules, ipamd, instance metadata and the EC2 API.
 */
let now = 1_750_000_000_000;
let lab: DemoLab;
const host = (id: string): Host => {
  const h = lab.hosts.find((x) => x.description.id === id);
  if (!h) throw new Error(`no host ${id}`);
  return h;
};
const sh = async (id: string, command: string): Promise<string> => {
  const r = await host(id).exec(command);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r.stdout;
};

interface PodRow {
  namespace: string;
  name: string;
  ip: string;
  node: string;
}

beforeAll(async () => {
  lab = createDemoLab({ seed: 11, clock: () => now, latencyMs: [0, 0] });
  expect(await sh('operator', 'kubectl scale deployment nginx --replicas 30')).toBe(
    'deployment.apps/nginx scaled\n',
  );
  now += 120_000; // every sandbox and ENI attachment is done by then
});

async function podRows(): Promise<PodRow[]> {
  const text = await sh('operator', 'kubectl get pods -A -o wide --no-headers');
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/))
    .map((c) => ({ namespace: c[0] ?? '', name: c[1] ?? '', ip: c[6] ?? '', node: c[7] ?? '' }));
}

describe('one model behind every command', () => {
  it('kubectl lists 30 nginx pods, all Running with an IP on a node', async () => {
    const rows = (await podRows()).filter((r) => r.name.startsWith('nginx-'));
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => /^192\.168\.[123]\.\d+$/.test(r.ip))).toBe(true);
    const deploy = await sh('operator', 'kubectl get deploy nginx --no-headers');
    expect(deploy).toMatch(/^nginx\s+30\/30\s+30\s+30\s+/);
  });

  it('puts each pod IP in its node routes, rules, ipamd, IMDS and the EC2 API', async () => {
    const rows = (await podRows()).filter(
      (r) => r.ip !== '<none>' && !r.name.match(/^(aws-node|kube-proxy)-/),
    );
    const ec2 = JSON.parse(await sh('operator', 'aws ec2 describe-network-interfaces')) as {
      NetworkInterfaces: {
        NetworkInterfaceId: string;
        PrivateIpAddresses: { PrivateIpAddress: string }[];
      }[];
    };
    const byNode = new Map<string, PodRow[]>();
    for (const r of rows) byNode.set(r.node, [...(byNode.get(r.node) ?? []), r]);
    expect(byNode.size).toBe(3);
    for (const [nodeName, pods] of byNode) {
      const hostId = lab.hosts.find((h) =>
        nodeName.startsWith(`ip-${h.description.address.replaceAll('.', '-')}.`),
      )?.description.id;
      expect(hostId).toMatch(/^node[123]$/);
      const id = hostId ?? '';
      const routes = await sh(id, 'ip route');
      const rules = await sh(id, 'ip rule');
      const ipamd = JSON.parse(await sh(id, 'curl -s localhost:61679/v1/enis')) as {
        '0': {
          ENIs: Record<
            string,
            {
              DeviceNumber: number;
              AvailableIPv4Cidrs: Record<
                string,
                {
                  IPAddresses: Record<
                    string,
                    { IPAMMetadata: { k8sPodName: string; k8sPodNamespace: string } }
                  >;
                }
              >;
            }
          >;
        };
      };
      const macs = (
        await sh(id, 'curl -s http://169.254.169.254/latest/meta-data/network/interfaces/macs/')
      ).split('\n');
      const imds = new Map<string, { eniId: string; device: number; ips: string[] }>();
      for (const mac of macs) {
        const base = `http://169.254.169.254/latest/meta-data/network/interfaces/macs/${mac}`;
        imds.set(mac, {
          eniId: await sh(id, `curl -s ${base}interface-id`),
          device: Number(await sh(id, `curl -s ${base}device-number`)),
          ips: (await sh(id, `curl -s ${base}local-ipv4s`)).split('\n'),
        });
      }
      for (const pod of pods) {
        expect(routes).toContain(
          `\n${pod.ip} dev ${vethName(pod.namespace, pod.name)} scope link\n`,
        );
        expect(rules).toContain(`512:\tfrom all to ${pod.ip} lookup main\n`);
        const [eniId, eni] =
          Object.entries(ipamd['0'].ENIs).find(([, e]) => `${pod.ip}/32` in e.AvailableIPv4Cidrs) ??
          [];
        expect(eni?.AvailableIPv4Cidrs[`${pod.ip}/32`]?.IPAddresses[pod.ip]?.IPAMMetadata).toEqual({
          k8sPodNamespace: pod.namespace,
          k8sPodName: pod.name,
        });
        const fromImds = [...imds.values()].find((m) => m.ips.includes(pod.ip));
        expect(fromImds?.eniId).toBe(eniId);
        expect(fromImds?.device).toBe(eni?.DeviceNumber);
        const fromEc2 = ec2.NetworkInterfaces.find((n) =>
          n.PrivateIpAddresses.some((a) => a.PrivateIpAddress === pod.ip),
        );
        expect(fromEc2?.NetworkInterfaceId).toBe(eniId);
        const table = (eni?.DeviceNumber ?? 0) + 1;
        if (table > 1) {
          expect(rules).toContain(`1536:\tfrom ${pod.ip} lookup ${table}\n`);
          expect(await sh(id, `ip route show table ${table}`)).toMatch(
            /^default via 192\.168\.[123]\.1 dev ens[67]\n/,
          );
        } else {
          expect(rules).not.toContain(`from ${pod.ip} lookup`);
        }
      }
    }
  });

  it('agrees between kubectl -o json, -o jsonpath and the table', async () => {
    const list = JSON.parse(await sh('operator', 'kubectl get pods -l app=nginx -o json')) as {
      kind: string;
      items: { metadata: { name: string }; status: { podIP: string } }[];
    };
    expect(list.kind).toBe('List');
    const table = new Map((await podRows()).map((r) => [r.name, r.ip]));
    for (const item of list.items) expect(table.get(item.metadata.name)).toBe(item.status.podIP);
    const ips = await sh(
      'operator',
      "kubectl get pods -l app=nginx -o jsonpath='{.items[*].status.podIP}'",
    );
    expect(ips.split(' ')).toEqual(list.items.map((i) => i.status.podIP));
  });

  it('programs the Service endpoints kubectl shows into every node iptables', async () => {
    const slices = await sh('operator', 'kubectl get endpointslices -n kube-system --no-headers');
    const dnsIps = (slices.split(/\s+/)[3] ?? '').split(',');
    expect(dnsIps).toHaveLength(2);
    for (const id of ['node1', 'node2', 'node3']) {
      const nat = await sh(id, 'sudo iptables-save -t nat');
      for (const ip of dnsIps) expect(nat).toContain(`-j DNAT --to-destination ${ip}:53`);
      const node = lab.hosts.find((h) => h.description.id === id)?.description.address ?? '';
      expect(nat).toContain(`-j SNAT --to-source ${node} --random-fully`);
    }
  });

  it('lets the operator reach a pod across the peering, and not a ClusterIP', async () => {
    const ip = (await podRows()).find((r) => r.name.startsWith('nginx-'))?.ip ?? '';
    expect(await sh('operator', `curl -s ${ip}`)).toContain('<title>Welcome to nginx!</title>');
    const r = await host('operator').exec('curl -s -m 0.05 10.100.0.10:53');
    expect(r.exitCode).toBe(28);
  });

  it("gives a pod kubelet's resolv.conf: its namespace first, kube-dns's ClusterIP, ndots:5", async () => {
    const pod = (await podRows()).find((r) => r.name.startsWith('nginx-'))?.name ?? '';
    const dnsVip = (
      await sh('operator', 'kubectl get svc -n kube-system kube-dns --no-headers')
    ).split(/\s+/)[2];
    expect(await sh('operator', `kubectl exec ${pod} -- cat /etc/resolv.conf`)).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local ap-northeast-2.compute.internal\n' +
        `nameserver ${dnsVip}\noptions ndots:5\n`,
    );
  });
});
