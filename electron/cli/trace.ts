import type { Command } from 'commander';
import type { Trace, TraceFrom, VerifyResult } from '../../shared/model/trace';
import { parseTraceFrom, parseTraceTarget } from '../../shared/model/trace';
import type { HostRole } from '../../shared/model/workspace';
import { DEMO_WORKSPACE_ID } from '../../shared/model/workspace';
import type { Host } from '../hosts/host';
import { SshHost, SshPool } from '../ssh';
import { defaultKnownHostsFiles, kubelabKnownHostsFile } from '../ssh/host-key-files';
import { createHostKeyVerifier } from '../ssh/host-key-verifier';
import { formatWarning, loadSshConfig } from '../ssh-config';
import { collectTrace } from '../trace/collect';
import { verifyTrace } from '../trace/verify';
import type { TopologyDeps } from './topology';
import { DEMO_TARGETS_HELP } from '../demo';

type Output = { stdout: (s: string) => void; stderr: (s: string) => void };

export interface TraceFlags {
  from: string;
  to: string;
  target?: string;
  sshConfig?: string;
  knownHosts?: string;
  acceptNew: boolean;
  operator?: string;
  nodes?: string[];
  hosts?: string[];
  json: boolean;
  verify: boolean;
}

/** The `--json` shape: the issue's `{ steps, endpoints }`, plus what the trace knows besides. */
export function traceJson(trace: Trace, verify: VerifyResult | null) {
  return {
    from: trace.from,
    to: trace.to,
    frontend: trace.frontend,
    steps: trace.steps.map((s) => ({
      kind: s.kind,
      host: s.host,
      text: s.text,
      lines: s.lines,
      ...(s.endpoint === undefined ? {} : { endpoint: s.endpoint }),
    })),
    endpoints: trace.endpoints.map((e) => ({
      ip: e.ip,
      port: e.port,
      probability: e.probability,
      node: e.node,
      egressInterface: e.egressInterface,
    })),
    ...(verify === null ? {} : { verify }),
    warnings: trace.warnings,
  };
}

const MARK = { seen: '✓ seen', 'not-seen': '✗ NOT SEEN', 'not-exercised': '· not taken' } as const;

/** The trace as a person reads it: numbered steps with their lines, endpoints, then the check. */
export function traceText(trace: Trace, verify: VerifyResult | null): string {
  const out: string[] = [`trace ${trace.from} → ${trace.to}`];
  const status = new Map(verify?.checks.map((c) => [c.step, c]) ?? []);
  trace.steps.forEach((s, i) => {
    const check = status.get(i);
    const mark = check === undefined ? '' : `  [${MARK[check.status]}]`;
    out.push(`${String(i + 1).padStart(3)}. ${s.kind} @ ${s.host}: ${s.text}${mark}`);
    for (const l of s.lines) out.push(`       | ${l}`);
    if (check !== undefined && check.status !== 'not-exercised') {
      out.push(`       ? ${check.expected}`);
      for (const e of check.evidence) out.push(`       > ${e}`);
    }
  });
  out.push('endpoints:');
  for (const e of trace.endpoints)
    out.push(
      `  ${`${e.ip}:${e.port ?? '?'}`.padEnd(22)} ${(e.probability * 100).toFixed(1).padStart(5)}%  node ${e.node ?? '?'}  egress ${e.egressInterface ?? '?'}`,
    );
  if (verify !== null) {
    out.push(
      `verify: ${verify.request.command} → exit ${verify.request.exitCode ?? '-'} ${verify.request.output}`,
    );
    out.push(
      `  endpoint taken: ${verify.endpoint ?? 'unknown'}; conntrack: ${verify.conntrack ?? 'no entry'}`,
    );
    for (const c of verify.captures)
      out.push(`  ${c.host}: ${c.packets} packets, capture ${c.ended ? 'ended' : 'DID NOT END'}`);
  }
  return out.join('\n') + '\n';
}

async function overSsh(
  flags: TraceFlags,
  sshConfig: string,
  from: TraceFrom,
  out: Output,
  deps: TopologyDeps,
) {
  const note = (line: string) => out.stderr(`kubelab trace: ${line}\n`);
  const config = loadSshConfig({
    configPath: sshConfig,
    ...(deps.homeDir ? { homeDir: deps.homeDir } : {}),
  });
  const verifier = createHostKeyVerifier({
    files: flags.knownHosts
      ? [flags.knownHosts]
      : defaultKnownHostsFiles(process.env, deps.homeDir),
    saveTo: flags.knownHosts ?? kubelabKnownHostsFile(process.env, deps.homeDir),
    policy: flags.acceptNew ? 'accept-new' : 'strict',
    prompter: deps.prompter,
    log: note,
  });
  const pool = new SshPool({
    verifier,
    prompter: deps.prompter,
    ...(deps.agent ? { agent: deps.agent } : {}),
  });
  try {
    const named = new Map<string, HostRole>();
    if (flags.operator !== undefined) named.set(flags.operator, 'operator');
    for (const n of flags.nodes ?? []) named.set(n, 'node');
    for (const h of flags.hosts ?? []) if (!named.has(h)) named.set(h, 'other');
    if (from.kind !== 'pod' && !named.has(from.name))
      named.set(from.name, from.kind === 'node' ? 'node' : 'other');
    const hosts: Host[] = [];
    for (const [name, role] of named) {
      const resolution = config.resolve(name);
      for (const w of resolution.warnings) note(formatWarning(w));
      const target = resolution.target;
      hosts.push(
        new SshHost(
          { id: name, name, role, address: target.host, user: target.user, tags: [] },
          target,
          pool,
        ),
      );
    }
    const to = parseTraceTarget(flags.to);
    if (typeof to === 'string') throw new Error(to);
    const ctx = await collectTrace(hosts, from, to);
    return { trace: ctx.trace, verify: flags.verify ? await verifyTrace(ctx) : null };
  } finally {
    pool.closeAll();
  }
}

