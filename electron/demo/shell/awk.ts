/**
 * A small `awk` for the field-printing one-liners of the labs:
 * `awk '{print $1}'`, `awk -F: '{print $2, $NF}'`, `awk '/eni/ {print $1}'`, `awk 'NR>1{print}'`
 * and string concatenation such as `'{ print "URL = http://"$1":8080" }'`.
 */
import { lines } from './io';
import type { Command } from './run';
import { posixToJs } from './grep';

type Term =
  | { kind: 'text'; value: string }
  | { kind: 'field'; index: number | 'NF' | 'NF-1' }
  | { kind: 'var'; name: 'NR' | 'NF' };

interface Program {
  pattern?: { regex: RegExp } | { nr: { op: string; value: number } };
  /** Comma-separated items, each a concatenation of terms; undefined prints the whole line. */
  items?: Term[][];
}

function parseProgram(source: string): Program | undefined {
  const m =
    /^\s*(?:\/((?:\\.|[^/])*)\/|NR\s*(==|>=|<=|>|<|!=)\s*(\d+))?\s*\{\s*print\s*(.*?)\s*;?\s*\}\s*$/s.exec(
      source,
    );
  if (!m) return undefined;
  const program: Program = {};
  if (m[1] !== undefined) program.pattern = { regex: new RegExp(posixToJs(m[1], 'extended')) };
  if (m[2] !== undefined) program.pattern = { nr: { op: m[2], value: Number(m[3]) } };
  const body = m[4] ?? '';
  if (body === '' || body === '$0') return program;
  const items: Term[][] = [];
  let current: Term[] = [];
  const tokens = body.match(/"(?:\\.|[^"])*"|\$\(\s*NF\s*-\s*1\s*\)|\$NF|\$\d+|NR|NF|,|\S+/g) ?? [];
  for (const token of tokens) {
    if (token === ',') {
      items.push(current);
      current = [];
    } else if (token.startsWith('"')) {
      current.push({
        kind: 'text',
        value: token
          .slice(1, -1)
          .replace(/\\n/g, '\n')
          .replace(/\\t/g, '\t')
          .replace(/\\(.)/g, '$1'),
      });
    } else if (token === '$NF') current.push({ kind: 'field', index: 'NF' });
    else if (token.startsWith('$(')) current.push({ kind: 'field', index: 'NF-1' });
    else if (token.startsWith('$')) current.push({ kind: 'field', index: Number(token.slice(1)) });
    else if (token === 'NR' || token === 'NF') current.push({ kind: 'var', name: token });
    else if (/^\d+$/.test(token)) current.push({ kind: 'text', value: token });
    else return undefined;
  }
  items.push(current);
  program.items = items;
  return program;
}

function matches(program: Program, line: string, nr: number): boolean {
  const p = program.pattern;
  if (!p) return true;
  if ('regex' in p) return p.regex.test(line);
  const { op, value } = p.nr;
  switch (op) {
    case '==':
      return nr === value;
    case '!=':
      return nr !== value;
    case '>':
      return nr > value;
    case '>=':
      return nr >= value;
    case '<':
      return nr < value;
    default:
      return nr <= value;
  }
}

export const awk: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  let separator: string | undefined;
  let source: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-F') separator = args[++i];
    else if (arg.startsWith('-F')) separator = arg.slice(2);
    else if (source === undefined) source = arg;
    else {
      await ctx.stderr.write(
        `awk: fatal: cannot open file \`${arg}' for reading: No such file or directory\n`,
      );
      return 2;
    }
  }
  if (source === undefined) {
    await ctx.stderr.write(
      "Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\nUsage: awk [POSIX or GNU style options] [--] 'program' file ...\n",
    );
    return 2;
  }
  const program = parseProgram(source);
  if (!program) {
    await ctx.stderr.write(
      `awk: cmd. line:1: ${source}\nawk: cmd. line:1: kubelab demo lab: only '{print …}' programs are simulated\n`,
    );
    return 2;
  }
  let nr = 0;
  for await (const line of lines(ctx.stdin)) {
    nr++;
    if (!matches(program, line, nr)) continue;
    const fields =
      separator === undefined
        ? line.trim().split(/\s+/).filter(Boolean)
        : line.split(separator.length === 1 ? separator : new RegExp(separator));
    const field = (index: number): string => (index === 0 ? line : (fields[index - 1] ?? ''));
    const render = (term: Term): string => {
      if (term.kind === 'text') return term.value;
      if (term.kind === 'var') return String(term.name === 'NR' ? nr : fields.length);
      if (term.index === 'NF') return field(fields.length);
      if (term.index === 'NF-1') return field(fields.length - 1);
      return field(term.index);
    };
    const out = program.items
      ? program.items.map((item) => item.map(render).join('')).join(' ')
      : line;
    await ctx.stdout.write(`${out}\n`);
    if (ctx.signal.aborted) break;
  }
  return 0;
};
