/**
 * `kubelab capture`: tcpdump on several hosts at once (demo hosts or ssh config aliases), one
 * JSON object per packet on stdout. Every remote tcpdump ends when the count or duration is
 * reached, on SIGINT/SIGTERM, and when the connection goes; bad interfaces and filters are
 * refused before anything runs.
 */
import type { Command } from 'commander';
import path from 'node:path';
import {
  CAPTURE_DEFAULTS,
  CAPTURE_LIMITS,
  CaptureFilter,
  CaptureIface,
  type CapturePacket,
} from '../../shared/api/contract-capture';
import type { EventName, EventPayload } from '../../shared/api/contract';
import { DEMO_WORKSPACE_ID } from '../../shared/model/workspace';
import { CaptureHub } from '../capture/capture-hub';
import { createWorkspaces } from '../core/compose';
import type { Host } from '../hosts/host';
import { SshHost, SshPool, type Prompter } from '../ssh';
import { defaultKnownHostsFiles, kubelabKnownHostsFile } from '../ssh/host-key-files';
import { createHostKeyVerifier } from '../ssh/host-key-verifier';
import { formatWarning, loadSshConfig } from '../ssh-config';
import { DEMO_TARGETS_HELP } from '../demo';

type Output = { stdout: (s: string, done?: () => void) => void; stderr: (s: string) => void };

export interface CaptureFlags {
  target?: string;
  sshConfig?: string;
  knownHosts?: string;
  acceptNew: boolean;
  hosts: string[];
  iface: string;
  filter?: string;
  count: number;
  duration: number;
  pcap?: string;
  json: boolean;
}

export interface CaptureDeps {
  prompter: Prompter;
  agent?: string;
  homeDir?: string;
  /** Where SIGINT/SIGTERM are heard (the process, unless a test says otherwise). */
  signals?: NodeJS.EventEmitter;
}

/** One packet as `kubelab capture --json` prints it. */
export interface CaptureJsonRow {
  host: string;
  iface: string | null;
  direction: string | null;
  time: string | null;
  proto: string;
  src: string | null;
  dst: string | null;
  sport: number | null;
  dport: number | null;
  flags: string | null;
  length: number | null;
  raw: string;
}

/** `2026-11-23 15:35:37.123456` (UTC) → `2026-11-23T15:35:37.123456Z`. */
function isoTime(p: CapturePacket): string | null {
  if (p.time === undefined) return null;
  return p.timeFormat === 'tttt' ? `${p.time.replace(' ', 'T')}Z` : p.time;
}

export function toJsonRow(host: string, p: CapturePacket): CaptureJsonRow {
  return {
    host,
    iface: p.interface ?? null,
    direction: p.direction ?? null,
    time: isoTime(p),
    proto: p.protocol,
    src: p.src ?? null,
    dst: p.dst ?? null,
    sport: p.sport ?? null,
    dport: p.dport ?? null,
    flags: p.tcp?.flags ?? null,
    length: p.length ?? null,
    raw: p.raw,
  };
}

