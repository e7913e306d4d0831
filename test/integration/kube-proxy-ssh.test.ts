/**
 * The Service explorer over real OpenSSH against real iptables: a network namespace holds the nat
 * rules kube-proxy (iptables mode) writes for a three-endpoint Service, with listeners behind
 * them; connections made inside it move the kernel's counters. kubeproxy:services reads the rules
 * back, kubeproxy:zero runs `iptables -t nat -Z`, kubeproxy:counters parses the real
 * `iptables -t nat -L … -n -v -x`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/api/contract';
import type { Reply } from '../../shared/api/reply';
import { Backend, type Session } from '../../electron/core/backend';
import { WorkspaceRegistry } from '../../electron/core/workspaces';
import { SshHost, SshPool } from '../../electron/ssh';
import { requireCapability } from '../support/require-capability';
import { canRunSshd } from '../support/ssh-hosts';
import { stopAllSshd, trustOnly } from '../support/sshd';
import { scriptedPrompter } from '../support/sshd-prompter';
import {
  bastionCapability,
  startBastionTopology,
  type BastionTopology,
} from '../support/sshd-netns';

const canRun = canRunSshd();
const netns = canRun ? bastionCapability() : { available: false, hint: '' };
const canRunNetns =
  canRun &&
  requireCapability('network namespaces for a kube-proxy node', netns.available, netns.hint);

const VIP = '10.96.0.50';
const SVC = 'KUBE-SVC-KLTESTWEB0000001';
const PORTS = [18081, 18082, 18083];

/** kube-proxy's rules for `default/web` (port 80 → three endpoints on this namespace's address). */
function rules(address: string): string {
  const sep = (i: number) => `KUBE-SEP-KLTESTWEB000000${i + 1}`;
  const lines = [
    '*nat',
    ':KUBE-SERVICES - [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    `:${SVC} - [0:0]`,
    ...PORTS.map((_, i) => `:${sep(i)} - [0:0]`),
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    `-A KUBE-SERVICES -d ${VIP}/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j ${SVC}`,
    ...PORTS.map((port, i) => {
      const p = ['0.33333333349', '0.50000000000'][i];
      const statistic = p === undefined ? '' : ` -m statistic --mode random --probability ${p}`;
      return `-A ${SVC} -m comment --comment "default/web -> ${address}:${port}"${statistic} -j ${sep(i)}`;
    }),
    ...PORTS.flatMap((port, i) => [
      `-A ${sep(i)} -s ${address}/32 -m comment --comment "default/web" -j KUBE-MARK-MASQ`,
      `-A ${sep(i)} -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination ${address}:${port}`,
    ]),
    'COMMIT',
  ];
  return `${lines.join('\n')}\n`;
}

/** Opens `n` connections to the VIP from inside the namespace, one after another. */
const CONNECT = `
const net = require('node:net');
let left = Number(process.argv[1]);
const next = () => {
  if (left-- === 0) return;
  const s = net.connect(80, '${VIP}');
  s.on('data', () => undefined);
  s.on('close', next);
  s.on('error', next);
};
next();
`;

describe.runIf(canRunNetns)('kubeproxy:* over real sshd and real iptables', () => {
  let topology: BastionTopology;
  let pool: SshPool;
  let session: Session;
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const reply = (await session.handle(method, params)) as Reply<T>;
    if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
    return reply.value;
  };

  beforeAll(async () => {
    topology = await startBastionTopology(1);
    const ns = topology.operatorNs;
    const address = topology.operator.host;
    ns.run('ip', ['route', 'add', '10.96.0.0/16', 'dev', 'ens5']);
    ns.run('iptables-restore', ['--noflush'], rules(address));
    ns.spawn('node', [
      '-e',
      `for (const p of ${JSON.stringify(PORTS)}) require('node:net').createServer((s) => s.end('ok')).listen(p, '${address}')`,
    ]);
    await new Promise((r) => setTimeout(r, 500));
    pool = new SshPool({
      verifier: trustOnly(topology.operator),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
    });
    const target = topology.operator.target();
    const host = new SshHost(
      { id: 'node1', name: 'node1', role: 'node', address, user: 'root', tags: [] },
      target,
      pool,
    );
    const registry = new WorkspaceRegistry();
    registry.add({ id: 'lab', name: 'lab', kind: 'ssh', description: '', hosts: [host] });
    session = new Backend(registry, {
      version: 't',
      transport: 'websocket',
      platform: 'linux',
    }).openSession(() => undefined);
  }, 60_000);

  afterAll(async () => {
    session.close();
    pool.closeAll();
    await topology.destroy();
    stopAllSshd();
  });

  it('reads the Service from iptables-save and counts real hits against the effective shares', async () => {
    const s = await call<Result<'kubeproxy:services'>>('kubeproxy:services', {
      workspaceId: 'lab',
      hostId: 'node1',
    });
    expect(s.mode.detected).toBe('iptables');
    expect(s.mode.configMap).toBeNull();
    const web = s.services.find((x) => x.service.name === 'web');
    expect(web?.service.endpoints.map((e) => e.port)).toEqual(PORTS);
    expect(web?.counters).toEqual({ mode: 'iptables', chain: SVC });
    expect(web?.masquerade).toHaveLength(3);
    expect(web?.cited.some((l) => l.text.includes('--probability 0.33333333349'))).toBe(true);

    const target = { mode: 'iptables', chain: SVC } as const;
    await call('kubeproxy:zero', { workspaceId: 'lab', hostId: 'node1', target });
    topology.operatorNs.run('node', ['-e', CONNECT, '60']);
    const sample = await call<Result<'kubeproxy:counters'>>('kubeproxy:counters', {
      workspaceId: 'lab',
      hostId: 'node1',
      target,
    });
    expect(sample.command).toBe(`iptables -t nat -L ${SVC} -n -v -x`);
    expect(sample.total).toBe(60);
    expect(sample.rows.map((r) => r.port)).toEqual(PORTS);
    for (const r of sample.rows) {
      expect(r.expectedShare).toBeCloseTo(1 / 3, 6);
      expect(r.hits).toBeGreaterThan(0);
    }
    await call('kubeproxy:zero', { workspaceId: 'lab', hostId: 'node1', target });
    const zeroed = await call<Result<'kubeproxy:counters'>>('kubeproxy:counters', {
      workspaceId: 'lab',
      hostId: 'node1',
      target,
    });
    expect(zeroed.total).toBe(0);
  });
});
