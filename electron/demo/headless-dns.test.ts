import { beforeAll, describe, expect, it } from 'vitest';
import { parseConntrack } from '../../shared/parsers/conntrack';
import { parseTcpdump } from '../../shared/parsers/tcpdump';
import type { Host } from '../hosts/host';
import { kubeProxyInput } from './commands/iptables';
import { createDemoLab, type DemoLab } from './index';
import { kubeIpvs0 } from './kube-proxy/kube-ipvs0';

/**
 * Seed 002's headless Service lab on the demo, through the hosts as a user drives them: the
 * manifest applied from a here-document, busybox nslookup and dig from pods, the DNS packets
 * on the nodes' tcpdump, and the lab's own connections in conntrack, expiring on time.
 */
const MANIFEST = `kubectl apply -f - <<'EOF'
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: a-app
  labels:
    app: a-app
spec:
  selector:
    matchLabels:
      app: a-app
  serviceName: "a-app"
  replicas: 3
  template:
    metadata:
      labels:
        app: a-app
    spec:
      containers:
      - name: my-container
        image: nginx:1.20
        ports:
        - containerPort: 80
          name: web
---
apiVersion: v1
kind: Service
metadata:
  name: a-app
  labels:
    app: a-app
spec:
  clusterIP: None # headless
  selector:
    app: a-app
  ports:
  - port: 80
    targetPort: web
    name: http
EOF`;

let now = 1_750_000_000_000;
let lab: DemoLab;
const host = (id: string): Host => {
  const h = lab.hosts.find((x) => x.description.id === id);
  if (!h) throw new Error(`no host ${id}`);
  return h;
};
const run = (id: string, command: string) => host(id).exec(command);
const sh = async (id: string, command: string): Promise<string> => {
  const r = await run(id, command);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r.stdout;
};
const pod = (name: string) => lab.model.cluster.pods.find((p) => p.name === name);
const ipOf = (name: string) => pod(name)?.network?.ip ?? '';
/** The workspace host (node1…) a pod runs on. */
const hostOfPod = (name: string) => pod(name)?.hostId ?? '';

beforeAll(async () => {
  lab = createDemoLab({ seed: 5, clock: () => now, latencyMs: [0, 0] });
  expect(await sh('operator', MANIFEST)).toBe(
    'statefulset.apps/a-app created\nservice/a-app created\n',
  );
  expect(await sh('operator', 'kubectl run b-app --image=busybox -- sleep 3600')).toBe(
    'pod/b-app created\n',
  );
  now += 60_000;
});

