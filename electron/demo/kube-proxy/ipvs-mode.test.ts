import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { servicesFromIpvs } from '../../../shared/model/kube-proxy';
import { parseIpsetList } from '../../../shared/model/kube-proxy/ipset-list';
import { parseIpAddrJson } from '../../../shared/parsers/ip';
import { parseIptables } from '../../../shared/parsers/iptables';
import { parseIpvsadm } from '../../../shared/parsers/ipvsadm';
import { parseKubectlJson } from '../../../shared/parsers/kubectl';
import type { Host } from '../../hosts/host';
import { createDemoLab, type DemoLab } from '../index';

/**
 * The demo in IPVS mode, switched the way seed 003 does it: what ipvsadm, ipset, ip addr and
 * iptables-save print agrees with the Services and endpoints kubectl shows, reads back through
 * the real parsers, and the counters move with traffic.
 */
const FIXTURES = path.join(__dirname, '../../../../shared/fixtures/ipvsadm');
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
const nodes = (): string[] =>
  lab.hosts.filter((h) => h.description.role === 'node').map((h) => h.description.id);

async function switchMode(mode: 'ipvs' | 'iptables'): Promise<void> {
  const config = await sh(
    'operator',
    'kubectl -n kube-system get cm kube-proxy-config -o jsonpath={.data.config}',
  );
  const next = config.replace(/^mode: .*$/m, `mode: "${mode}"`);
  const patch = JSON.stringify({ data: { config: next } });
  expect(
    await sh(
      'operator',
      `kubectl -n kube-system patch cm kube-proxy-config --type merge -p '${patch}'`,
    ),
  ).toBe('configmap/kube-proxy-config patched\n');
  expect(await sh('operator', 'kubectl -n kube-system rollout restart ds kube-proxy')).toBe(
    'daemonset.apps/kube-proxy restarted\n',
  );
}

interface Svc {
  key: string;
  endpoints: string[];
}

/** Every Service port with its ready endpoints, from kubectl on the operator. */
async function kubectlServices(): Promise<Svc[]> {
  const kube = parseKubectlJson(
    await sh('operator', 'kubectl get svc,endpointslices -A -o json'),
  ).value;
  return kube.services.flatMap((svc) =>
    svc.ports.map((p) => {
      const slices = kube.endpointSlices.filter(
        (s) => s.namespace === svc.namespace && s.serviceName === svc.name,
      );
      const port = slices
        .flatMap((s) => s.ports)
        .find((sp) => sp.name === (p.name ?? '') || sp.name === p.name);
      const endpoints = slices
        .flatMap((s) => s.endpoints)
        .filter((e) => e.ready !== false)
        .flatMap((e) => e.addresses)
        .map((ip) => `${ip}:${port?.port ?? '?'}`)
        .sort();
      return { key: `${p.protocol.toLowerCase()} ${svc.clusterIP ?? ''}:${p.port}`, endpoints };
    }),
  );
}

beforeAll(async () => {
  lab = createDemoLab({ seed: 11, clock: () => now, latencyMs: [0, 0] });
  await sh('operator', 'kubectl scale deployment nginx --replicas 6');
  now += 120_000;
});

