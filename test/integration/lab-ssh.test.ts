/**
 * `kubelab lab run --ssh-config`: the same runner over real sshd servers (an operator and two
 * nodes named by an ssh config), the journal holding what the real hosts printed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../shared/model/runbook/journal';
import { canRunSshd } from '../support/ssh-hosts';
import { startSshd, stopAllSshd, type Sshd } from '../support/sshd';
import { buildCli, knownLine, runCli, type BuiltCli } from './cli-exec-harness';

const canRun = canRunSshd();

describe.runIf(canRun)('kubelab lab run over SSH', () => {
  let cli: BuiltCli;
  let work: string;
  let home: string;
  let config: string;
  let knownHosts: string;

  beforeAll(async () => {
    cli = await buildCli();
    work = mkdtempSync(path.join(tmpdir(), 'kl-lab-ssh-'));
    home = path.join(work, 'home');
    mkdirSync(home);
    const servers = await Promise.all([startSshd(), startSshd(), startSshd()]);
    const named = (['operator', 'node1', 'node2'] as const).map((alias, i) => {
      const s = servers[i];
      if (!s) throw new Error('sshd did not start');
      return [alias, s] as [string, Sshd];
    });
    config = path.join(work, 'ssh_config');
    writeFileSync(
      config,
      named
        .map(([alias, s]) =>
          [
            `Host ${alias}`,
            `  HostName ${s.host}`,
            `  Port ${s.port}`,
            '  User root',
            `  IdentityFile ${s.clientKeyPath}`,
            '  IdentitiesOnly yes',
          ].join('\n'),
        )
        .join('\n') + '\n',
    );
    knownHosts = path.join(work, 'known_hosts');
    writeFileSync(knownHosts, named.map(([, s]) => knownLine(s)).join('\n') + '\n');
  });
  afterAll(() => {
    stopAllSshd();
    cli.remove();
    rmSync(work, { recursive: true, force: true });
  });

  it('runs each step on the hosts its roles name and journals their real output', async () => {
    const file = path.join(work, 'ssh.yaml');
    writeFileSync(
      file,
      `title: Over SSH
requires: { nodes: 2 }
snapshots: false
steps:
  - title: every node has a main routing table
    run:
      - on: nodes
        command: ip rule
      - on: node1
        command: echo "marker-$((6 * 7))"
        bind: { answer: 'marker-(\\d+)' }
    expect:
      - match: 'lookup main'
        on: node2
      - match: '^marker-42$'
  - title: a bound value is one shell word
    run:
      - on: operator
        command: printf '%s|' \${answer} x
    expect:
      - match: '^42\\|x\\|$'
`,
    );
    const journal = path.join(work, 'journal');
    const run = await runCli(cli.file, home, [
      'lab',
      'run',
      file,
      '--ssh-config',
      config,
      '--known-hosts',
      knownHosts,
      '--operator',
      'operator',
      '--nodes',
      'node1,node2',
      '--journal',
      journal,
    ]);
    expect(run.stderr).toContain('passed: all 2 steps');
    expect(run.code).toBe(0);
    const read = parseJournal(readFileSync(path.join(journal, 'journal.jsonl'), 'utf8'));
    const commands = read.entries.flatMap((e) =>
      e.kind === 'command' ? [`${e.hostId}: ${e.command}`] : [],
    );
    expect(commands.sort()).toEqual([
      'node1: echo "marker-$((6 * 7))"',
      'node1: ip rule',
      'node2: ip rule',
      "operator: printf '%s|' 42 x",
    ]);
    expect(read.entries.at(-1)).toMatchObject({ kind: 'session-end', ok: true });
  });
});
