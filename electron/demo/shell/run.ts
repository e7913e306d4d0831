/**
 * Runs parsed command lines against a table of simulated commands, with bash's semantics for the
 * parts the labs use: exit statuses through `&&`/`||`, the last stage's status for a pipeline,
 * SIGPIPE (141) for a writer whose reader went away, 127 for an unknown command.
 */
import type { UserFiles } from './files';
import { EMPTY_INPUT, Pipe, stringInput, type Input, type Output } from './io';
import {
  parseCommandLine,
  PLACEHOLDER,
  SUBSTITUTION_PREFIX,
  type Pipeline,
  type Script,
  type SimpleCommand,
} from './parse';

/** What a simulated command is given. */
export interface CommandContext {
  /** `argv[0]` is the command name as typed (after `sudo`). */
  argv: string[];
  env: ReadonlyMap<string, string>;
  stdin: Input;
  stdout: Output;
  stderr: Output;
  /** Aborted when the command is cancelled or its reader went away. */
  signal: AbortSignal;
  /** Run through sudo (root), as `iptables` and `conntrack` need. */
  isRoot: boolean;
  /** Whether output goes to a terminal (a stream) rather than to a captured exec. */
  isTty: boolean;
  /** Runs another command line in a subshell, capturing its output (for `watch`). */
  capture(line: string, signal: AbortSignal): Promise<Captured>;
}

export interface Captured {
  stdout: string;
  stderr: string;
  status: number;
}

/** A simulated command: returns its exit status. */
export type Command = (ctx: CommandContext) => Promise<number> | number;

export interface ShellEnvironment {
  commands: ReadonlyMap<string, Command>;
  /** Variables every command line starts with (HOME, USER, HOSTNAME, …). */
  variables: ReadonlyMap<string, string>;
  isTty: boolean;
  /** The line bash prints for an unknown command. */
  notFound(name: string): string;
  /** Files the user may write with `>` and `>>` (none: the file system is read-only). */
  files?: UserFiles;
}

/** Exit status of a command killed by SIGPIPE (128 + 13). */
export const SIGPIPE_STATUS = 141;

const DISCARD: Output = { write: () => Promise.resolve() };

/** One command line's run: its variables live as long as the line. */
export class ShellRun {
  private readonly vars: Map<string, string>;
  private status = 0;
  private substitutions: string[] = [];
  /** `VAR=$(false)` exits with the substitution's status, as in bash. */
  private substitutionStatus = 0;

  constructor(
    private readonly env: ShellEnvironment,
    private readonly signal: AbortSignal,
  ) {
    this.vars = new Map(env.variables);
  }

  /** Runs the line; resolves with the exit status of its last command. */
  async run(line: string, stdout: Output, stderr: Output): Promise<number> {
    const parsed = parseCommandLine(line);
    if (!parsed.ok) {
      await stderr.write(`${parsed.message}\n`);
      return 2;
    }
    return this.runScript(parsed.script, stdout, stderr);
  }

  private async runScript(script: Script, stdout: Output, stderr: Output): Promise<number> {
    const outer = this.substitutions;
    this.substitutions = script.substitutions;
    try {
      for (const list of script.lists) {
        if (this.signal.aborted) break;
        this.status = await this.runPipeline(list.first, stdout, stderr);
        for (const { op, pipeline } of list.rest) {
          if (this.signal.aborted) break;
          if ((op === '&&') === (this.status === 0)) {
            this.status = await this.runPipeline(pipeline, stdout, stderr);
          }
        }
      }
      return this.status;
    } finally {
      this.substitutions = outer;
    }
  }

  private async runPipeline(pipeline: Pipeline, stdout: Output, stderr: Output): Promise<number> {
    const stages = pipeline.commands;
    const controllers = stages.map(() => new AbortController());
    const onAbort = () => controllers.forEach((c) => c.abort());
    this.signal.addEventListener('abort', onAbort, { once: true });
    const pipes = stages.slice(1).map((_, i) => new Pipe(() => controllers[i]?.abort()));
    try {
      const statuses = await Promise.all(
        stages.map(async (command, i) => {
          const stdin =
            command.stdin !== undefined
              ? stringInput(command.stdin)
              : i === 0
                ? EMPTY_INPUT
                : (pipes[i - 1] ?? EMPTY_INPUT);
          const out = pipes[i] ?? stdout;
          const controller = controllers[i] ?? new AbortController();
          try {
            const status = await this.runCommand(command, stdin, out, stderr, controller.signal);
            return controller.signal.aborted && !this.signal.aborted ? SIGPIPE_STATUS : status;
          } finally {
            pipes[i]?.end();
            // A reader that exits closes its end of the pipe; its writer gets SIGPIPE.
            stdin.close();
          }
        }),
      );
      return statuses.at(-1) ?? 0;
    } finally {
      this.signal.removeEventListener('abort', onAbort);
    }
  }

