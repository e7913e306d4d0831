/**
 * The coreutils and util-linux filters lab one-liners pipe into: head, tail, wc, sort, uniq, cut,
 * column and tr-free friends. Each reads standard input; file arguments do not exist here.
 */
import { lines } from './io';
import type { Command, CommandContext } from './run';

async function fail(ctx: CommandContext, tool: string, message: string): Promise<number> {
  await ctx.stderr.write(`${tool}: ${message}\nTry '${tool} --help' for more information.\n`);
  return 1;
}

/** Reads `-n N`, `-nN`, `-N` and `--lines=N` (default 10); an error text when bad. */
function lineCount(args: string[]): { count: number; rest: string[] } | string {
  let count = 10;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    let value: string | undefined;
    if (arg === '-n') {
      value = args[++i];
      if (value === undefined) return "option requires an argument -- 'n'";
    } else if (arg.startsWith('-n')) value = arg.slice(2);
    else if (arg.startsWith('--lines=')) value = arg.slice(8);
    else if (/^-\d+$/.test(arg)) value = arg.slice(1);
    else if (arg.startsWith('-') && arg !== '-') return `invalid option -- '${arg.slice(1, 2)}'`;
    else {
      rest.push(arg);
      continue;
    }
    if (!/^\d+$/.test(value)) return `invalid number of lines: ‘${value}’`;
    count = Number(value);
  }
  return { count, rest };
}

export const head: Command = async (ctx) => {
  const parsed = lineCount(ctx.argv.slice(1));
  if (typeof parsed === 'string') return fail(ctx, 'head', parsed);
  if (parsed.rest.length)
    return fail(
      ctx,
      'head',
      `cannot open '${parsed.rest[0]}' for reading: No such file or directory`,
    );
  let n = 0;
  if (parsed.count > 0) {
    for await (const line of lines(ctx.stdin)) {
      await ctx.stdout.write(`${line}\n`);
      if (++n >= parsed.count) break;
    }
  }
  ctx.stdin.close();
  return 0;
};

export const tail: Command = async (ctx) => {
  const parsed = lineCount(ctx.argv.slice(1));
  if (typeof parsed === 'string') return fail(ctx, 'tail', parsed);
  if (parsed.rest.length)
    return fail(
      ctx,
      'tail',
      `cannot open '${parsed.rest[0]}' for reading: No such file or directory`,
    );
  const kept: string[] = [];
  for await (const line of lines(ctx.stdin)) {
    kept.push(line);
    if (kept.length > parsed.count) kept.shift();
  }
  if (kept.length) await ctx.stdout.write(`${kept.join('\n')}\n`);
  return 0;
};

export const wc: Command = async (ctx) => {
  const flags = new Set<string>();
  for (const arg of ctx.argv.slice(1)) {
    if (!/^-[lwcm]+$/.test(arg))
      return fail(ctx, 'wc', `invalid option -- '${arg.replace(/^-/, '').slice(0, 1)}'`);
    for (const f of arg.slice(1)) flags.add(f === 'm' ? 'c' : f);
  }
  const text = await ctx.stdin.readAll();
  const counts = {
    l: (text.match(/\n/g) ?? []).length,
    w: text.split(/\s+/).filter(Boolean).length,
    c: Buffer.byteLength(text),
  };
  const wanted = (flags.size ? ['l', 'w', 'c'].filter((f) => flags.has(f)) : ['l', 'w', 'c']) as (
    'l' | 'w' | 'c'
  )[];
  // GNU wc pads to 7 columns when it prints several counts of standard input, not for one.
  const cells = wanted.map((f) => String(counts[f]));
  await ctx.stdout.write(
    `${cells.length === 1 ? (cells[0] ?? '') : cells.map((c) => c.padStart(7)).join(' ')}\n`,
  );
  return 0;
};