describe('the StatefulSet and its headless Service', () => {
  it('lists as the seed shows: CLUSTER-IP None, 3/3, stable pod names', async () => {
    const text = await sh('operator', 'kubectl get svc,statefulset,pod | grep -E "(NAME|-app)"');
    expect(text).toMatch(/^service\/a-app\s+ClusterIP\s+None\s+<none>\s+80\/TCP\s+60s$/m);
    expect(text).toMatch(/^statefulset\.apps\/a-app\s+3\/3\s+60s$/m);
    for (const name of ['a-app-0', 'a-app-1', 'a-app-2', 'b-app'])
      expect(text).toMatch(new RegExp(`^pod/${name}\\s+1/1\\s+Running\\s+0\\s`, 'm'));
    const json = JSON.parse(await sh('operator', 'kubectl get svc a-app -o json')) as {
      spec: { clusterIP: string; ports: { targetPort: unknown }[] };
    };
    expect(json.spec.clusterIP).toBe('None');
    expect(json.spec.ports[0]?.targetPort).toBe('web');
  });

  it('creates the pods one at a time, spread over the nodes, each with a VPC IP', () => {
    const pods = ['a-app-0', 'a-app-1', 'a-app-2'].map((n) => pod(n));
    expect(new Set(pods.map((p) => p?.hostId)).size).toBe(3);
    for (const p of pods) expect(p?.network?.ip).toMatch(/^192\.168\.[123]\.\d+$/);
    expect(pods[1]?.createdAt).toBeGreaterThan(pods[0]?.readyAt ?? Infinity);
    expect(pods[2]?.createdAt).toBeGreaterThan(pods[1]?.readyAt ?? Infinity);
  });

  it('gets no kube-proxy rules, IPVS virtual server or kube-ipvs0 address', async () => {
    const inst = lab.model.cluster.instances.find((i) => i.hostId === 'node1');
    if (!inst) throw new Error('no node1');
    const input = kubeProxyInput(lab.model.cluster, inst, now);
    expect(input.servicePorts.some((p) => p.name === 'a-app')).toBe(false);
    expect(input.servicePorts.some((p) => p.name === 'nginx')).toBe(true);
    expect(await sh('node1', 'sudo iptables-save -t nat')).not.toContain('a-app');
  });

  it('gets no IPVS virtual server and no kube-ipvs0 address in IPVS mode', async () => {
    let t = now;
    const ipvs = createDemoLab({ seed: 5, clock: () => t, latencyMs: [0, 0] });
    const on = async (id: string, command: string) => {
      const r = await ipvs.hosts.find((h) => h.description.id === id)?.exec(command);
      expect(r?.exitCode).toBe(0);
      return r?.stdout ?? '';
    };
    await on('operator', MANIFEST);
    const config = await on(
      'operator',
      'kubectl -n kube-system get cm kube-proxy-config -o jsonpath={.data.config}',
    );
    const patch = JSON.stringify({
      data: { config: config.replace(/^mode: .*$/m, 'mode: "ipvs"') },
    });
    await on(
      'operator',
      `kubectl -n kube-system patch cm kube-proxy-config --type merge -p '${patch}'`,
    );
    await on('operator', 'kubectl -n kube-system rollout restart ds kube-proxy');
    t += 120_000;
    const cluster = ipvs.model.cluster;
    const inst = cluster.instances.find((i) => i.hostId === 'node1');
    if (!inst) throw new Error('no node1');
    const table = await on('node1', 'sudo ipvsadm -Ln');
    const vip = cluster.services.find((s) => s.name === 'nginx')?.clusterIp ?? '';
    expect(table).toContain(`TCP  ${vip}:80 rr`);
    const aApp = cluster.pods.filter((p) => p.labels.app === 'a-app').map((p) => p.network?.ip);
    expect(aApp).toHaveLength(3);
    for (const ip of aApp) expect(table).not.toContain(`${ip ?? ''}:`);
    const dummy = kubeIpvs0(cluster, inst, t);
    expect(dummy?.addresses.map((a) => a.local)).toContain(vip);
    expect(dummy?.addresses.every((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a.local))).toBe(true);
  });

  it('takes the manifest from a file the user wrote, as the seed does, and says when there is none', async () => {
    const r = await run('operator', 'kubectl apply -f statefulset.yaml');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error: the path "statefulset.yaml" does not exist\n');
    const write = MANIFEST.replace('kubectl apply -f - <<', 'cat > statefulset.yaml <<');
    expect(await sh('operator', write)).toBe('');
    expect(await sh('operator', 'ls')).toBe('statefulset.yaml\n');
    expect(await sh('operator', 'cat ~/statefulset.yaml')).toContain(
      'clusterIP: None # headless\n',
    );
    expect(await sh('operator', 'kubectl apply -f statefulset.yaml')).toBe(
      'statefulset.apps/a-app unchanged\nservice/a-app unchanged\n',
    );
    expect(await sh('operator', MANIFEST)).toBe(
      'statefulset.apps/a-app unchanged\nservice/a-app unchanged\n',
    );
    const outside = await run('operator', 'echo x > /etc/hosts');
    expect(outside.stderr).toMatch(/^bash: \/etc\/hosts: Read-only file system/);
    expect(await sh('operator', 'rm statefulset.yaml && ls')).toBe('');
  });
});

