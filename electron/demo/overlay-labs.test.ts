/**
 * The minikube-Calico and kubeadm-Flannel demo labs, read the way kubelab reads real hosts:
 * every output goes through the shared parsers, and what one command says must agree with the
 * others (a pod's IP in kubectl is its node's /32 route or inside its bridge's subnet; the
 * `@ifN` of a host veth is the pod's eth0 index and back).
 */
import { describe, expect, it } from 'vitest';
import { parseIpLinkDetails } from '../../shared/model/topology-overlay';
import { parseIpAddr, parseIpAddrJson, parseIpRouteJson } from '../../shared/parsers/ip';
import { parseKubectlJson } from '../../shared/parsers/kubectl/json';
import { parseKubectlNodesWide } from '../../shared/parsers/kubectl/wide';
import { inCidr } from './model/ipv4';
import type { Host } from '../hosts/host';
import { createDemoLab, DEMO_LABS, type DemoLab } from '.';

const NOW = Date.parse('2026-11-23T12:00:00Z');

async function run(lab: DemoLab, hostId: string, command: string) {
  const host = lab.hosts.find((h) => h.description.id === hostId) as Host;
  return host.exec(command, { timeoutMs: 5000 });
}

async function out(lab: DemoLab, hostId: string, command: string): Promise<string> {
  const r = await run(lab, hostId, command);
  expect(r.exitCode, `${hostId}$ ${command}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

async function kube(lab: DemoLab) {
  const parsed = parseKubectlJson(await out(lab, 'operator', 'kubectl get nodes,pods -A -o json'));
  expect(parsed.warnings).toEqual([]);
  const hostOf = (nodeName: string | undefined) =>
    lab.model.cluster.instances.find((i) => i.nodeName === nodeName && i.role === 'node')?.hostId ??
    '';
  const pods = parsed.value.pods
    .filter((p) => !p.hostNetwork && p.podIP)
    .map((p) => ({ ...p, hostId: hostOf(p.nodeName) }));
  return { nodes: parsed.value.nodes, pods, hostOf };
}

describe.each(['calico', 'flannel'] as const)('the %s demo lab', (variant) => {
  const lab = createDemoLab({ variant, clock: () => NOW });

  it('is listed with its workspace id and its hosts', () => {
    expect(DEMO_LABS.map((l) => l.id)).toEqual(['demo', 'demo-calico', 'demo-flannel']);
    expect(lab.workspace.id).toBe(`demo-${variant}`);
    expect(lab.hosts.map((h) => h.description.id)).toEqual(['operator', 'node1', 'node2', 'node3']);
    expect(lab.hosts[1]?.description.user).toBe(variant === 'calico' ? 'docker' : 'ubuntu');
  });

  it('answers as that cluster’s hosts: user, hostname, help without AWS', async () => {
    const user = variant === 'calico' ? 'docker' : 'ubuntu';
    expect(await out(lab, 'node2', 'whoami')).toBe(`${user}\n`);
    expect(await out(lab, 'node2', 'sudo whoami')).toBe('root\n');
    expect(await out(lab, 'node2', 'echo $HOME')).toBe(`/home/${user}\n`);
    expect(await out(lab, 'node2', 'hostname')).toBe(
      variant === 'calico' ? 'minikube-m02\n' : 'k8s-w1\n',
    );
    const help = await out(lab, 'node1', 'help');
    expect(help).toContain(
      variant === 'calico' ? 'minikube cluster with Calico' : 'kubeadm cluster',
    );
    expect(help).not.toMatch(/169\.254\.169\.254|ipamd|aws ec2/);
  });

  it('gives every node a pod CIDR in 10.244.0.0/16 and every pod an IP inside its node’s', async () => {
    const { nodes, pods } = await kube(lab);
    expect(nodes).toHaveLength(3);
    const cidrs = nodes.map((n) => n.podCIDR ?? '');
    for (const c of cidrs) expect(c).toMatch(/^10\.244\.\d+\.0\/24$/);
    expect(new Set(cidrs).size).toBe(3);
    if (variant === 'flannel')
      expect(cidrs).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
    expect(pods.length).toBeGreaterThanOrEqual(5);
    for (const p of pods) {
      const node = nodes.find((n) => n.name === p.nodeName);
      expect(inCidr(p.podIP ?? '', node?.podCIDR ?? ''), `${p.name} ${p.podIP}`).toBe(true);
    }
    const wide = parseKubectlNodesWide(await out(lab, 'operator', 'kubectl get nodes -o wide'));
    const prefix = variant === 'calico' ? '192.168.49.' : '172.30.1.';
    expect(wide.value).toHaveLength(3);
    for (const row of wide.value) expect(row.internalIP?.startsWith(prefix)).toBe(true);
  });

  it('routes each local pod to its veth (Calico /32) or its bridge subnet (Flannel)', async () => {
    const { pods, nodes } = await kube(lab);
    for (const hostId of ['node1', 'node2', 'node3']) {
      const routes = parseIpRouteJson(await out(lab, hostId, 'ip -j route')).value;
      const links = parseIpAddrJson(await out(lab, hostId, 'ip -j addr')).value;
      const inst = lab.model.cluster.instances.find((i) => i.hostId === hostId);
      const block = nodes.find((n) => n.name === inst?.nodeName)?.podCIDR ?? '';
      for (const p of pods.filter((q) => q.hostId === hostId)) {
        if (variant === 'calico') {
          const r = routes.find((x) => x.dst === p.podIP);
          expect(r?.dev, p.name).toMatch(/^cali[0-9a-f]{11}$/);
          expect(r?.scope).toBe('link');
          expect(links.some((l) => l.ifname === r?.dev)).toBe(true);
        } else {
          const cni0 = links.find((l) => l.ifname === 'cni0');
          const inet = cni0?.addresses.find((a) => a.family === 'inet');
          expect(`${inet?.address}/${inet?.prefixlen}`).toBe(block.replace('.0/24', '.1/24'));
          expect(inCidr(p.podIP ?? '', block)).toBe(true);
          expect(routes.find((x) => x.dst === block)?.dev).toBe('cni0');
        }
      }
      if (variant === 'calico')
        expect(routes.find((r) => r.dst === block)).toMatchObject({
          type: 'blackhole',
          proto: 'bird',
        });
    }
  });

  it('routes the other nodes’ pod CIDRs through the tunnel, onlink', async () => {
    const { nodes } = await kube(lab);
    const routes = parseIpRouteJson(await out(lab, 'node2', 'ip -j route')).value;
    const self = lab.model.cluster.instances.find((i) => i.hostId === 'node2');
    for (const n of nodes.filter((x) => x.name !== self?.nodeName)) {
      const r = routes.find((x) => x.dst === n.podCIDR);
      if (variant === 'calico')
        expect(r).toMatchObject({ via: n.internalIPs[0], dev: 'tunl0', proto: 'bird' });
      else expect(r).toMatchObject({ via: n.podCIDR?.replace('/24', ''), dev: 'flannel.1' });
      expect(r?.flags).toContain('onlink');
    }
    const text = await out(lab, 'node2', 'ip route');
    expect(text).toMatch(
      variant === 'calico'
        ? /^10\.244\.\d+\.0\/24 via 192\.168\.49\.\d dev tunl0 proto bird onlink$/m
        : /^10\.244\.\d\.0\/24 via 10\.244\.\d\.0 dev flannel\.1 onlink$/m,
    );
  });

  it('shows the tunnel and bridge kinds in ip -d link', async () => {
    const details = parseIpLinkDetails(await out(lab, 'node1', 'ip -j -d link'));
    expect(details.warnings).toEqual([]);
    const kinds = new Map(details.value.map((d) => [d.ifname, d]));
    if (variant === 'calico') {
      expect(kinds.get('tunl0')?.kind).toBe('ipip');
      expect(await out(lab, 'node1', 'ip link show tunl0')).toMatch(
        /^2: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 /,
      );
    } else {
      expect(kinds.get('flannel.1')).toMatchObject({
        kind: 'vxlan',
        vni: 1,
        port: 8472,
        local: '172.30.1.48',
      });
      expect(kinds.get('cni0')?.kind).toBe('bridge');
      expect(await out(lab, 'node1', 'ip -d link show flannel.1')).toContain(
        'vxlan id 1 local 172.30.1.48 dev ens3 srcport 0 0 dstport 8472 nolearning',
      );
    }
    for (const d of details.value.filter((x) => /^(cali|veth)/.test(x.ifname)))
      expect(d.kind).toBe('veth');
  });

  it('pairs each host veth’s @ifN with the pod’s eth0 and back', async () => {
    const { pods } = await kube(lab);
    for (const p of pods) {
      const hostLinks = parseIpAddr(await out(lab, p.hostId, 'ip addr')).value;
      const podLinks = parseIpAddr(
        await out(lab, 'operator', `kubectl exec -n ${p.namespace} ${p.name} -- ip addr`),
      ).value;
      const eth0 = podLinks.find((l) => l.ifname === 'eth0');
      expect(eth0?.addresses.find((a) => a.family === 'inet')?.address).toBe(p.podIP);
      const veth = hostLinks.find((l) => l.ifindex === eth0?.peerIfindex);
      expect(veth?.ifname, p.name).toMatch(variant === 'calico' ? /^cali/ : /^veth/);
      expect(veth?.peerIfindex).toBe(eth0?.ifindex);
      if (variant === 'flannel') expect(veth?.master).toBe('cni0');
      const iflink = await out(
        lab,
        'operator',
        `kubectl exec -n ${p.namespace} ${p.name} -- cat /sys/class/net/eth0/iflink`,
      );
      expect(Number(iflink)).toBe(veth?.ifindex);
    }
  });

  it('answers curl pod → pod across nodes and ping from a node to a remote pod', async () => {
    const { pods } = await kube(lab);
    const nginx = pods.filter((p) => p.name.startsWith('nginx-'));
    const [a, b] = [nginx[0], nginx.find((p) => p.hostId !== nginx[0]?.hostId)];
    const code = await out(
      lab,
      'operator',
      `kubectl exec ${a?.name} -- curl -s -o /dev/null -w '%{http_code}' http://${b?.podIP}`,
    );
    expect(code).toBe('200');
    const svc = await out(lab, 'operator', `kubectl exec ${a?.name} -- curl -s http://nginx`);
    expect(svc).toContain('Welcome to nginx!');
    const ping = await out(lab, a?.hostId ?? '', `ping -c 1 ${b?.podIP}`);
    expect(ping).toContain('1 received');
  });

  it('has kube-proxy (iptables mode) with the node IP and clusterCIDR, and no AWS pieces', async () => {
    const save = await out(lab, 'node1', 'sudo iptables-save');
    expect(save).toContain('-A KUBE-SERVICES -d 10.96.0.10/32 -p udp');
    expect(save).toMatch(/! -s 10\.244\.0\.0\/16 -d 10\.96\.0\.10\/32 .* -j KUBE-MARK-MASQ/);
    expect(save).not.toContain('AWS-SNAT-CHAIN-0');
    if (variant === 'flannel') {
      expect(save).toContain(
        '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
      );
      expect(save).toContain(
        '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
      );
      expect(save).toContain(
        '-A FLANNEL-POSTRTG -s 10.244.0.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
      );
    } else expect(save).not.toContain('FLANNEL');
    const aws = await run(lab, 'operator', 'aws ec2 describe-vpcs');
    expect(aws.exitCode).toBe(127);
    const imds = await run(
      lab,
      'node1',
      'curl -s --max-time 1 http://169.254.169.254/latest/meta-data/',
    );
    expect(imds.exitCode).toBe(28);
    const ipamd = await run(lab, 'node1', 'curl -s localhost:61679/v1/enis');
    expect(ipamd.exitCode).toBe(7);
    expect(await out(lab, 'node1', 'ip rule')).toBe(
      '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n',
    );
  });

  it('keeps a scale-out consistent: new pods take the next addresses of their node’s CIDR', async () => {
    let now = NOW;
    const scaled = createDemoLab({ variant, clock: () => now });
    await out(scaled, 'operator', 'kubectl scale deployment nginx --replicas 9');
    now += 60_000;
    const { pods, nodes } = await kube(scaled);
    const nginx = pods.filter((p) => p.name.startsWith('nginx-'));
    expect(nginx).toHaveLength(9);
    expect(new Set(pods.map((p) => p.podIP)).size).toBe(pods.length);
    for (const p of nginx) {
      const block = nodes.find((n) => n.name === p.nodeName)?.podCIDR ?? '';
      expect(inCidr(p.podIP ?? '', block)).toBe(true);
    }
  });
});

describe('Calico in VXLAN mode', () => {
  it('routes other blocks through vxlan.calico to the remote tunnel address', async () => {
    const { ClusterStore } = await import('./model/store');
    const { buildOverlayCluster } = await import('./model/build-overlay');
    const { hostNet } = await import('./net/host-net');
    const cluster = buildOverlayCluster('calico', { now: NOW, encapsulation: 'vxlan' });
    const store = new ClusterStore(cluster, () => NOW);
    const node1 = store.cluster.instances.find((i) => i.hostId === 'node1');
    if (!node1) throw new Error('node1 missing');
    const net = hostNet(store.cluster, node1, NOW);
    const vxlan = net.links.find((l) => l.ifname === 'vxlan.calico');
    expect(vxlan?.details?.vxlan).toMatchObject({ id: 4096, port: 4789, local: '192.168.49.2' });
    const node2 = store.cluster.instances.find((i) => i.hostId === 'node2');
    const r = net.routes.find((x) => x.dst === node2?.podCidr);
    expect(r).toMatchObject({
      dev: 'vxlan.calico',
      gateway: node2?.podCidr?.replace('/24', ''),
      isOnlink: true,
    });
  });
});
