import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withPidLine } from '../ssh/remote-process';
import { EXEC_OUTPUT_LIMIT } from '../ssh/ssh-host';
import { HostUnavailableError, type StreamSink } from './host';
import { LocalHost, LOCAL_SHELL_UNSUPPORTED } from './local-host';
import { minikubeHost, minikubeSshLine } from './minikube-host';

const host = LocalHost.machine();
let serial = 0;
/** A `sleep` whose command line no other process has, so pgrep finds exactly ours. */
const marker = () => `sleep 7${(serial += 1)}${process.pid % 1000}.25`;

/** Live (non-zombie) processes whose command line contains `text`. */
function running(text: string): string[] {
  const r = spawnSync('pgrep', ['-af', text], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.trim() !== '' && !l.includes('pgrep'));
}

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function collect() {
  let text = '';
  const ends: Parameters<StreamSink['end']>[0][] = [];
  const sink: StreamSink = { data: (c) => (text += c), end: (r) => ends.push(r) };
  return { sink, ends, text: () => text };
}

describe('LocalHost exec', () => {
  it('runs the line through /bin/sh as typed: stdout, stderr, exit code, a signal', async () => {
    const ok = await host.exec(`printf 'a b\\n'; echo "$((6*7))" >&2; exit 3`);
    expect(ok).toMatchObject({ exitCode: 3, stdout: 'a b\n', stderr: '42\n' });
    const killed = await host.exec('kill -TERM $$');
    expect(killed).toMatchObject({ exitCode: null, signal: 'TERM' });
    // stdin is /dev/null: a command that reads it ends instead of waiting for input.
    expect(await host.exec('cat; echo done')).toMatchObject({ exitCode: 0, stdout: 'done\n' });
  });

  it('a timeout ends the whole process group, background children too, before it returns', async () => {
    const a = marker();
    const b = marker();
    const result = await host.exec(`${a} & ${b}; echo never`, { timeoutMs: 300 });
    expect(result).toMatchObject({ exitCode: null, signal: 'TERM', stdout: '' });
    expect(running(a)).toEqual([]);
    expect(running(b)).toEqual([]);
  });

  it('a cancel rejects with AbortError once the group is gone', async () => {
    const a = marker();
    const controller = new AbortController();
    const pending = host.exec(`${a} & wait`, { signal: controller.signal });
    await until('the command to start', () => running(a).length > 0);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(running(a)).toEqual([]);
  });

  it('a process that ignores TERM gets KILL', async () => {
    const a = marker();
    const result = await host.exec(`trap '' TERM; ${a} & trap '' TERM; wait`, { timeoutMs: 200 });
    expect(result.signal).toBe('TERM');
    expect(running(a)).toEqual([]);
  });

  it('output past the limit ends the command (a flood such as yes has no end)', async () => {
    const result = await host.exec('yes kubelab-flood');
    expect(result.signal).toBe('PIPE');
    expect(result.stdout.length).toBeLessThanOrEqual(EXEC_OUTPUT_LIMIT);
    expect(result.stdout.length).toBeGreaterThan(EXEC_OUTPUT_LIMIT / 2);
    expect(result.stderr).toContain('output cut off');
    expect(running('yes kubelab-flood')).toEqual([]);
  });
});