  private async runCommand(
    command: SimpleCommand,
    stdin: Input,
    stdout: Output,
    stderr: Output,
    signal: AbortSignal,
  ): Promise<number> {
    this.substitutionStatus = 0;
    const assignments: [string, string][] = [];
    for (const [name, value] of command.assignments) {
      assignments.push([name, await this.expand(value, stderr)]);
    }
    const argv: string[] = [];
    for (const word of command.words) argv.push(await this.expand(word, stderr));
    if (argv.length === 0) {
      for (const [name, value] of assignments) this.vars.set(name, value);
      return this.substitutionStatus;
    }
    let out = stdout;
    let err = stderr;
    const files = this.env.files;
    for (const r of command.redirects) {
      if (r.kind === 'dup') {
        if (r.fd === 2 && r.target === '1') err = out;
        if (r.fd === 1 && r.target === '2') out = err;
      } else if (r.target === '/dev/null') {
        if (r.fd === 1) out = DISCARD;
        else err = DISCARD;
      } else if (files?.isWritable(r.target)) {
        // bash opens (and truncates) the file before the command runs.
        files.write(r.target, '', r.isAppend === true);
        const into: Output = {
          write: (text) => Promise.resolve(files.write(r.target, text, true)),
        };
        if (r.fd === 1) out = into;
        else err = into;
      } else {
        await stderr.write(
          `bash: ${r.target}: Read-only file system (kubelab demo lab: only files in your home directory and /tmp can be written)\n`,
        );
        return 1;
      }
    }
    const env = new Map(this.vars);
    for (const [name, value] of assignments) env.set(name, value);
    const { words, isRoot, error } = stripSudo(argv);
    if (error) {
      await err.write(error);
      return 1;
    }
    const name = words[0] ?? '';
    const impl = this.env.commands.get(name);
    if (!impl) {
      // sudo looks the command up itself and says so in its own words.
      if (isRoot) {
        await err.write(`sudo: ${name}: command not found\n`);
        return 1;
      }
      await err.write(`${this.env.notFound(name)}\n`);
      return 127;
    }
    return impl({
      argv: words,
      env,
      stdin,
      stdout: out,
      stderr: err,
      signal,
      isRoot,
      isTty: this.env.isTty,
      capture: (line, captureSignal) => captureLine(this.env, line, captureSignal),
    });
  }

  /** Replaces placeholders: `$?`, `$(…)` (run now) and variables (unset ones are empty). */
  private async expand(word: string, stderr: Output): Promise<string> {
    let result = '';
    let last = 0;
    for (const match of word.matchAll(PLACEHOLDER)) {
      result += word.slice(last, match.index);
      last = match.index + match[0].length;
      const name = match[1] ?? '';
      if (name === '?') result += String(this.status);
      else if (name === '$') result += '4127';
      else if (name.startsWith(SUBSTITUTION_PREFIX)) {
        result += await this.substitute(Number(name.slice(SUBSTITUTION_PREFIX.length)), stderr);
      } else result += this.vars.get(name) ?? '';
    }
    return result + word.slice(last);
  }

  private async substitute(index: number, stderr: Output): Promise<string> {
    const line = this.substitutions[index] ?? '';
    let captured = '';
    const sink: Output = { write: (text) => Promise.resolve(void (captured += text)) };
    const saved = this.status;
    const parsed = parseCommandLine(line);
    if (!parsed.ok) {
      await stderr.write(`${parsed.message}\n`);
      this.substitutionStatus = 2;
      return '';
    }
    this.substitutionStatus = await this.runScript(parsed.script, sink, stderr);
    this.status = saved;
    return captured.replace(/\n+$/, '');
  }
}

/** Runs a line in a fresh subshell and captures what it prints. */
export async function captureLine(
  env: ShellEnvironment,
  line: string,
  signal: AbortSignal,
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const run = new ShellRun({ ...env, isTty: false }, signal);
  const status = await run.run(
    line,
    { write: (t) => Promise.resolve(void (stdout += t)) },
    { write: (t) => Promise.resolve(void (stderr += t)) },
  );
  return { stdout, stderr, status };
}

const SUDO_FLAGS_WITHOUT_VALUE = new Set(['-n', '-E', '-H', '-S', '-i', '-s', '-k', '-b']);

/** `sudo [-n] [-u root] cmd …` runs `cmd` as root; the demo hosts allow it without a password. */
function stripSudo(argv: string[]): { words: string[]; isRoot: boolean; error?: string } {
  if (argv[0] !== 'sudo') return { words: argv, isRoot: false };
  let i = 1;
  while (i < argv.length) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      i++;
      break;
    }
    if (SUDO_FLAGS_WITHOUT_VALUE.has(arg)) i++;
    else if (arg === '-u' && argv[i + 1] === 'root') i += 2;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) i++;
    else break;
  }
  const words = argv.slice(i);
  if (words.length === 0) {
    return {
      words,
      isRoot: true,
      error:
        'usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\n',
    };
  }
  const nested = stripSudo(words);
  return { ...nested, isRoot: true };
}
