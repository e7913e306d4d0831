/**
 * `grep`, `egrep` and `fgrep` with the options lab one-liners use (-E -F -v -i -c -w -x -n -o -q
 * -e), reading standard input line by line so `ping … | grep time` streams.
 */
import { lines } from './io';
import type { Command, CommandContext } from './run';

const USAGE =
  "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

type Syntax = 'basic' | 'extended' | 'fixed';

interface GrepOptions {
  syntax: Syntax;
  invert: boolean;
  ignoreCase: boolean;
  count: boolean;
  word: boolean;
  line: boolean;
  number: boolean;
  onlyMatching: boolean;
  quiet: boolean;
  patterns: string[];
}

/** Translates a POSIX basic or extended regular expression into a JavaScript one. */
export function posixToJs(pattern: string, syntax: Syntax): string {
  if (syntax === 'fixed') return pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const classes: Record<string, string> = {
    alpha: 'A-Za-z',
    digit: '0-9',
    alnum: 'A-Za-z0-9',
    upper: 'A-Z',
    lower: 'a-z',
    space: '\\s',
    blank: ' \\t',
    punct: '!-\\/:-@\\[-`{-~',
    xdigit: '0-9A-Fa-f',
  };
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '[') {
      const end = bracketEnd(pattern, i);
      let body = pattern.slice(i + 1, end);
      body = body.replace(/\[:(\w+):\]/g, (_, name: string) => classes[name] ?? '');
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      i++;
      if (syntax === 'basic' && '|(){}+?'.includes(next)) out += next;
      else if (next === '<' || next === '>') out += '\\b';
      else out += `\\${next}`;
    } else if (syntax === 'basic' && '|(){}+?'.includes(ch)) {
      out += `\\${ch}`;
    } else {
      out += ch;
    }
  }
  return out;
}

function bracketEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length && pattern[i] !== ']') {
    if (pattern[i] === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      i = close === -1 ? i + 1 : close + 2;
    } else i++;
  }
  return Math.min(i, pattern.length);
}

function parseGrepArgs(args: string[], syntax: Syntax): GrepOptions | string {
  const o: GrepOptions = {
    syntax,
    invert: false,
    ignoreCase: false,
    count: false,
    word: false,
    line: false,
    number: false,
    onlyMatching: false,
    quiet: false,
    patterns: [],
  };
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const long: Record<string, () => void> = {
        '--extended-regexp': () => (o.syntax = 'extended'),
        '--fixed-strings': () => (o.syntax = 'fixed'),
        '--invert-match': () => (o.invert = true),
        '--ignore-case': () => (o.ignoreCase = true),
        '--count': () => (o.count = true),
        '--word-regexp': () => (o.word = true),
        '--line-regexp': () => (o.line = true),
        '--line-number': () => (o.number = true),
        '--only-matching': () => (o.onlyMatching = true),
        '--quiet': () => (o.quiet = true),
        '--silent': () => (o.quiet = true),
      };
      if (arg.startsWith('--color')) continue;
      const set = long[arg];
      if (!set) return `grep: unrecognized option '${arg}'\n${USAGE}`;
      set();
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const flag = arg[j];
        switch (flag) {
          case 'E':
            o.syntax = 'extended';
            break;
          case 'F':
            o.syntax = 'fixed';
            break;
          case 'G':
            o.syntax = 'basic';
            break;
          case 'v':
            o.invert = true;
            break;
          case 'i':
            o.ignoreCase = true;
            break;
          case 'c':
            o.count = true;
            break;
          case 'w':
            o.word = true;
            break;
          case 'x':
            o.line = true;
            break;
          case 'n':
            o.number = true;
            break;
          case 'o':
            o.onlyMatching = true;
            break;
          case 'q':
            o.quiet = true;
            break;
          case 's':
          case 'h':
          case 'H':
            break;
          case 'e': {
            const value = arg.slice(j + 1) || args[++i];
            if (value === undefined) return `grep: option requires an argument -- 'e'\n${USAGE}`;
            o.patterns.push(value);
            j = arg.length;
            break;
          }
          case undefined:
          default:
            return `grep: invalid option -- '${flag}'\n${USAGE}`;
        }
      }
      continue;
    }
    rest.push(arg);
  }
  if (o.patterns.length === 0) {
    const pattern = rest.shift();
    if (pattern === undefined) return USAGE;
    o.patterns.push(pattern);
  }
  if (rest.length > 0) return `grep: ${rest[0]}: No such file or directory\n`;
  return o;
}

function grepWith(syntax: Syntax): Command {
  return async (ctx: CommandContext) => {
    const o = parseGrepArgs(ctx.argv.slice(1), syntax);
    if (typeof o === 'string') {
      await ctx.stderr.write(o);
      return 2;
    }
    // A pattern list matches when any of its newline-separated patterns does.
    const sources = o.patterns.flatMap((p) => p.split('\n')).map((p) => posixToJs(p, o.syntax));
    let body = sources.map((s) => `(?:${s})`).join('|');
    if (o.word) body = `(?<![\\w])(?:${body})(?![\\w])`;
    if (o.line) body = `^(?:${body})$`;
    let regex: RegExp;
    try {
      regex = new RegExp(body, o.ignoreCase ? 'gi' : 'g');
    } catch {
      await ctx.stderr.write('grep: Unmatched ( or \\(\n');
      return 2;
    }
    let matched = 0;
    let n = 0;
    for await (const line of lines(ctx.stdin)) {
      n++;
      regex.lastIndex = 0;
      const hits = [...line.matchAll(regex)].filter((m) => m[0] !== '' || !o.onlyMatching);
      const isMatch = hits.length > 0 !== o.invert;
      if (!isMatch) continue;
      matched++;
      if (o.quiet) {
        ctx.stdin.close();
        return 0;
      }
      if (o.count) continue;
      const prefix = o.number ? `${n}:` : '';
      if (o.onlyMatching && !o.invert) {
        for (const hit of hits) await ctx.stdout.write(`${prefix}${hit[0]}\n`);
      } else {
        await ctx.stdout.write(`${prefix}${line}\n`);
      }
      if (ctx.signal.aborted) break;
    }
    if (o.count) await ctx.stdout.write(`${matched}\n`);
    return matched > 0 ? 0 : 1;
  };
}

export const grep = grepWith('basic');
export const egrep = grepWith('extended');
export const fgrep = grepWith('fixed');
