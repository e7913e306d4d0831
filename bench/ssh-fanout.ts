/**
 * `npm run bench`: `uname -r` on 50 real sshd processes (127.0.0.1 ports, sshd's defaults
 * MaxStartups 10:30:100 and MaxSessions 10) three ways in one run: kubelab's pool (SshPool +
 * SshHost + execOnHosts, host keys checked by the known_hosts verifier against a generated file),
 * a sequential `ssh host cmd` loop (today's lab practice), and OpenSSH ControlMaster multiplexing.
 * Every sshd and temp dir is removed at the end, also on failure or Ctrl-C.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execOnHosts } from '../electron/core/fan-out';
import { mapLimit } from '../electron/core/limit';
import { HANDSHAKE_LIMIT, SshHost, SshPool, type Prompter } from '../electron/ssh';
import { createHostKeyVerifier } from '../electron/ssh/host-key-verifier';
import {
  ensureTestUser,
  sshdCapability,
  startSshd,
  stopAllSshd,
  type Sshd,
} from '../test/support/sshd';
import {
  controlOptions,
  percentile,
  run,
  sequentialLoop,
  sshArgs,
  sshOptions,
  stopMasters,
  type OpensshHost,
} from './ssh-openssh.helpers';

const HOSTS = Number(process.env.BENCH_SSH_HOSTS ?? 50);
const COMMAND = 'uname -r';
const WARM_ROUNDS = 30;
const ONE_HOST_EXECS = 200;
const BURST = 40;
const CM_EXECS = 60;
const CM_ROUNDS = 10;
const TARGET = { warmFanOutMs: 250, coldMs: 2000, perExecP50Ms: 10 };

const expected = os.release();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'kl-bench-ssh-'));
const controlDir = mkdtempSync('/tmp/kl-cm-');
const knownHosts = path.join(tmp, 'known_hosts');
let servers: Sshd[] = [];
let openssh: OpensshHost[] = [];
let pool: SshPool | undefined;
/**
 * A plain login, as on a real node (ec2-user, docker): root's ~/.bashrc on this machine runs
 * `pyenv init` twice, ~0.6 s in every session's shell, which would drown what is measured.
 */
let user = '';

async function cleanup(): Promise<void> {
  pool?.closeAll();
  if (openssh.length > 0) await stopMasters(openssh, knownHosts, controlDir);
  stopAllSshd();
  rmSync(tmp, { recursive: true, force: true });
  rmSync(controlDir, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));

