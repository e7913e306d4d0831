import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_WORKSPACE_ID } from '../../shared/model/workspace';
import { createBackend } from '../core/compose';
import { PARSER_KINDS } from '../../shared/parsers/kinds';
import { registerCaptureCommand } from './capture';
import { runExec, runSshExec } from './exec';
import { registerHostsCommand } from './hosts';
import { registerHostsLocalCommand } from './hosts-local';
import { createTtyPrompter } from './prompt-tty';
import { runParse } from './parse';
import { runServices, SERVICE_SOURCES, type ServiceSource } from './services';
import { runServe } from './serve';
import { registerTopologyCommand } from './topology';
import { registerTraceCommand } from './trace';
import { registerWatchCommand } from './watch';
import { registerLabCommand } from './lab';
import { DEMO_TARGETS_HELP } from '../demo';

// The bundle lives in dist/cli/; the renderer and package.json are found from there.
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const version = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }
).version;

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port is 0–65535');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError('a whole number of milliseconds');
  return n;
}

function list(value: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('name at least one host');
  return items;
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const stdio = {
  stdout: (s: string) => process.stdout.write(s),
  stderr: (s: string) => process.stderr.write(s),
};

interface ExecFlags {
  hosts: string[];
  target: string;
  sshConfig?: string;
  knownHosts?: string;
  acceptNew: boolean;
  json: boolean;
  timeout?: number;
}

const program = new Command()
  .name('kubelab')
  .description(
    'A workbench for Kubernetes network labs: SSH to nodes, fan-out lab commands, parsed views.',
  )
  .version(version)
  .showHelpAfterError()
  .configureHelp({ showGlobalOptions: true });

program
  .command('serve')
  .description('Serve the app for a browser on 127.0.0.1, with a per-run token in the printed URL.')
  .option('--port <n>', 'port to listen on (0 picks a free one)', port, 7420)
  .option('--host <address>', 'address to bind (keep loopback unless you know why)', '127.0.0.1')
  .option('--demo', 'open the built-in demo lab (the default workspace)', false)
  .action(async (opts: { port: number; host: string; demo: boolean }) => {
    await runServe({ ...opts, rendererDir: path.join(root, 'dist/renderer'), version }, log);
  });

program
  .command('exec')
  .description('Run one command on several hosts at once and print each host’s output.')
  .requiredOption('--hosts <a,b,c>', 'hosts to run on, comma-separated', list)
  .option(
    '--target <workspace>',
    `workspace whose hosts these are (${DEMO_TARGETS_HELP})`,
    DEMO_WORKSPACE_ID,
  )
  .option('--ssh-config <file>', 'reach the hosts over SSH: names are this ssh config’s aliases')
  .option(
    '--known-hosts <file>',
    'with --ssh-config: read and save host keys here (default ~/.ssh/known_hosts, /etc/ssh/ssh_known_hosts and kubelab’s own file)',
  )
  .option(
    '--accept-new',
    'with --ssh-config: accept and save unknown host keys (changed keys are always refused)',
    false,
  )
  .option('--json', 'print [{ host, ok, exitCode, stdout, stderr, durationMs, error? }]', false)
  .option('--timeout <ms>', 'per-host timeout in milliseconds', positive)
  .argument('<command...>', 'the command line, after --')
  .addHelpText(
    'after',
    '\nExamples:\n  kubelab exec --target demo --hosts node1,node2,node3 -- ip -br addr\n' +
      '  kubelab exec --ssh-config ~/.ssh/config --hosts operator,node1 -- ip -4 -br addr show ens5',
  )
  .action(async (words: string[], opts: ExecFlags) => {
    // Like ssh, the words after -- are joined into one command line for the host's shell.
    const command = words.join(' ');
    const io = { stdout: stdio.stdout, stderr: stdio.stderr };
    if (opts.sshConfig !== undefined) {
      process.exitCode = await runSshExec(
        command,
        {
          sshConfig: opts.sshConfig,
          ...(opts.knownHosts === undefined ? {} : { knownHosts: opts.knownHosts }),
          acceptNew: opts.acceptNew,
          hosts: opts.hosts,
          json: opts.json,
          ...(opts.timeout ? { timeoutMs: opts.timeout } : {}),
        },
        io,
        {
          prompter: createTtyPrompter(),
          ...(process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
        },
      );
      return;
    }
    if (opts.knownHosts !== undefined || opts.acceptNew) {
      log('kubelab exec: --known-hosts and --accept-new need --ssh-config');
      process.exitCode = 2;
      return;
    }
    const backend = createBackend({
      version,
      transport: 'websocket',
      platform: process.platform,
      log,
    });
    const session = backend.openSession(() => undefined);
    const code = await runExec(
      session,
      command,
      {
        target: opts.target,
        hosts: opts.hosts,
        json: opts.json,
        ...(opts.timeout ? { timeoutMs: opts.timeout } : {}),
      },
      io,
    );
    session.close();
    process.exitCode = code;
  });

program
  .command('parse')
  .description('Parse a lab command’s output into JSON records (warnings on stderr).')
  .argument('<kind>', `what the input is: ${Object.keys(PARSER_KINDS).join(', ')}`)
  .argument('[file]', 'the output to read; - or nothing for standard input')
  .option('--json', 'one pretty JSON document instead of one record a line', false)
  .addHelpText(
    'after',
    '\nKinds:\n' +
      Object.entries(PARSER_KINDS)
        .map(([kind, p]) => `  ${kind.padEnd(14)} ${p.reads}`)
        .join('\n') +
      '\n\nExit 0 (with warnings on stderr), or 2 when the input is not that kind at all.',
  )
  .action(async (kind: string, file: string | undefined, opts: { json: boolean }) => {
    process.exitCode = await runParse(kind, file, opts.json, stdio);
  });

program
  .command('services')
  .description(
    'List every Service port kube-proxy programmed, with endpoints and effective shares.',
  )
  .addOption(
    new Option('--from <kind>', 'what the input is').choices(SERVICE_SOURCES).makeOptionMandatory(),
  )
  .argument('[file]', 'the dump to read; - or nothing for standard input')
  .option(
    '--json',
    'print [{ namespace, name, portName, protocol, clusterIP, port, nodePort, endpoints: [{ ip, port, probability }] }]',
    false,
  )
  .addHelpText(
    'after',
    '\nExample:\n  sudo iptables-save | kubelab services --from iptables-save --json',
  )
  .action(async (file: string | undefined, opts: { from: ServiceSource; json: boolean }) => {
    process.exitCode = await runServices(opts.from, file, opts.json, stdio);
  });

registerHostsCommand(program, stdio);
registerHostsLocalCommand(program, stdio);

const topologyDeps = () => ({
  openSession: () => {
    const backend = createBackend({
      version,
      transport: 'websocket',
      platform: process.platform,
      log,
    });
    const session = backend.openSession(() => undefined);
    return { session, close: () => session.close() };
  },
  prompter: createTtyPrompter(),
  ...(process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
});
registerTopologyCommand(program, stdio, topologyDeps);
registerTraceCommand(program, stdio, topologyDeps);
registerWatchCommand(program, stdio, topologyDeps);

registerLabCommand(program, stdio, () => ({
  prompter: createTtyPrompter(),
  ...(process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
}));

registerCaptureCommand(program, () => ({
  prompter: createTtyPrompter(),
  ...(process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
}));

program.parseAsync(process.argv).catch((cause: unknown) => {
  log(`kubelab: ${cause instanceof Error ? cause.message : String(cause)}`);
  process.exitCode = 2;
});
