/**
 * The acceptance run: the real `kubelab trace` CLI (bundled as the build bundles it) over real
 * sshd, on the two-node lab. Node A is reached over a management link, node B and the source pod
 * only through node A (ProxyJump), as EKS nodes sit behind an operator host. The JSON must give
 * every endpoint with the Service model's share, its node and the kernel's egress interface, and
 * --verify must see the request on each predicted interface and leave no tcpdump behind.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesFromIptables } from '../../shared/model/kube-proxy';
import type { VerifyResult } from '../../shared/model/trace';
import { parseIptables } from '../../shared/parsers/iptables';
import { buildCli, knownLine, runCli, type BuiltCli } from '../integration/cli-exec-harness';
import { canRunSshd } from '../support/ssh-hosts';
import { startSshd, stopAllSshd, type Sshd } from '../support/sshd';
import { destroyAllNetns } from './netns';
import { buildTwoNodeLab, removeResolvConfs, type TwoNodeLab } from './trace/two-node-lab';
import { netnsCapability } from './netns';
import { requireCapability } from '../support/require-capability';

const canRun =
  canRunSshd() &&
  requireCapability(
    'network namespaces (root)',
    netnsCapability().available,
    netnsCapability().hint,
  );

interface TraceJson {
  steps: { kind: string; host: string; text: string; lines: string[] }[];
  endpoints: {
    ip: string;
    port: number;
    probability: number;
    node: string;
    egressInterface: string;
  }[];
  verify?: VerifyResult;
}

describe.runIf(canRun)(
  'kubelab trace --ssh-config on the two-node lab (real sshd, ProxyJump)',
  () => {
    let t: TwoNodeLab;
    let cli: BuiltCli;
    let work: string;
    let config: string;
    let known: string;
    const outside = `kltr${process.pid % 100000}`;
    const net = `100.103.${process.pid % 250}`;

    beforeAll(async () => {
      cli = await buildCli();
      t = await buildTwoNodeLab(11);
      work = mkdtempSync(path.join(tmpdir(), 'kl-trace-cli-'));
      mkdirSync(path.join(work, 'home'));
      const link = (args: string[]) => {
        const r = spawnSync('ip', args, { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
      };
      link([
        'link',
        'add',
        outside,
        'type',
        'veth',
        'peer',
        'name',
        'mgmt0',
        'netns',
        t.lab.node.name,
      ]);
      link(['addr', 'add', `${net}.1/30`, 'dev', outside]);
      link(['link', 'set', outside, 'up']);
      t.lab.node.run('ip', ['addr', 'add', `${net}.2/30`, 'dev', 'mgmt0']);
      t.lab.node.run('ip', ['link', 'set', 'mgmt0', 'up']);
      const source = t.topology.pods.find((p) => p.onSecondary);
      const sourceNs = source === undefined ? undefined : t.lab.pods.get(source.name);
      if (source === undefined || sourceNs === undefined) throw new Error('no secondary-ENI pod');
      const servers: [string, Sshd, string?][] = [
        ['node-a', await startSshd({ netns: t.lab.node, listen: `${net}.2` })],
        ['node-b', await startSshd({ netns: t.nodeB, listen: t.nodeBIp }), 'node-a'],
        [source.name, await startSshd({ netns: sourceNs, listen: source.ip }), 'node-a'],
      ];
      config = path.join(work, 'ssh_config');
      writeFileSync(
        config,
        servers
          .map(
            ([alias, s, jump]) =>
              `Host ${alias}\n  HostName ${s.host}\n  Port ${s.port}\n  User root\n` +
              `  IdentityFile ${s.clientKeyPath}\n  IdentitiesOnly yes\n` +
              (jump ? `  ProxyJump ${jump}\n` : ''),
          )
          .join('\n'),
      );
      known = path.join(work, 'known_hosts');
      writeFileSync(known, servers.map(([, s]) => knownLine(s)).join('\n') + '\n');
    }, 120_000);

    afterAll(() => {
      cli?.remove();
      stopAllSshd();
      spawnSync('ip', ['link', 'del', outside]);
      destroyAllNetns();
      removeResolvConfs();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('prints every endpoint with its share, node and egress, and verifies the request live', async () => {
      const source = t.topology.pods.find((p) => p.onSecondary);
      const s = t.topology.input.servicePorts[1];
      if (source === undefined || s === undefined) throw new Error('lab shape');
      const run = await runCli(
        cli.file,
        path.join(work, 'home'),
        [
          'trace',
          '--ssh-config',
          config,
          '--known-hosts',
          known,
          '--nodes',
          'node-a,node-b',
          '--from',
          `host/${source.name}`,
          '--to',
          `${s.name}.${s.namespace}`,
          '--json',
          '--verify',
        ],
        120_000,
      );
      expect(run.code, run.stderr + run.stdout).toBe(0);
      const json = JSON.parse(run.stdout) as TraceJson;
      const model = servicesFromIptables(
        parseIptables(t.lab.node.run('iptables-save', ['-t', 'nat'])).value,
      ).value.find((x) => x.clusterIP === s.clusterIP && x.port === s.port);
      expect(json.endpoints.map((e) => [e.ip, e.port, e.probability.toFixed(12)])).toEqual(
        model?.endpoints.map((e) => [e.ip, e.port, e.probability.toFixed(12)]),
      );
      const local = new Set(t.topology.pods.map((p) => p.ip));
      for (const e of json.endpoints) {
        expect(e.node).toBe(local.has(e.ip) ? 'node-a' : 'node-b');
        const [kernel] = JSON.parse(
          t.lab.node.run('ip', ['-j', 'route', 'get', e.ip, 'from', source.ip, 'iif', source.eni]),
        ) as { dev: string }[];
        expect(e.egressInterface, e.ip).toBe(kernel?.dev);
        if (!local.has(e.ip)) expect(e.egressInterface).toBe('ens6');
      }
      expect(json.steps.find((x) => x.kind === 'dns')?.lines).toContain('options ndots:5');
      const v = json.verify;
      expect(v?.request.output).toMatch(/^200 /);
      expect(v?.conntrack).toContain(`dst=${s.clusterIP}`);
      const exercised = v?.checks.filter((c) => c.status !== 'not-exercised') ?? [];
      expect(exercised.length).toBeGreaterThanOrEqual(4);
      for (const c of exercised) expect(c.status, c.expected).toBe('seen');
      expect(v?.captures.every((c) => c.ended)).toBe(true);
      // Every remote tcpdump ended with the check: none of ours is left on this machine.
      const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
      expect(
        ps.split('\n').filter((l) => l.includes('tcpdump') && l.includes(`host ${s.clusterIP} `)),
      ).toEqual([]);
    }, 150_000);
  },
);
