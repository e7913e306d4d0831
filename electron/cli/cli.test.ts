import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../test/support/fixtures';
import { createDemoLab } from '../demo';
import { runSshExec, type ExecJsonRow } from './exec';
import { runParse } from './parse';
import { createTtyPrompter } from './prompt-tty';
import { runServices, type ServiceRow } from './services';

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (s: string) => void (out.stdout += s),
      stderr: (s: string) => void (out.stderr += s),
    },
  };
}

describeWithFixtures('kubelab parse and services on the fixture kit', (kit) => {
  it('parses ip rule and refuses input of another kind with exit 2', async () => {
    const ok = capture();
    await expect(
      runParse('ip-rule', kit.path('ip/rule-vpccni-proposal.txt'), true, ok.io),
    ).resolves.toBe(0);
    const rules = JSON.parse(ok.out.stdout) as { priority: number; table: string; from?: string }[];
    expect(rules.map((r) => [r.priority, r.table])).toEqual([
      [0, 'local'],
      [512, 'main'],
      [1025, 'main'],
      [1536, 'eni-1'],
    ]);
    const wrong = capture();
    await expect(
      runParse('ip-rule', kit.path('kubectl/get-pods-A-owide-eks-2nodes.txt'), true, wrong.io),
    ).resolves.toBe(2);
    expect(wrong.out.stderr).toMatch(/does not look like ip-rule output/);
    const unknown = capture();
    await expect(
      runParse('netstat', kit.path('ip/rule-vpccni-proposal.txt'), true, unknown.io),
    ).resolves.toBe(2);
  });

  it('lists the 6-service restore file’s Services with effective shares', async () => {
    const c = capture();
    await expect(
      runServices(
        'iptables-save',
        kit.path('iptables/kubeproxy-restore-overall-6svc.txt'),
        true,
        c.io,
      ),
    ).resolves.toBe(0);
    const rows = JSON.parse(c.out.stdout) as ServiceRow[];
    const svc4 = rows.find((r) => r.name === 'svc4');
    expect(svc4).toMatchObject({
      namespace: 'ns4',
      portName: 'p80',
      clusterIP: '172.30.0.44',
      port: 80,
      nodePort: null,
    });
    expect(svc4?.endpoints).toEqual([
      { ip: '10.180.0.4', port: 80, probability: 0.5 },
      { ip: '10.180.0.5', port: 80, probability: 0.5 },
    ]);
    expect(rows.find((r) => r.name === 'svc5')?.nodePort).toBe(3002);
    expect(rows.find((r) => r.name === 'svc6')?.endpoints).toEqual([]);
  });
});

describe('kubelab services on the demo lab’s own iptables-save', () => {
  it('finds every demo Service with shares that sum to 1', async () => {
    const node1 = createDemoLab().hosts[1]!;
    const dump = await node1.exec('sudo iptables-save');
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = `${mkdtempSync(`${tmpdir()}/kubelab-`)}/save.txt`;
    writeFileSync(file, dump.stdout);
    const c = capture();
    await expect(runServices('iptables-save', file, true, c.io)).resolves.toBe(0);
    const rows = JSON.parse(c.out.stdout) as ServiceRow[];
    expect(rows.map((r) => `${r.namespace}/${r.name}:${r.portName}`).sort()).toEqual([
      'default/kubernetes:https',
      'default/nginx:',
      'kube-system/kube-dns:dns',
      'kube-system/kube-dns:dns-tcp',
      'kube-system/kube-dns:metrics',
    ]);
    for (const row of rows) {
      const total = row.endpoints.reduce((sum, e) => sum + e.probability, 0);
      expect(Math.abs(total - 1)).toBeLessThan(1e-9);
    }
    expect(rows.find((r) => r.name === 'nginx')?.endpoints).toHaveLength(3);
  });
});

describe('kubelab exec --ssh-config (the parts that need no server)', () => {
  const prompter = createTtyPrompter({ input: Readable.from([]), output: { write: () => true } });

  it('exits 2 with the file named when the ssh config cannot be read', async () => {
    const c = capture();
    const code = await runSshExec(
      'true',
      { sshConfig: '/nonexistent/ssh_config', acceptNew: false, hosts: ['a'], json: true },
      c.io,
      { prompter },
    );
    expect(code).toBe(2);
    expect(c.out.stderr).toContain('/nonexistent/ssh_config');
    expect(c.out.stdout).toBe('');
  });

  it('fails only the host whose ProxyJump loops, and still prints a row for it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kl-cli-'));
    const config = path.join(dir, 'config');
    writeFileSync(config, 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n');
    const c = capture();
    const code = await runSshExec(
      'true',
      {
        sshConfig: config,
        knownHosts: path.join(dir, 'kh'),
        acceptNew: false,
        hosts: ['a'],
        json: true,
      },
      c.io,
      { prompter, homeDir: dir },
    );
    expect(code).toBe(1);
    const [row] = JSON.parse(c.out.stdout) as ExecJsonRow[];
    expect(row).toMatchObject({
      host: 'a',
      ok: false,
      exitCode: null,
      error: { code: 'not-found' },
    });
    rmSync(dir, { recursive: true, force: true });
  });

  it('the terminal prompter declines a secret when stdin is not a terminal, saying why', async () => {
    let said = '';
    const p = createTtyPrompter({
      input: Readable.from([]),
      output: { write: (s: string) => (said += s) },
    });
    const answer = await p.secret({
      target: { name: 'node1', host: '10.0.0.1', port: 22, user: 'ec2-user' },
      kind: 'password',
      prompt: 'Password: ',
      echo: false,
    });
    expect(answer).toBeNull();
    expect(said).toContain('ec2-user@node1 asks for a password (Password:)');
    expect(said).toContain('standard input is not a terminal');
    await expect(
      p.hostKey({
        target: { name: 'n', host: 'h', port: 22 },
        key: { algorithm: 'ssh-ed25519', key: new Uint8Array(), fingerprint: 'SHA256:x' },
      }),
    ).resolves.toBe('reject');
  });
});