describe('LocalHost stream', () => {
  it('delivers output as it comes and ends once with the exit code', async () => {
    const out = collect();
    host.stream('for i in 1 2 3; do echo line $i; done; echo err >&2; exit 4', out.sink, {
      signal: new AbortController().signal,
    });
    await until('the end', () => out.ends.length > 0);
    expect(out.text()).toContain('line 1\nline 2\nline 3\n');
    expect(out.text()).toContain('err\n');
    expect(out.ends).toEqual([{ exitCode: 4 }]);
  });

  it('an abort kills the group and reports the end only once it is gone, once', async () => {
    const a = marker();
    const out = collect();
    const controller = new AbortController();
    let aliveAtEnd: string[] | undefined;
    let ends = 0;
    const ended = new Promise<void>((resolve) => {
      host.stream(
        `echo started; ${a} & while :; do sleep 0.05; done`,
        {
          data: (c) => out.sink.data(c),
          end: (r) => {
            aliveAtEnd = running(a);
            ends += 1;
            out.sink.end(r);
            resolve();
          },
        },
        { signal: controller.signal },
      );
    });
    await until('output', () => out.text().includes('started'));
    controller.abort();
    await ended;
    await new Promise((r) => setTimeout(r, 100));
    expect(aliveAtEnd).toEqual([]);
    expect(ends).toBe(1);
    expect(out.ends).toEqual([{ exitCode: null, signal: 'TERM' }]);
  });

  it('pause stops reading, so the command blocks on write; resume goes on', async () => {
    let bytes = 0;
    const controller = new AbortController();
    const ends: unknown[] = [];
    const control = host.stream(
      'yes kubelab-backpressure',
      { data: (c) => (bytes += c.length), end: (r) => ends.push(r) },
      { signal: controller.signal },
    );
    await until('output', () => bytes > 100_000);
    control.pause();
    await new Promise((r) => setTimeout(r, 200));
    const paused = bytes;
    await new Promise((r) => setTimeout(r, 300));
    // Nothing more read while paused: `yes` sits blocked on a full pipe instead of buffering.
    expect(bytes).toBe(paused);
    const [line] = running('yes kubelab-backpressure');
    const pid = line?.split(' ')[0] ?? '';
    const state = spawnSync('ps', ['-o', 'stat=', '-p', pid], { encoding: 'utf8' }).stdout;
    expect(state.trim()).toMatch(/^S/);
    control.resume();
    await until('more output', () => bytes > paused + 100_000);
    controller.abort();
    await until('the end', () => ends.length > 0);
    expect(running('yes kubelab-backpressure')).toEqual([]);
  });

  it('streamBytes passes stdout bytes untouched', async () => {
    const chunks: Uint8Array[] = [];
    let ended = false;
    host.streamBytes(
      `printf '\\000\\377\\r\\n'`,
      { data: (c) => chunks.push(c), end: () => (ended = true) },
      { signal: new AbortController().signal },
    );
    await until('the end', () => ended);
    expect([...Buffer.concat(chunks)]).toEqual([0, 255, 13, 10]);
  });

  it('close ends every running command and stream, and starts nothing after', async () => {
    const own = LocalHost.machine();
    const a = marker();
    const b = marker();
    const pending = own.exec(`${a}`);
    const out = collect();
    own.stream(`${b}`, out.sink, { signal: new AbortController().signal });
    await until('both to start', () => running(a).length > 0 && running(b).length > 0);
    await own.close();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(out.ends).toEqual([{ exitCode: null, signal: 'TERM' }]);
    expect([...running(a), ...running(b)]).toEqual([]);
    await expect(own.exec('true')).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a terminal with the reason', async () => {
    const opening = host.shell();
    await expect(opening).rejects.toBeInstanceOf(HostUnavailableError);
    await expect(opening).rejects.toThrow(LOCAL_SHELL_UNSUPPORTED);
  });
});

describe('minikube ssh transport', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kl-minikube-argv-'));
  // A `minikube` that prints the argv it was given, one argument per line, as JSON.
  writeFileSync(
    path.join(dir, 'minikube'),
    `#!${process.execPath}\nprocess.stdout.write(JSON.stringify(process.argv.slice(2)));\n`,
  );
  chmodSync(path.join(dir, 'minikube'), 0o755);
  const env = { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hands minikube the command as one argument after --, exactly as written (after the pid line)', async () => {
    const node = minikubeHost(
      { id: 'm02', name: 'm02', role: 'node', address: 'minikube-m02', tags: [] },
      { node: 'minikube-m02', profile: 'lab' },
      { env },
    );
    const command = `T=$(curl -s 'x') ; echo "$T" \`id\` "it's" \\ ; ip -j addr | cat`;
    const result = await node.exec(command);
    expect(JSON.parse(result.stdout)).toEqual([
      '-p',
      'lab',
      'ssh',
      '-n',
      'minikube-m02',
      '--',
      withPidLine(command),
    ]);
  });

  it('refuses node and profile names minikube could read as options', () => {
    expect(() => minikubeSshLine({ node: '-p' }, 'id')).toThrow('not a minikube node name');
    expect(() => minikubeSshLine({ node: 'a;b' }, 'id')).toThrow('not a minikube node name');
    expect(() => minikubeSshLine({ node: 'm02', profile: '--x' }, 'id')).toThrow(
      'not a minikube profile name',
    );
    expect(minikubeSshLine({ node: 'minikube' }, 'ip -j addr')).toBe(
      `minikube ssh -n minikube -- 'ip -j addr'`,
    );
  });
});