describe('the demo in IPVS mode', () => {
  it('starts in iptables mode: an empty IPVS table, no sets, no kube-ipvs0', async () => {
    const yaml = await sh('operator', 'kubectl -n kube-system get cm kube-proxy-config -o yaml');
    expect(yaml).toMatch(/^ {4}mode: "iptables"$/m);
    // EKS keeps kube-proxy's kubeconfig in `kube-proxy` and its configuration in `kube-proxy-config`.
    expect(await sh('operator', 'kubectl -n kube-system get cm -o name')).toBe(
      'configmap/kube-proxy\nconfigmap/kube-proxy-config\n',
    );
    expect(await sh('operator', 'kubectl -n kube-system get cm kube-proxy -o yaml')).toMatch(
      /^ {2}kubeconfig: \|-\n {4}kind: Config$/m,
    );
    const listing = parseIpvsadm(await sh('node1', 'sudo ipvsadm -Ln'));
    expect(listing.value.services).toEqual([]);
    expect(await sh('node1', 'sudo ipset list')).toBe('');
    expect((await host('node1').exec('ip addr show dev kube-ipvs0')).exitCode).not.toBe(0);
    expect(await sh('node1', 'sudo iptables-save -t nat')).toMatch(/^:KUBE-SVC-/m);
  });

  it('changes nothing until kube-proxy restarts, then runs the ConfigMap mode on every node', async () => {
    const config = await sh(
      'operator',
      'kubectl -n kube-system get cm kube-proxy-config -o jsonpath={.data.config}',
    );
    const patch = JSON.stringify({
      data: { config: config.replace('mode: "iptables"', 'mode: "ipvs"') },
    });
    await sh(
      'operator',
      `kubectl -n kube-system patch configmap kube-proxy-config --type merge -p '${patch}'`,
    );
    expect(parseIpvsadm(await sh('node1', 'sudo ipvsadm -Ln')).value.services).toEqual([]);
    await sh('operator', 'kubectl -n kube-system rollout restart daemonset kube-proxy');
    for (const node of nodes())
      expect(
        parseIpvsadm(await sh(node, 'sudo ipvsadm -Ln')).value.services.length,
      ).toBeGreaterThan(0);
  });

  it('lists one virtual server per Service port with the ready endpoints as real servers, read back by the parser', async () => {
    const expected = await kubectlServices();
    for (const node of nodes()) {
      const listing = parseIpvsadm(await sh(node, 'sudo ipvsadm -Ln'));
      expect(listing.warnings).toEqual([]);
      const services = servicesFromIpvs(listing.value).value;
      const got = services.map((s) => ({
        key: `${s.protocol} ${s.clusterIP}:${s.port ?? '?'}`,
        endpoints: s.endpoints.map((e) => `${e.ip ?? '?'}:${e.port ?? '?'}`).sort(),
      }));
      expect(got.sort((a, b) => a.key.localeCompare(b.key))).toEqual(
        expected.sort((a, b) => a.key.localeCompare(b.key)),
      );
      for (const s of services) {
        expect(s.scheduler).toBe('rr');
        for (const e of s.endpoints)
          expect(e.ipvs).toMatchObject({ forward: 'Masq', weight: 1, activeConn: 0 });
      }
    }
  });

  it('prints the title lines of the real ipvsadm exactly', async () => {
    const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8').split('\n');
    const stats = (await sh('node1', 'sudo ipvsadm -Ln --stats')).split('\n');
    expect(stats.slice(0, 3)).toEqual(fixture('kube-router-pr160-ln-stats.txt').slice(0, 3));
    const rate = (await sh('node1', 'sudo ipvsadm -Ln --rate')).split('\n');
    expect(rate.slice(0, 3)).toEqual(fixture('calico-lab-watch-ipvsadm-Ln-rate.txt').slice(2, 5));
    const list = (await sh('node1', 'sudo ipvsadm -Ln')).split('\n');
    expect(list.slice(0, 3)).toEqual(fixture('k8s-ipvs-readme-ln.txt').slice(0, 3));
    for (const text of [stats, rate]) expect(parseIpvsadm(text.join('\n')).warnings).toEqual([]);
  });

  it('binds every cluster IP to kube-ipvs0 as a /32, the interface DOWN', async () => {
    const vips = [
      ...new Set((await kubectlServices()).map((s) => s.key.split(' ')[1]?.split(':')[0])),
    ].sort();
    for (const node of nodes()) {
      const [link] = parseIpAddrJson(await sh(node, 'ip -j addr show dev kube-ipvs0')).value;
      expect(link?.state).toBe('DOWN');
      expect(link?.addresses.every((a) => a.prefixlen === 32)).toBe(true);
      expect(link?.addresses.map((a) => a.address).sort()).toEqual(vips);
      expect(await sh(node, 'ip addr')).toMatch(
        /kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN/,
      );
      // The local routes make a VIP local although the interface is DOWN (and has no IPv6).
      const local = await sh(node, 'ip route show table local');
      for (const vip of vips)
        expect(local).toContain(
          `local ${vip ?? ''} dev kube-ipvs0 proto kernel scope host src ${vip ?? ''}\n`,
        );
      expect(local).not.toMatch(/fe80::\S+ dev kube-ipvs0/);
    }
  });

  it('keeps only IPVS mode residual iptables rules and the ipsets that back them', async () => {
    const save = await sh('node1', 'sudo iptables-save');
    const parsed = parseIptables(save);
    expect(parsed.warnings).toEqual([]);
    const nat = parsed.value.tables.find((t) => t.name === 'nat');
    expect(nat?.chains.filter((c) => /^KUBE-(SVC|SEP)-/.test(c.name))).toEqual([]);
    expect(save).toContain('-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT');
    expect(save).toContain(
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    );
    expect(save).toContain('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
    const sets = parseIpsetList(await sh('node1', 'sudo ipset list'));
    expect(sets.warnings).toEqual([]);
    const clusterIp = sets.value.find((s) => s.name === 'KUBE-CLUSTER-IP');
    const expected = (await kubectlServices()).map((s) => {
      const [proto, vip] = s.key.split(' ');
      const [ip, port] = (vip ?? '').split(':');
      return `${ip ?? ''},${proto ?? ''}:${port ?? ''}`;
    });
    expect([...(clusterIp?.members ?? [])].sort()).toEqual(expected.sort());
    expect(clusterIp?.references).toBe(3);
    const loop = sets.value.find((s) => s.name === 'KUBE-LOOP-BACK');
    const localPods = parseKubectlJson(
      await sh('operator', 'kubectl get pods -A -o json'),
    ).value.pods.filter(
      (p) =>
        !p.hostNetwork &&
        p.nodeName !== undefined &&
        p.hostIP === host('node1').description.address,
    );
    for (const member of loop?.members ?? []) {
      const ip = member.split(',')[0];
      expect(localPods.some((p) => p.podIP === ip)).toBe(true);
      expect(member.endsWith(`,${ip ?? ''}`)).toBe(true);
    }
  });

  it('moves the stats with requests from a pod, round robin, and zeroes them with -Z', async () => {
    const pods = parseKubectlJson(await sh('operator', 'kubectl get pods -n default -o json')).value
      .pods;
    const client = pods[0];
    const node =
      lab.hosts.find((h) => h.description.address === client?.hostIP)?.description.id ?? '';
    const vip = (await kubectlServices()).find(
      (s) => s.key.endsWith(':80') && s.endpoints.length === 6,
    );
    const target = vip?.key.split(' ')[1] ?? '';
    await sh(node, `sudo ipvsadm -Z -t ${target}`);
    for (let i = 0; i < 12; i += 1) {
      expect(
        await sh(
          'operator',
          `kubectl exec ${client?.name ?? ''} -- curl -s -m 2 -o /dev/null -w '%{http_code}' http://nginx/`,
        ),
      ).toBe('200');
    }
    const stats = parseIpvsadm(await sh(node, `sudo ipvsadm -Ln --stats -t ${target}`)).value
      .services[0];
    expect(stats?.stats?.conns).toBe(12);
    expect(stats?.realServers.map((r) => r.stats?.conns)).toEqual([2, 2, 2, 2, 2, 2]);
    const listed = parseIpvsadm(await sh(node, `sudo ipvsadm -Ln -t ${target}`)).value.services[0];
    expect(listed?.realServers.map((r) => r.inactConn)).toEqual([2, 2, 2, 2, 2, 2]);
    const counters = await sh(node, 'sudo iptables -t nat -L KUBE-SERVICES -n -v -x');
    expect(counters).toMatch(/^\s+12\s+\d+ ACCEPT .*match-set KUBE-CLUSTER-IP dst,dst/m);
    await sh(node, `sudo ipvsadm -Z -t ${target}`);
    const zeroed = parseIpvsadm(await sh(node, `sudo ipvsadm -Ln --stats -t ${target}`)).value
      .services[0];
    expect(zeroed?.stats?.conns).toBe(0);
    expect((await host(node).exec('sudo ipvsadm -Ln -t 10.9.9.9:80')).stderr).toBe(
      'No such service\n',
    );
    expect((await host(node).exec('ipvsadm -Ln')).exitCode).not.toBe(0);
  });

  it('goes back to iptables mode: KUBE-SVC chains again, no virtual servers, no kube-ipvs0', async () => {
    await switchMode('iptables');
    expect(parseIpvsadm(await sh('node2', 'sudo ipvsadm -Ln')).value.services).toEqual([]);
    expect(await sh('node2', 'sudo iptables-save -t nat')).toMatch(/^:KUBE-SVC-/m);
    expect(await sh('node2', 'ip addr')).not.toContain('kube-ipvs0');
  });
});