const ms = (n: number) =>
  `${n.toLocaleString('en-US', { maximumFractionDigits: n < 100 ? 1 : 0 })} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
let problems = 0;

/** How often sshd refused us since `from` (per-server log offsets): dropped connects, sessions. */
function refusals(from: readonly number[]): { maxStartups: number; maxSessions: number } {
  let maxStartups = 0;
  let maxSessions = 0;
  servers.forEach((s, i) => {
    const log = s.log().slice(from[i] ?? 0);
    maxStartups += (log.match(/past MaxStartups|beginning MaxStartups throttling/g) ?? []).length;
    maxSessions += (log.match(/no more sessions|session open failed/g) ?? []).length;
  });
  return { maxStartups, maxSessions };
}

const logMarks = () => servers.map((s) => s.log().length);

/** Counts answers that are not the kernel release (a failed or garbled exec). */
function wrong(outputs: readonly string[], what: string): number {
  const bad = outputs.filter((o) => o.trim() !== expected);
  if (bad.length > 0)
    console.log(`  ${what}: ${bad.length} wrong answers, e.g. ${JSON.stringify(bad[0])}`);
  problems += bad.length;
  return bad.length;
}

async function startServers(): Promise<void> {
  const started = performance.now();
  // A few at a time: key generation and sshd -t are synchronous, the wait for "listening" is not.
  const queue = Array.from({ length: HOSTS }, (_, i) => i);
  const list = new Array<Sshd>(HOSTS);
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) list[i] = await startSshd();
    }),
  );
  servers = list;
  openssh = servers.map((s) => ({ port: s.port, keyFile: s.clientKeyPath, user }));
  const lines = servers.map(
    (s) => `[${s.host}]:${s.port} ${s.hostKey.algorithm} ${s.hostKey.blob.toString('base64')}`,
  );
  writeFileSync(knownHosts, `${lines.join('\n')}\n`);
  console.log(
    `${HOSTS} sshd on 127.0.0.1 (sshd defaults: MaxStartups 10:30:100, MaxSessions 10), started in ${ms(performance.now() - started)}; command: ${COMMAND} (expect ${expected})`,
  );
}

async function kubelab(): Promise<{ cold: number; warm: number; perExec: number }> {
  const verifier = createHostKeyVerifier({
    files: [knownHosts],
    saveTo: path.join(tmp, 'kubelab_known_hosts'),
    policy: 'strict',
  });
  const refuse: Prompter = {
    hostKey: () => Promise.resolve('reject'),
    secret: () => Promise.resolve(null),
  };
  pool = new SshPool({ verifier, prompter: refuse, defaultIdentityFiles: [] });
  const livePool = pool;
  const hosts = servers.map((s, i) => {
    const name = `node${i + 1}`;
    return new SshHost(
      { id: name, name, role: 'node', address: `${s.host}:${s.port}`, user, tags: [] },
      s.target({ name, user }),
      livePool,
    );
  });
  const marks = logMarks();
  let errors = 0;
  const fanOut = async () => {
    const started = performance.now();
    const results = await execOnHosts(hosts, COMMAND, { timeoutMs: 30_000 });
    const wall = performance.now() - started;
    for (const r of results.filter((x) => x.error)) {
      errors++;
      if (errors <= 3) console.log(`  ${r.hostId}: ${r.error?.code} ${r.error?.message}`);
    }
    wrong(
      results.map((r) => r.stdout),
      'kubelab fan-out',
    );
    return wall;
  };

  const cold = await fanOut();
  const warm: number[] = [];
  for (let round = 0; round < WARM_ROUNDS; round++) warm.push(await fanOut());

  const one = hosts[0];
  if (!one) throw new Error('no hosts');
  const perExec: number[] = [];
  const outputs: string[] = [];
  for (let i = 0; i < ONE_HOST_EXECS; i++) {
    const started = performance.now();
    outputs.push((await one.exec(COMMAND)).stdout);
    perExec.push(performance.now() - started);
  }
  wrong(outputs, 'kubelab one host');

  const refused = refusals(marks);
  // More channels at once than sshd's MaxSessions: the pool must queue, not fail. sshd frees a
  // session slot only after our CLOSE, so an OPEN right behind it can be refused and retried.
  const burstMarks = logMarks();
  const burstStart = performance.now();
  const burst = await Promise.allSettled(Array.from({ length: BURST }, () => one.exec(COMMAND)));
  const burstWall = performance.now() - burstStart;
  const burstFailed = burst.filter((b) => b.status === 'rejected').length;
  wrong(
    burst.flatMap((b) => (b.status === 'fulfilled' ? [b.value.stdout] : [])),
    'kubelab burst',
  );

  const burstRefused = refusals(burstMarks);
  const failures = errors + burstFailed;
  problems += failures;
  const warmP50 = percentile(warm, 50);
  const execP50 = percentile(perExec, 50);
  console.log(
    `\nkubelab: SshPool + SshHost + execOnHosts, known_hosts verifier (strict), handshake cap ${HANDSHAKE_LIMIT}`,
  );
  console.log(
    `  cold fan-out, ${HOSTS} hosts (connect + auth + exec):   ${ms(cold)}   target ≤ ${ms(TARGET.coldMs)}: ${verdict(cold <= TARGET.coldMs)}`,
  );
  console.log(
    `  warm fan-out, ${HOSTS} hosts, ${WARM_ROUNDS} rounds:   median ${ms(warmP50)}, p95 ${ms(percentile(warm, 95))}, best ${ms(Math.min(...warm))}   target ≤ ${ms(TARGET.warmFanOutMs)}: ${verdict(warmP50 <= TARGET.warmFanOutMs)}`,
  );
  console.log(
    `  per exec, one warm connection, ${ONE_HOST_EXECS} in a row:   p50 ${ms(execP50)}, p95 ${ms(percentile(perExec, 95))}   target p50 ≤ ${ms(TARGET.perExecP50Ms)}: ${verdict(execP50 <= TARGET.perExecP50Ms)}`,
  );
  console.log(
    `  ${BURST} execs at once on one host (MaxSessions 10 → queued):   ${ms(burstWall)}, ${burstFailed} failed, ${burstRefused.maxSessions} channel opens refused by sshd and retried`,
  );
  console.log(
    `  MaxStartups / MaxSessions failures (execs that failed): ${failures}   target 0: ${verdict(failures === 0)}`,
  );
  console.log(
    `  sshd refusals during the fan-outs and the one-host run: ${refused.maxStartups} MaxStartups drops, ${refused.maxSessions} MaxSessions refusals`,
  );
  pool.closeAll();
  return { cold, warm: warmP50, perExec: execP50 };
}

async function loop(): Promise<number> {
  const r = await sequentialLoop(openssh, knownHosts, COMMAND);
  const answers = r.stdout.split('\n').filter(Boolean);
  if (r.code !== 0 || answers.length !== HOSTS) {
    console.log(`  loop: exit ${r.code}, ${answers.length} answers; ${r.stderr.slice(0, 300)}`);
    problems++;
  }
  wrong(answers, 'sequential loop');
  console.log(`\nOpenSSH sequential loop (for h in …; do ssh … "$h" ${COMMAND}; done)`);
  console.log(`  ${HOSTS} hosts: ${ms(r.ms)} (${ms(r.ms / HOSTS)} per host)`);
  return r.ms;
}

async function controlMaster(): Promise<{ warm: number; perExec: number }> {
  const options = [...sshOptions(knownHosts), ...controlOptions(controlDir)];
  const fanOut = async () => {
    const started = performance.now();
    const results = await Promise.all(
      openssh.map((h) => run('ssh', sshArgs(h, options, [COMMAND]))),
    );
    wrong(
      results.map((r) => r.stdout),
      'ControlMaster fan-out',
    );
    return performance.now() - started;
  };
  const marks = logMarks();
  // Masters started a few at a time, as kubelab caps handshakes: 50 OpenSSH handshakes at once
  // (sntrup761x25519 key exchange, its default) only thrash this 2-core machine.
  const mastersStart = performance.now();
  const masters = await mapLimit(openssh, HANDSHAKE_LIMIT, (h) =>
    run('ssh', sshArgs(h, options, [COMMAND])),
  );
  const mastersMs = performance.now() - mastersStart;
  wrong(
    masters.map((r) => r.stdout),
    'ControlMaster start',
  );
  const one = openssh[0];
  if (!one) throw new Error('no hosts');
  const perExec: number[] = [];
  const outputs: string[] = [];
  for (let i = 0; i < CM_EXECS; i++) {
    const r = await run('ssh', sshArgs(one, options, [COMMAND]));
    perExec.push(r.ms);
    outputs.push(r.stdout);
  }
  wrong(outputs, 'ControlMaster one host');
  const warm: number[] = [];
  for (let round = 0; round < CM_ROUNDS; round++) warm.push(await fanOut());
  // The floor of any fan-out that starts one process per host: `ssh -V` does no I/O at all.
  const spawnFloor: number[] = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    await Promise.all(openssh.map(() => run('ssh', ['-V'])));
    spawnFloor.push(performance.now() - started);
  }
  const refused = refusals(marks);
  problems += refused.maxStartups + refused.maxSessions;
  const warmP50 = percentile(warm, 50);
  const execP50 = percentile(perExec, 50);
  console.log(
    `\nOpenSSH ControlMaster (ControlMaster=auto, ControlPersist=60), ${HOSTS} ssh processes at once`,
  );
  console.log(
    `  masters started (connect + auth + exec, ${HANDSHAKE_LIMIT} at a time):   ${ms(mastersMs)}`,
  );
  console.log(
    `  warm fan-out, ${CM_ROUNDS} rounds:   median ${ms(warmP50)}, p95 ${ms(percentile(warm, 95))}`,
  );
  console.log(
    `  per exec, one warm master, ${CM_EXECS} in a row:   p50 ${ms(execP50)}, p95 ${ms(percentile(perExec, 95))}`,
  );
  console.log(
    `  floor: ${HOSTS} × \`ssh -V\` spawned at once (no connection at all):   median ${ms(percentile(spawnFloor, 50))}`,
  );
  console.log(
    `  sshd logged ${refused.maxStartups} MaxStartups drops, ${refused.maxSessions} MaxSessions refusals`,
  );
  await stopMasters(openssh, knownHosts, controlDir);
  return { warm: warmP50, perExec: execP50 };
}

try {
  const capability = sshdCapability();
  if (!capability.available) throw new Error(`needs real sshd: ${capability.hint}`);
  user = ensureTestUser().user;
  await startServers();
  const k = await kubelab();
  const seq = await loop();
  const cm = await controlMaster();
  console.log('\nratios');
  console.log(`  sequential loop / kubelab warm fan-out:        ${ratio(seq, k.warm)}`);
  console.log(`  sequential loop / kubelab cold fan-out:        ${ratio(seq, k.cold)}`);
  console.log(`  ControlMaster warm fan-out / kubelab warm:     ${ratio(cm.warm, k.warm)}`);
  console.log(`  ControlMaster per exec / kubelab per exec:     ${ratio(cm.perExec, k.perExec)}`);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${new Date().toISOString().slice(0, 10)}`,
  );
  if (problems > 0) {
    console.log(`${problems} failures or wrong answers: the figures above do not count`);
    process.exitCode = 1;
  }
} catch (error) {
  console.log(
    `ssh fan-out bench failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
} finally {
  await cleanup();
}
