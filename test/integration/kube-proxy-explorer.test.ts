/**
 * The Service explorer's requests through the Backend, in process, on the demo lab: per-host
 * Service data in iptables mode and in IPVS mode (switched with demo:kube-proxy-mode), live
 * distribution counters moved by the built-in traffic loop, the contract's validation, and the
 * loop ending with the session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/api/contract';
import type { Reply } from '../../shared/api/reply';
import { parseKubectlJson, type KubePod } from '../../shared/parsers/kubectl';
import { Backend, type Session } from '../../electron/core/backend';
import { createWorkspaces } from '../../electron/core/compose';
import { createDemoLab } from '../../electron/demo';
import { recorder, until } from '../support/events';

const OPTIONS = { version: 'test', transport: 'websocket', platform: 'linux' } as const;
const rec = recorder();
let backend: Backend;
let session: Session;

async function call<T>(method: string, params: unknown): Promise<T> {
  const reply = (await session.handle(method, params)) as Reply<T>;
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

async function refused(method: string, params: unknown): Promise<string> {
  const reply = await session.handle(method, params);
  if (reply.ok) throw new Error(`${method} was accepted`);
  return reply.error.code;
}

let pods: KubePod[] = [];
const hostOfPod = (pod: KubePod): string => {
  const entry = backend.workspaces.get('demo');
  return entry.hosts.find((h) => h.description.address === pod.hostIP)?.description.id ?? '';
};

type Services = Result<'kubeproxy:services'>;
const nginxOf = (s: Services) => s.services.find((x) => x.service.name === 'nginx');

async function runTraffic(client: KubePod, vip: string, requests: number): Promise<void> {
  const started = await call<Result<'kubeproxy:traffic'>>('kubeproxy:traffic', {
    action: 'start',
    workspaceId: 'demo',
    from: { namespace: client.namespace, pod: client.name },
    to: { ip: vip, port: 80 },
    ratePerSecond: 20,
    maxRequests: requests,
  });
  await until(
    () =>
      rec.events.some(
        (e) =>
          e.name === 'kubeproxy:traffic' &&
          e.payload.trafficId === started.trafficId &&
          !e.payload.isRunning,
      ),
    15_000,
  );
  const last = rec.events
    .filter((e) => e.name === 'kubeproxy:traffic')
    .map((e) => e.payload)
    .filter((s) => s.trafficId === started.trafficId)
    .at(-1);
  expect(last).toMatchObject({
    sent: requests,
    succeeded: requests,
    failed: 0,
    endReason: `sent ${requests} requests`,
  });
}

beforeAll(async () => {
  backend = new Backend(createWorkspaces({ demoSeed: 7 }), OPTIONS);
  session = backend.openSession(rec.emit);
  const [exec] = await call<Result<'command:exec'>>('command:exec', {
    workspaceId: 'demo',
    hostIds: ['operator'],
    command: 'kubectl get pods -n default -o json',
  });
  pods = parseKubectlJson(exec?.stdout ?? '').value.pods;
  expect(pods.length).toBeGreaterThan(1);
});

afterAll(() => session.close());

describe('kubeproxy:* on the demo lab', () => {
  it('reads a node in iptables mode: Services with rule lines as printed, owners, scale', async () => {
    const s = await call<Services>('kubeproxy:services', { workspaceId: 'demo', hostId: 'node1' });
    expect(s.mode.detected).toBe('iptables');
    expect(s.mode.configMap).toMatchObject({ name: 'kube-proxy-config', mode: 'iptables' });
    expect(s.warnings).toEqual([]);
    const nginx = nginxOf(s);
    expect(nginx?.service.source).toBe('iptables');
    expect(nginx?.counters).toMatchObject({ mode: 'iptables' });
    expect(
      nginx?.cited.some((l) => l.text.startsWith(`-A ${nginx.service.svcChain ?? '?'} `)),
    ).toBe(true);
    expect(nginx?.cited.some((l) => /-j DNAT --to-destination/.test(l.text))).toBe(true);
    expect(nginx?.owners.map((o) => o.podName).sort()).toEqual(pods.map((p) => p.name).sort());
    expect(nginx?.owners.every((o) => o.nodeName !== null && o.isLocal !== null)).toBe(true);
    expect(s.scale.svcChains).toBeGreaterThan(0);
    expect(s.scale.sepChains).toBeGreaterThanOrEqual(pods.length);
    expect(s.scale.ipvsVirtualServers).toBe(0);
    expect(s.kubeIpvs0).toBeNull();
    expect(s.residual.rules).toEqual([]);
  });

  it('counts hits per endpoint in iptables mode against the effective shares', async () => {
    const client = pods[0] as KubePod;
    const node = hostOfPod(client);
    const nginx = nginxOf(
      await call<Services>('kubeproxy:services', { workspaceId: 'demo', hostId: node }),
    );
    const target = nginx?.counters;
    if (!target) throw new Error('no counters target');
    const zero = await call<Result<'kubeproxy:zero'>>('kubeproxy:zero', {
      workspaceId: 'demo',
      hostId: node,
      target,
    });
    expect(zero.command).toMatch(/^sudo -n -- iptables -t nat -Z KUBE-SVC-[A-Z0-9]{16}$/);
    await runTraffic(client, nginx.service.clusterIP, 40);
    const sample = await call<Result<'kubeproxy:counters'>>('kubeproxy:counters', {
      workspaceId: 'demo',
      hostId: node,
      target,
    });
    expect(sample.scheduler).toBe('random');
    expect(sample.total).toBe(40);
    expect(sample.rows).toHaveLength(pods.length);
    const shares = sample.rows.map((r) => r.expectedShare);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    for (const share of shares) expect(share).toBeCloseTo(1 / pods.length, 3);
  });

  it('switches the demo to IPVS mode and reads it back: virtual servers, kube-ipvs0, residual rules', async () => {
    const switched = await call<Result<'demo:kube-proxy-mode'>>('demo:kube-proxy-mode', {
      workspaceId: 'demo',
      mode: 'ipvs',
      scheduler: 'rr',
    });
    expect(switched.commands[1]).toBe(
      'kubectl -n kube-system rollout restart daemonset kube-proxy',
    );
    const s = await call<Services>('kubeproxy:services', { workspaceId: 'demo', hostId: 'node2' });
    expect(s.mode.detected).toBe('ipvs');
    expect(s.mode.evidence.map((e) => e.kind).sort()).toEqual([
      'configmap',
      'ipset',
      'ipvs-table',
      'kube-ipvs0',
      'kube-svc-chains',
    ]);
    const nginx = nginxOf(s);
    expect(nginx).toMatchObject({
      vipOnKubeIpvs0: true,
      service: { source: 'ipvs', scheduler: 'rr', namespace: 'default' },
    });
    expect(nginx?.cited[0]?.text).toMatch(/^TCP {2}\d+\.\d+\.\d+\.\d+:80 rr$/);
    expect(nginx?.masquerade.map((l) => l.text)).toEqual([
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP src,dst -j KUBE-MARK-MASQ',
    ]);
    expect(nginx?.owners.map((o) => o.podName).sort()).toEqual(pods.map((p) => p.name).sort());
    expect(s.kubeIpvs0?.addresses).toContain(nginx?.service.clusterIP);
    expect(
      s.residual.rules.some((r) =>
        r.text.includes('--match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT'),
      ),
    ).toBe(true);
    expect(s.residual.ipsets.find((x) => x.name === 'KUBE-CLUSTER-IP')?.members).toBe(
      s.services.length,
    );
    expect(s.scale).toMatchObject({ svcChains: 0, sepChains: 0 });
    expect(s.scale.ipvsRealServers).toBeGreaterThanOrEqual(pods.length);
  });

  it('counts connections per real server in IPVS mode: round robin, even shares', async () => {
    const client = pods[1] as KubePod;
    const node = hostOfPod(client);
    const nginx = nginxOf(
      await call<Services>('kubeproxy:services', { workspaceId: 'demo', hostId: node }),
    );
    const target = nginx?.counters;
    if (target?.mode !== 'ipvs') throw new Error('no IPVS target');
    const zero = await call<Result<'kubeproxy:zero'>>('kubeproxy:zero', {
      workspaceId: 'demo',
      hostId: node,
      target,
    });
    // shell-quote escapes the colon (`10.100.0.7\:80`), which bash reads as the same word.
    expect(zero.command).toBe(`sudo -n -- ipvsadm -Z -t ${target.vip}\\:80`);
    await runTraffic(client, target.vip, pods.length * 4);
    const sample = await call<Result<'kubeproxy:counters'>>('kubeproxy:counters', {
      workspaceId: 'demo',
      hostId: node,
      target,
    });
    expect(sample.scheduler).toBe('rr');
    expect(sample.rows.map((r) => r.hits)).toEqual(pods.map(() => 4));
    for (const r of sample.rows) expect(r.expectedShare).toBeCloseTo(1 / pods.length, 6);
  });

  it('refuses values that do not validate before anything runs', async () => {
    const base = { workspaceId: 'demo', hostId: 'node1' };
    expect(
      await refused('kubeproxy:zero', {
        ...base,
        target: { mode: 'iptables', chain: 'KUBE-SVC-X; reboot' },
      }),
    ).toBe('invalid-params');
    expect(
      await refused('kubeproxy:counters', {
        ...base,
        target: { mode: 'ipvs', protocol: 'tcp', vip: '10.0.0.1;id', port: 80 },
      }),
    ).toBe('invalid-params');
    expect(
      await refused('kubeproxy:traffic', {
        action: 'start',
        workspaceId: 'demo',
        from: { namespace: 'default', pod: '$(reboot)' },
        to: { ip: '10.100.0.1', port: 80 },
        ratePerSecond: 1,
      }),
    ).toBe('invalid-params');
    expect(await refused('kubeproxy:traffic', { action: 'stop', trafficId: 'tr999' })).toBe(
      'not-found',
    );
  });

  it('refuses to switch the mode of a workspace that is not the demo', async () => {
    const registry = createWorkspaces({ demoSeed: 3 });
    const other = createDemoLab({ seed: 5 });
    registry.add({ id: 'prod', name: 'prod', kind: 'ssh', description: '', hosts: other.hosts });
    const s = new Backend(registry, OPTIONS).openSession(() => undefined);
    const reply = await s.handle('demo:kube-proxy-mode', { workspaceId: 'prod', mode: 'ipvs' });
    expect(reply.ok).toBe(false);
    s.close();
  });

  it('ends a running traffic loop when the session closes', async () => {
    const own = recorder();
    const s = backend.openSession(own.emit);
    const reply = await s.handle('kubeproxy:traffic', {
      action: 'start',
      workspaceId: 'demo',
      from: { namespace: 'default', pod: (pods[0] as KubePod).name },
      to: { ip: '10.100.0.1', port: 443 },
      ratePerSecond: 5,
    });
    expect(reply.ok).toBe(true);
    s.close();
    await until(() =>
      own.events.some(
        (e) => e.name === 'kubeproxy:traffic' && e.payload.endReason === 'session closed',
      ),
    );
  });
});
