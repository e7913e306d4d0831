/**
 * Test support: what real OpenSSH computes for a host, as the reference the resolver is held
 * against. `ssh -G` gives the options; the expanded IdentityFile paths come from `ssh -v`, which
 * logs them after expanding `~` and tokens (its ProxyCommand ends the attempt before any network
 * use). ProxyJump hops are followed the way ssh spawns them: `ssh [-l u] [-p n] [-J rest] hop`.
 */
import { spawnSync } from 'node:child_process';

export interface OracleTarget {
  host: string;
  user: string;
  port: number;
  identityFiles: string[];
  identitiesOnly: boolean;
  hostKeyAlias?: string;
  jumps: OracleTarget[];
}

interface HopArgs {
  user?: string;
  port?: number;
  jump?: string;
}

/** Whether an OpenSSH client is installed (`ssh -G` exists since 6.8). */
export function hasOpenSsh(): boolean {
  return spawnSync('ssh', ['-V'], { encoding: 'utf8' }).status === 0;
}

function hopArgs(a: HopArgs): string[] {
  return [...(a.user ? ['-l', a.user] : []), ...(a.port ? ['-p', String(a.port)] : [])];
}

function sshG(configFile: string, name: string, a: HopArgs): Map<string, string[]> {
  const args = ['-G', '-F', configFile, ...hopArgs(a), ...(a.jump ? ['-J', a.jump] : []), name];
  const run = spawnSync('ssh', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ssh ${args.join(' ')}: ${run.stderr}`);
  const out = new Map<string, string[]>();
  for (const line of run.stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const key = line.slice(0, space);
    out.set(key, [...(out.get(key) ?? []), line.slice(space + 1)]);
  }
  return out;
}

function sshIdentityFiles(configFile: string, name: string, a: HopArgs): string[] {
  const args = [
    '-v',
    '-F',
    configFile,
    '-o',
    'ProxyCommand=exit 0',
    '-o',
    'BatchMode=yes',
    ...hopArgs(a),
    name,
    'true',
  ];
  const run = spawnSync('ssh', args, { encoding: 'utf8', timeout: 10_000 });
  return [...run.stderr.matchAll(/^debug1: identity file (.*) type -?\d+$/gm)]
    .map((m) => m[1] ?? '')
    .filter((f) => !f.endsWith('-cert'));
}

/** Splits ssh -G's `proxyjump` value into the last hop and the rest, as ssh.c does. */
function splitJump(spec: string): { hop: HopArgs & { host: string }; rest?: string } {
  const comma = spec.lastIndexOf(',');
  const last = spec.slice(comma + 1);
  const m = /^(?:ssh:\/\/)?(?:(.+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(last);
  if (!m) throw new Error(`unexpected proxyjump ${spec}`);
  const host = (m[2] ?? '').replace(/^\[(.*)\]$/, '$1');
  return {
    hop: { host, ...(m[1] && { user: m[1] }), ...(m[3] && { port: Number(m[3]) }) },
    ...(comma > 0 && { rest: spec.slice(0, comma) }),
  };
}

/** The target OpenSSH would connect to for `name`, jump hosts first hop first. */
export function openSshTarget(configFile: string, name: string, a: HopArgs = {}): OracleTarget {
  const g = sshG(configFile, name, a);
  const one = (k: string): string | undefined => g.get(k)?.[0];
  const target: OracleTarget = {
    host: one('hostname') ?? '',
    user: one('user') ?? '',
    port: Number(one('port')),
    identityFiles: sshIdentityFiles(configFile, name, a),
    identitiesOnly: one('identitiesonly') === 'yes',
    jumps: [],
  };
  const alias = one('hostkeyalias');
  if (alias !== undefined) target.hostKeyAlias = alias;
  const jump = one('proxyjump');
  if (jump !== undefined && jump !== 'none') {
    const { hop, rest } = splitJump(jump);
    const through = openSshTarget(configFile, hop.host, {
      ...(hop.user && { user: hop.user }),
      ...(hop.port && { port: hop.port }),
      ...(rest && { jump: rest }),
    });
    target.jumps = [...through.jumps, { ...through, jumps: [] }];
  }
  return target;
}