/** `out.pcap` for one host; `out-node1.pcap`, `out-node2.pcap` for several. */
export function pcapPathFor(file: string, hostId: string, hostCount: number): string {
  if (hostCount === 1) return file;
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}-${hostId}${ext || '.pcap'}`;
}

/** Exit code: 0 when the capture ran to its end, 1 when a host failed, 2 on bad usage. */
export async function runCapture(
  flags: CaptureFlags,
  out: Output,
  deps: CaptureDeps,
): Promise<number> {
  const usage = (message: string) => {
    out.stderr(`kubelab capture: ${message}\n`);
    return 2;
  };
  const iface = CaptureIface.safeParse(flags.iface);
  if (!iface.success) return usage(`--iface: ${iface.error.issues[0]?.message ?? 'is not valid'}`);
  const filter = CaptureFilter.safeParse(flags.filter ?? '');
  if (!filter.success)
    return usage(`--filter: ${filter.error.issues[0]?.message ?? 'is not valid'}`);
  if (flags.hosts.length > CAPTURE_LIMITS.hosts)
    return usage(`at most ${CAPTURE_LIMITS.hosts} hosts`);
  if (new Set(flags.hosts).size !== flags.hosts.length) return usage('a host is named twice');
  const resolved = resolveHosts(flags, out, deps);
  if (typeof resolved === 'string') return usage(resolved);
  try {
    return await capture(flags, resolved.hosts, out, deps);
  } finally {
    resolved.close();
  }
}

function resolveHosts(
  flags: CaptureFlags,
  out: Output,
  deps: CaptureDeps,
): { hosts: Host[]; close: () => void } | string {
  if (flags.sshConfig === undefined) {
    if (flags.knownHosts !== undefined || flags.acceptNew)
      return '--known-hosts and --accept-new need --ssh-config';
    const workspaceId = flags.target ?? DEMO_WORKSPACE_ID;
    try {
      return { hosts: createWorkspaces().hosts(workspaceId, flags.hosts), close: () => undefined };
    } catch (cause) {
      return cause instanceof Error ? cause.message : String(cause);
    }
  }
  if (flags.target !== undefined) return '--target and --ssh-config exclude each other';
  const note = (line: string) => out.stderr(`kubelab capture: ${line}\n`);
  try {
    const config = loadSshConfig({
      configPath: flags.sshConfig,
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
    const hosts = flags.hosts.map((name) => {
      const resolution = config.resolve(name);
      for (const w of resolution.warnings) note(formatWarning(w));
      const t = resolution.target;
      const d = { id: name, name, role: 'node' as const, address: t.host, user: t.user, tags: [] };
      return new SshHost(d, t, pool);
    });
    return { hosts, close: () => pool.closeAll() };
  } catch (cause) {
    return cause instanceof Error ? cause.message : String(cause);
  }
}

function capture(
  flags: CaptureFlags,
  hosts: Host[],
  out: Output,
  deps: CaptureDeps,
): Promise<number> {
  const signals = deps.signals ?? process;
  return new Promise<number>((resolve) => {
    let captureId = '';
    let hub: CaptureHub | undefined = undefined;
    const onSignal = () => {
      if (captureId !== '') hub?.stop(captureId);
    };
    const emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => {
      if (name === 'capture:packets') {
        const p = payload as EventPayload<'capture:packets'>;
        const text = p.packets
          .map((packet) =>
            flags.json
              ? JSON.stringify(toJsonRow(p.hostId, packet))
              : `${p.hostId} ${packet.raw.split('\n')[0] ?? ''}`,
          )
          .join('\n');
        // Acknowledged once stdout took it: a slow reader holds the queue, not our memory.
        out.stdout(`${text}\n`, () => hub?.ack(p.streamId, p.packets.length));
      } else if (name === 'capture:status') {
        const s = payload as EventPayload<'capture:status'>;
        out.stderr(`kubelab capture: ${s.hostId}: ${s.message}\n`);
      } else if (name === 'capture:end') {
        const end = payload as EventPayload<'capture:end'>;
        for (const s of end.streams) {
          const why =
            s.error?.message ?? s.message?.split('\n').find((l) => l.startsWith('tcpdump:'));
          const pcap = s.pcap
            ? `, pcap ${s.pcap.bytes} bytes${s.pcap.truncated ? ' (cut off)' : ''}`
            : '';
          out.stderr(
            `kubelab capture: ${s.hostId}: ${s.packets} packets (${s.dropped} dropped), ${s.reason}${pcap}${why ? `: ${why}` : ''}\n`,
          );
        }
        signals.off('SIGINT', onSignal);
        signals.off('SIGTERM', onSignal);
        const failed = end.streams.some((s) => s.reason === 'error' || s.reason === 'disconnected');
        const exitedEarly = end.streams.some(
          (s) => s.reason === 'exited' && s.packets < flags.count,
        );
        resolve(failed || exitedEarly ? 1 : 0);
      }
    };
    hub = new CaptureHub(emit);
    signals.on('SIGINT', onSignal);
    signals.on('SIGTERM', onSignal);
    const pcap = flags.pcap;
    captureId = hub.start({
      hosts,
      iface: flags.iface,
      ...(flags.filter === undefined ? {} : { filter: flags.filter }),
      maxPackets: flags.count,
      maxSeconds: flags.duration,
      ...(pcap === undefined
        ? {}
        : { pcapPath: (host: Host) => pcapPathFor(pcap, host.description.id, hosts.length) }),
    }).captureId;
  });
}

function whole(min: number, max: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${what}: ${min}–${max}`);
    return n;
  };
}

/** Registers `kubelab capture` on the program. */
export function registerCaptureCommand(program: Command, deps: () => CaptureDeps): void {
  const out: Output = {
    stdout: (s, done) => process.stdout.write(s, () => done?.()),
    stderr: (s) => process.stderr.write(s),
  };
  program
    .command('capture')
    .description(
      'Capture packets with tcpdump on several hosts at once; one JSON object per packet.',
    )
    .requiredOption('--hosts <a,b>', 'hosts to capture on, comma-separated', (v: string) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .requiredOption('--iface <name>', 'interface: any, ens5, eni…, cali…, veth…')
    .option('--filter <bpf>', 'tcpdump filter expression (one argument; quote it)')
    .option(
      '--count <n>',
      'stop each host after n packets',
      whole(1, CAPTURE_LIMITS.maxPackets, '--count'),
      CAPTURE_DEFAULTS.maxPackets,
    )
    .option(
      '--duration <s>',
      'stop after s seconds',
      whole(1, CAPTURE_LIMITS.maxSeconds, '--duration'),
      CAPTURE_DEFAULTS.maxSeconds,
    )
    .option('--pcap <file>', 'also keep the raw packets (several hosts: file-<host>.pcap)')
    .option(
      '--target <workspace>',
      `workspace whose hosts these are (default ${DEMO_WORKSPACE_ID}; ${DEMO_TARGETS_HELP})`,
    )
    .option('--ssh-config <file>', 'reach the hosts over SSH: names are this ssh config’s aliases')
    .option('--known-hosts <file>', 'with --ssh-config: read and save host keys here')
    .option('--accept-new', 'with --ssh-config: accept and save unknown host keys', false)
    .option(
      '--json',
      'print { host, iface, direction, time, proto, src, dst, sport, dport, flags, length, raw } per packet',
      false,
    )
    .addHelpText(
      'after',
      '\nExit 0 at the count or duration (or on Ctrl-C), 1 when a host failed, 2 on bad usage.\n\n' +
        'Examples:\n  kubelab capture --target demo --hosts node1,node2 --iface any --filter "tcp port 80" --count 20 --json\n' +
        '  kubelab capture --ssh-config ~/.ssh/config --hosts node1 --iface ens5 --duration 10 --pcap node1.pcap\n',
    )
    .action(async (opts: CaptureFlags) => {
      // A reader that went away (`| head`) ends the capture like Ctrl-C would.
      process.stdout.once('error', () => process.emit('SIGTERM'));
      process.exitCode = await runCapture(opts, out, deps());
    });
}
