/**
 * The long-running commands: `watch` (re-renders a command every n seconds, as procps watch
 * does on a terminal), `yes` (a flood that must respect flow control) and `sleep`.
 */
import { sleep } from '../shell/io';
import type { Command } from '../shell/run';
import { hostnameOf, nowOf, type HostContext } from './context';

/** `date`'s and ctime's "Sun Nov 23 11:04:05 2025", in UTC like the demo hosts. */
export function ctime(ms: number): string {
  const d = new Date(ms);
  const day = d.toUTCString().slice(0, 3);
  const month = d.toUTCString().slice(8, 11);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day} ${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

const YES_CHUNK_LINES = 4096;

export const yes: Command = async (ctx) => {
  const word = ctx.argv.length > 1 ? ctx.argv.slice(1).join(' ') : 'y';
  const chunk = `${word}\n`.repeat(YES_CHUNK_LINES);
  while (!ctx.signal.aborted) {
    await ctx.stdout.write(chunk);
    // Let pause, cancel and the pipe's reader run between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return 141;
};

/** Parses sleep's NUMBER[SUFFIX] operands into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(text);
  if (!m) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit * 1000;
}

export const sleepCommand: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (args.length === 0) {
    await ctx.stderr.write("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let total = 0;
  for (const arg of args) {
    const ms = parseDuration(arg);
    if (ms === undefined) {
      await ctx.stderr.write(
        `sleep: invalid time interval ‘${arg}’\nTry 'sleep --help' for more information.\n`,
      );
      return 1;
    }
    total += ms;
  }
  await sleep(total, ctx.signal);
  return ctx.signal.aborted ? 143 : 0;
};

/** Marks the characters that changed since the last frame, as `watch -d` does. */
function highlight(previous: string, next: string): string {
  const before = previous.split('\n');
  return next
    .split('\n')
    .map((line, i) => {
      const old = before[i] ?? '';
      let out = '';
      let inChange = false;
      for (let c = 0; c < line.length; c++) {
        const changed = line[c] !== old[c];
        if (changed !== inChange) out += changed ? '\u001b[7m' : '\u001b[27m';
        inChange = changed;
        out += line[c];
      }
      return inChange ? `${out}\u001b[27m` : out;
    })
    .join('\n');
}

export function watchCommand(host: HostContext): Command {
  return async (ctx) => {
    const args = ctx.argv.slice(1);
    let interval = 2;
    let differences = false;
    let title = true;
    let i = 0;
    for (; i < args.length; i++) {
      const arg = args[i] ?? '';
      if (arg === '--') {
        i++;
        break;
      }
      if (arg === '-n' || arg === '--interval') interval = Number(args[++i]);
      else if (arg.startsWith('-n')) interval = Number(arg.slice(2));
      else if (arg.startsWith('--interval=')) interval = Number(arg.slice(11));
      else if (arg === '-d' || arg === '--differences') differences = true;
      else if (arg === '-t' || arg === '--no-title') title = false;
      else if (/^-[dt]+$/.test(arg)) {
        differences ||= arg.includes('d');
        title = title && !arg.includes('t');
      } else if (arg.startsWith('-')) {
        await ctx.stderr.write(
          `watch: invalid option -- '${arg.slice(1, 2)}'\n\nUsage:\n watch [options] command\n`,
        );
        return 1;
      } else break;
    }
    const line = args.slice(i).join(' ');
    if (!line) {
      await ctx.stderr.write('\nUsage:\n watch [options] command\n');
      return 1;
    }
    if (!Number.isFinite(interval)) {
      await ctx.stderr.write(`watch: failed to parse argument: '${args[i - 1] ?? ''}'\n`);
      return 1;
    }
    // watch drives a curses screen; without a terminal (a captured exec) it cannot start.
    if (!ctx.isTty) {
      await ctx.stderr.write('Error opening terminal: unknown.\n');
      return 1;
    }
    interval = Math.max(0.1, interval);
    const width = Number(ctx.env.get('COLUMNS') ?? '') || 120;
    let previous: string | undefined;
    while (!ctx.signal.aborted) {
      const started = Date.now();
      const result = await ctx.capture(line, ctx.signal);
      if (ctx.signal.aborted) break;
      const output = result.stdout + result.stderr;
      const body = differences && previous !== undefined ? highlight(previous, output) : output;
      previous = output;
      let header = '';
      if (title) {
        const right = `${hostnameOf(host)}: ${ctime(nowOf(host))}`;
        const left = `Every ${interval.toFixed(1)}s: ${line}`.slice(
          0,
          Math.max(0, width - right.length - 1),
        );
        header = `${left}${' '.repeat(Math.max(1, width - left.length - right.length))}${right}\n\n`;
      }
      await ctx.stdout.write(`\u001b[H\u001b[2J${header}${body}`);
      await sleep(Math.max(0, interval * 1000 - (Date.now() - started)), ctx.signal);
    }
    return 143;
  };
}