describe('DNS from a pod', () => {
  it('answers a normal Service with its VIP and the headless one with every pod IP', async () => {
    const vip = lab.model.cluster.services.find((s) => s.name === 'nginx')?.clusterIp;
    const normal = await sh(
      'operator',
      'kubectl exec b-app -- nslookup nginx.default.svc.cluster.local',
    );
    expect(normal).toBe(
      `Server:\t\t10.100.0.10\nAddress:\t10.100.0.10:53\n\nName:\tnginx.default.svc.cluster.local\nAddress: ${vip}\n\n\n`,
    );
    const headless = await sh(
      'operator',
      'kubectl exec b-app -- nslookup a-app.default.svc.cluster.local',
    );
    const ips = [...headless.matchAll(/^Address: (\S+)$/gm)].map((m) => m[1]).sort();
    expect(ips).toEqual(['a-app-0', 'a-app-1', 'a-app-2'].map(ipOf).sort());
    const one = await sh(
      'operator',
      'kubectl exec b-app -- nslookup a-app-2.a-app.default.svc.cluster.local',
    );
    expect(one).toContain(
      `Name:\ta-app-2.a-app.default.svc.cluster.local\nAddress: ${ipOf('a-app-2')}\n`,
    );
  });

  it('expands a short name with the search path and says NXDOMAIN for the misses', async () => {
    const r = await run('operator', 'kubectl exec b-app -- nslookup a-app');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("** server can't find a-app.svc.cluster.local: NXDOMAIN\n");
    expect(r.stdout).toContain('Name:\ta-app.default.svc.cluster.local\n');
    const gone = await run(
      'operator',
      'kubectl exec b-app -- nslookup nope.default.svc.cluster.local',
    );
    expect(gone.exitCode).toBe(1);
    expect(gone.stdout).toContain(
      "** server can't find nope.default.svc.cluster.local: NXDOMAIN\n",
    );
    expect(gone.stderr).toBe('command terminated with exit code 1\n');
  });

  it('digs from a dnsutils pod, and has no nslookup in nginx', async () => {
    await sh('operator', 'kubectl run dnsutils --image=tutum/dnsutils -- sleep 3600');
    now += 10_000;
    const text = await sh(
      'operator',
      'kubectl exec dnsutils -- dig a-app-0.a-app.default.svc.cluster.local',
    );
    expect(text).toMatch(/^;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: \d+$/m);
    // EKS's CoreDNS: TTL 5, counting down in its cache.
    expect(text).toMatch(
      new RegExp(
        `^a-app-0\\.a-app\\.default\\.svc\\.cluster\\.local\\. [1-5] IN\\sA\\s${ipOf('a-app-0')}$`,
        'm',
      ),
    );
    expect(text).toContain(';; SERVER: 10.100.0.10#53(10.100.0.10)\n;; WHEN: ');
    expect(text).toContain(';; MSG SIZE  rcvd: 123\n');
    const nginx = await run('operator', 'kubectl exec a-app-0 -- nslookup a-app');
    expect(nginx.exitCode).toBe(1);
    expect(nginx.stderr).toContain('exec: "nslookup": executable file not found in $PATH');
  });
});

describe('DNS on the wire and in conntrack', () => {
  it('shows the question to the VIP and its DNAT to CoreDNS in tcpdump, parsed without warnings', async () => {
    const node = hostOfPod('b-app');
    const capture = run(node, 'sudo tcpdump -i any -nn -l -c 8 udp port 53');
    await new Promise((r) => setTimeout(r, 50));
    await sh('operator', 'kubectl exec b-app -- nslookup a-app.default.svc.cluster.local');
    const out = await capture;
    const parsed = parseTcpdump(out.stdout);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.value).toHaveLength(8);
    const client = ipOf('b-app');
    const [first, second] = parsed.value;
    expect(first?.raw).toMatch(
      new RegExp(
        `IP ${client}\\.\\d+ > 10\\.100\\.0\\.10\\.53: \\d+\\+ A\\? a-app\\.default\\.svc\\.cluster\\.local\\. \\(49\\)$`,
      ),
    );
    expect(first?.dns).toMatchObject({
      kind: 'query',
      qtype: 'A?',
      name: 'a-app.default.svc.cluster.local.',
    });
    // After kube-proxy's DNAT: the same question to a CoreDNS pod's own address.
    const coredns = lab.model.cluster.pods
      .filter((p) => p.labels['k8s-app'] === 'kube-dns')
      .map((p) => p.network?.ip);
    expect(coredns).toContain(second?.dst);
    const answers = parsed.value.filter((p) => p.dns?.kind === 'answer' && p.dns.counts?.[0] === 3);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.at(-1)?.raw).toMatch(
      / > [\d.]+: \d+\*- 3\/0\/0 A [\d.]+, A [\d.]+, A [\d.]+ \(190\)$/,
    );
    expect(answers.at(-1)?.src).toBe('10.100.0.10');
  });

  it('lists the DNS flow DNATed to CoreDNS, and drops it after 30 s', async () => {
    const node = hostOfPod('b-app');
    const client = ipOf('b-app');
    await sh('operator', 'kubectl exec b-app -- nslookup a-app-1.a-app.default.svc.cluster.local');
    const r = await run(node, 'sudo conntrack -L -d 10.100.0.10');
    const parsed = parseConntrack(r.stdout);
    expect(parsed.warnings).toEqual([]);
    // The newest entry (earlier lookups of this file are still counting down).
    const entry = parsed.value
      .filter((e) => e.original.src === client && e.original.dport === 53)
      .at(-1);
    expect(entry).toMatchObject({ protocol: 'udp', timeout: 30 });
    // busybox's AAAA question went out on the socket its A was answered on.
    expect(entry?.raw).toContain(' [ASSURED] mark=0');
    expect(
      lab.model.cluster.pods.some(
        (p) => p.network?.ip === entry?.reply.src && p.labels['k8s-app'] === 'kube-dns',
      ),
    ).toBe(true);
    expect(r.stderr).toMatch(/: \d+ flow entries have been shown\.\n$/);
    now += 31_000;
    const later = parseConntrack(
      (await run(node, 'sudo conntrack -L -d 10.100.0.10')).stdout,
    ).value;
    expect(later.some((e) => e.original.src === client)).toBe(false);
  });

  it('keeps a closed connection to the VIP in TIME_WAIT for 120 s, answered by an nginx pod', async () => {
    const node = hostOfPod('b-app');
    const client = ipOf('b-app');
    const vip = lab.model.cluster.services.find((s) => s.name === 'nginx')?.clusterIp ?? '';
    expect(await sh('operator', 'kubectl exec b-app -- wget -qO- nginx')).toContain(
      'Welcome to nginx!',
    );
    const list = async () => {
      const r = await run(node, `sudo conntrack -L -p tcp -d ${vip}`);
      const parsed = parseConntrack(r.stdout);
      expect(parsed.warnings).toEqual([]);
      return parsed.value.filter((e) => e.original.src === client);
    };
    const [entry] = await list();
    expect(entry).toMatchObject({ state: 'TIME_WAIT', timeout: 120 });
    expect(entry?.raw).toContain('[ASSURED]');
    const nginxIps = lab.model.cluster.pods
      .filter((p) => p.labels.app === 'nginx')
      .map((p) => p.network?.ip);
    expect(nginxIps).toContain(entry?.reply.src);
    now += 100_000;
    expect((await list())[0]?.timeout).toBe(20);
    now += 21_000;
    expect(await list()).toEqual([]);
  });
});