export const sort: Command = async (ctx) => {
  let numeric = false;
  let reverse = false;
  let unique = false;
  let key: number | undefined;
  let separator: string | undefined;
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-k' || arg === '-t') {
      const value = args[++i] ?? '';
      if (arg === '-k') key = parseInt(value, 10);
      else separator = value;
    } else if (arg.startsWith('-k')) key = parseInt(arg.slice(2), 10);
    else if (arg.startsWith('-t')) separator = arg.slice(2);
    else if (/^-[nrubfV]+$/.test(arg)) {
      numeric ||= arg.includes('n') || arg.includes('V');
      reverse ||= arg.includes('r');
      unique ||= arg.includes('u');
    } else return fail(ctx, 'sort', `cannot read: ${arg}: No such file or directory`);
  }
  const all: string[] = [];
  for await (const line of lines(ctx.stdin)) all.push(line);
  const field = (line: string): string => {
    if (key === undefined) return line;
    const parts = separator === undefined ? line.trim().split(/\s+/) : line.split(separator);
    return parts.slice(key - 1).join(separator ?? ' ');
  };
  all.sort((a, b) => {
    const fa = field(a);
    const fb = field(b);
    const cmp = numeric
      ? (parseFloat(fa) || 0) - (parseFloat(fb) || 0) || compareText(a, b)
      : compareText(fa, fb);
    return reverse ? -cmp : cmp;
  });
  const out = unique ? all.filter((l, i) => i === 0 || field(l) !== field(all[i - 1] ?? '')) : all;
  if (out.length) await ctx.stdout.write(`${out.join('\n')}\n`);
  return 0;
};

/** Byte order, as `sort` does under the C locale the demo hosts use for scripts. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const uniq: Command = async (ctx) => {
  const flags = ctx.argv.slice(1).join('');
  const count = flags.includes('c');
  const onlyDup = flags.includes('d');
  const groups: { line: string; n: number }[] = [];
  for await (const line of lines(ctx.stdin)) {
    const last = groups.at(-1);
    if (last && last.line === line) last.n++;
    else groups.push({ line, n: 1 });
  }
  const out = groups
    .filter((g) => !onlyDup || g.n > 1)
    .map((g) => (count ? `${String(g.n).padStart(7)} ${g.line}` : g.line));
  if (out.length) await ctx.stdout.write(`${out.join('\n')}\n`);
  return 0;
};

/** Parses a cut list such as `1,3-4,6-` into a predicate on 1-based positions. */
function cutList(spec: string): ((n: number) => boolean) | undefined {
  const ranges: [number, number][] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '')) return undefined;
    const from = m[1] ? Number(m[1]) : 1;
    const to = m[2] ? (m[3] ? Number(m[3]) : Infinity) : from;
    ranges.push([from, to]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

export const cut: Command = async (ctx) => {
  let delimiter = '\t';
  let fields: string | undefined;
  let chars: string | undefined;
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const value = () => (arg.length > 2 ? arg.slice(2) : (args[++i] ?? ''));
    if (arg.startsWith('-d')) delimiter = value();
    else if (arg.startsWith('-f')) fields = value();
    else if (arg.startsWith('-c')) chars = value();
    else return fail(ctx, 'cut', `invalid option -- '${arg.slice(1, 2)}'`);
  }
  if (delimiter.length !== 1) return fail(ctx, 'cut', 'the delimiter must be a single character');
  const spec = fields ?? chars;
  const pick = spec === undefined ? undefined : cutList(spec);
  if (!pick)
    return fail(
      ctx,
      'cut',
      spec === undefined
        ? 'you must specify a list of bytes, characters, or fields'
        : `invalid field value ‘${spec}’`,
    );
  for await (const line of lines(ctx.stdin)) {
    let out: string;
    if (chars !== undefined) out = [...line].filter((_, i) => pick(i + 1)).join('');
    else if (!line.includes(delimiter)) out = line;
    else
      out = line
        .split(delimiter)
        .filter((_, i) => pick(i + 1))
        .join(delimiter);
    await ctx.stdout.write(`${out}\n`);
  }
  return 0;
};

export const column: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  let separator: RegExp = /\s+/;
  let table = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-t') table = true;
    else if (arg === '-s')
      separator = new RegExp(`[${(args[++i] ?? '').replace(/[\]\\^-]/g, '\\$&')}]+`);
    else if (arg.startsWith('-s'))
      separator = new RegExp(`[${arg.slice(2).replace(/[\]\\^-]/g, '\\$&')}]+`);
    else if (/^-t?s?$/.test(arg)) table = true;
    else return fail(ctx, 'column', `invalid option -- '${arg.slice(1, 2)}'`);
  }
  const rows: string[][] = [];
  for await (const line of lines(ctx.stdin)) {
    if (line.trim() === '') continue;
    rows.push(table ? line.trim().split(separator) : [line]);
  }
  if (!table) {
    if (rows.length) await ctx.stdout.write(`${rows.map((r) => r[0] ?? '').join('\n')}\n`);
    return 0;
  }
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  // util-linux separates table columns with two spaces and does not pad the last one.
  const out = rows.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
  );
  if (out.length) await ctx.stdout.write(`${out.join('\n')}\n`);
  return 0;
};