/**
 * `kubelab trace`: builds the path once (and with --verify checks it live) from a workspace of
 * the backend (`--target`, the same `trace:run` request the UI sends) or hosts named by an ssh
 * config. Exit 0; 1 when something was not read or a predicted step was not seen; 2 on bad usage.
 */
export async function runTrace(
  flags: TraceFlags,
  out: Output,
  deps: TopologyDeps,
): Promise<number> {
  const usage = (message: string) => {
    out.stderr(`kubelab trace: ${message}\n`);
    return 2;
  };
  const from = parseTraceFrom(flags.from);
  if (typeof from === 'string') return usage(from);
  const to = parseTraceTarget(flags.to);
  if (typeof to === 'string') return usage(to);
  let result: { trace: Trace; verify: VerifyResult | null };
  if (flags.sshConfig !== undefined) {
    if (flags.target !== undefined) return usage('--target and --ssh-config exclude each other');
    try {
      result = await overSsh(flags, flags.sshConfig, from, out, deps);
    } catch (cause) {
      return usage(cause instanceof Error ? cause.message : String(cause));
    }
  } else {
    if (
      flags.knownHosts !== undefined ||
      flags.acceptNew ||
      flags.operator ||
      flags.nodes ||
      flags.hosts
    )
      return usage(
        '--known-hosts, --accept-new, --operator, --nodes and --hosts need --ssh-config',
      );
    const { session, close } = deps.openSession();
    try {
      const reply = await session.handle('trace:run', {
        workspaceId: flags.target ?? DEMO_WORKSPACE_ID,
        from: flags.from,
        to: flags.to,
        verify: flags.verify,
      });
      if (!reply.ok) return usage(reply.error.message);
      result = reply.value as { trace: Trace; verify: VerifyResult | null };
    } finally {
      close();
    }
  }
  const { trace, verify } = result;
  for (const w of [...trace.warnings, ...(verify?.warnings ?? [])])
    out.stderr(`kubelab trace: warning: ${w}\n`);
  out.stdout(
    flags.json
      ? JSON.stringify(traceJson(trace, verify), null, 2) + '\n'
      : traceText(trace, verify),
  );
  const failed =
    trace.endpoints.length === 0 ||
    trace.warnings.length > 0 ||
    (verify !== null &&
      (verify.warnings.length > 0 || verify.checks.some((c) => c.status === 'not-seen')));
  return failed ? 1 : 0;
}

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Registers `kubelab trace` on the program. */
export function registerTraceCommand(
  program: Command,
  out: Output,
  deps: () => TopologyDeps,
): void {
  program
    .command('trace')
    .description(
      "A packet's path from a pod, node or host to a Service or pod, each step citing the lines it used.",
    )
    .requiredOption(
      '--from <source>',
      'pod/NS/NAME (found with kubectl on the operator), node/NAME or host/NAME',
    )
    .requiredOption('--to <target>', 'SERVICE_NAME[:PORT], VIP:PORT or POD_IP[:PORT]')
    .option(
      '--target <workspace>',
      `workspace whose hosts to read (default ${DEMO_WORKSPACE_ID}; ${DEMO_TARGETS_HELP})`,
    )
    .option('--ssh-config <file>', 'reach the hosts over SSH: names are this ssh config’s aliases')
    .option('--known-hosts <file>', 'with --ssh-config: read and save host keys here')
    .option('--accept-new', 'with --ssh-config: accept and save unknown host keys', false)
    .option('--operator <host>', 'with --ssh-config: the host that runs kubectl')
    .option('--nodes <a,b,c>', 'with --ssh-config: the worker nodes, comma-separated', list)
    .option(
      '--hosts <a,b>',
      'with --ssh-config: other hosts (a pod reachable over SSH, for host/NAME)',
      list,
    )
    .option(
      '--verify',
      'verify live: tcpdump and conntrack on the nodes involved while one request is sent',
      false,
    )
    .option(
      '--json',
      'print { steps: [{ kind, host, text, lines }], endpoints: [{ ip, port, probability, node, egressInterface }] }',
      false,
    )
    .addHelpText(
      'after',
      '\nExit 0; 1 when something could not be read or a predicted step was not seen; 2 on bad usage.\n\n' +
        'Examples:\n  kubelab trace --target demo --from node/node1 --to 10.100.0.10:53\n' +
        '  kubelab trace --ssh-config ~/.ssh/config --operator bastion --nodes node1,node2 \\\n' +
        '      --from pod/default/client --to web --verify\n',
    )
    .action(async (opts: TraceFlags) => {
      process.exitCode = await runTrace(opts, out, deps());
    });
}