describe('kubectl run --rm', () => {
  it('waits for the pod, prints the command output and deletes the pod', async () => {
    const base = Date.now();
    const start = now;
    const real = createDemoLab({
      seed: 5,
      clock: () => start + (Date.now() - base),
      latencyMs: [0, 0],
    });
    const op = real.hosts.find((h) => h.description.id === 'operator');
    const r = await op?.exec(
      'kubectl run dig-pod --image=tutum/dnsutils -it --rm --restart=Never -- dig kubernetes.default.svc.cluster.local',
    );
    expect(r?.exitCode).toBe(0);
    expect(r?.stdout).toMatch(
      /^kubernetes\.default\.svc\.cluster\.local\.\s+\d+\s+IN\s+A\s+10\.100\.0\.1$/m,
    );
    expect(r?.stdout).toMatch(/pod "dig-pod" deleted\n$/);
    expect(r?.stderr).toBe(
      'Unable to use a TTY - input is not a terminal or the right kind of file\n',
    );
    expect(real.model.cluster.pods.some((p) => p.name === 'dig-pod')).toBe(false);
  });
});

describe('on the kubeadm-Flannel variant', () => {
  it('resolves through 10.96.0.10 with kubeadm TTL 30, pod IPs from the node CIDRs', async () => {
    let t = 1_750_000_000_000;
    const flannel = createDemoLab({
      variant: 'flannel',
      seed: 5,
      clock: () => t,
      latencyMs: [0, 0],
    });
    const op = flannel.hosts[0];
    if (!op) throw new Error('no operator');
    expect((await op.exec(MANIFEST)).exitCode).toBe(0);
    expect((await op.exec('kubectl run b-app --image=busybox -- sleep 3600')).exitCode).toBe(0);
    expect(
      (await op.exec('kubectl run dnsutils --image=tutum/dnsutils -- sleep 3600')).exitCode,
    ).toBe(0);
    t += 60_000;
    const r = await op.exec('kubectl exec b-app -- nslookup a-app.default.svc.cluster.local');
    expect(r.stdout).toMatch(/^Server:\t\t10\.96\.0\.10\nAddress:\t10\.96\.0\.10:53\n/);
    expect([...r.stdout.matchAll(/^Address: (10\.244\.\d+\.\d+)$/gm)]).toHaveLength(3);
    const dig = await op.exec(
      'kubectl exec dnsutils -- dig a-app-0.a-app.default.svc.cluster.local',
    );
    expect(dig.stdout).toMatch(
      /^a-app-0\.a-app\.default\.svc\.cluster\.local\. \d+ IN A 10\.244\.\d+\.\d+$/m,
    );
    const ttl = Number(/local\. (\d+) IN A/.exec(dig.stdout)?.[1]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
  });
});
