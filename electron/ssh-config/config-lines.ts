/**
 * Turns ssh_config text into numbered directives with the `ssh-config` package doing the lexing
 * (quotes, `=` separators, multi-value keywords, trailing comments). It is fed one line at a
 * time so every directive keeps its line number and a malformed line costs only that line.
 */
import { LineType, parse, type Line } from 'ssh-config';
import type { ConfigWarning } from './warnings';

export interface ConfigDirective {
  file: string;
  line: number;
  /** The keyword, lower-cased (ssh_config keywords are case-insensitive). */
  keyword: string;
  /** The keyword as written, for messages. */
  written: string;
  /** The arguments after the keyword, quotes removed. */
  args: string[];
  /** The whole value as one string (for single-value keywords such as HostName or ProxyJump). */
  value: string;
}

function argsOf(line: Extract<Line, { param: string }>): string[] {
  const { value } = line;
  if (typeof value === 'string') return value === '' ? [] : [value];
  return value.map((v) => v.val);
}

/** Numbered directives of one file's text; comments and blank lines are dropped. */
export function readConfigText(
  text: string,
  file: string,
): { directives: ConfigDirective[]; warnings: ConfigWarning[] } {
  const directives: ConfigDirective[] = [];
  const warnings: ConfigWarning[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    // The package's own Match-criteria reader rejects `!canonical`/`!all` (argument-less,
    // negated); Match lines are tokenized like Host lines and their terms read in evaluate.ts.
    const isMatch = /^\s*match(?=\s|=)/i.test(raw);
    let parsed: Line[];
    try {
      parsed = parse(isMatch ? raw.replace(/^(\s*)match/i, '$1Host') : raw);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      // A Match line that cannot be read must still end the previous block, so it is kept.
      const keyword = /^\s*(\S+?)(?:\s|=|$)/.exec(raw)?.[1] ?? '';
      if (keyword.toLowerCase() === 'match') {
        directives.push({
          file,
          line: lineNo,
          keyword: 'match',
          written: keyword,
          args: [],
          value: '',
        });
        warnings.push({
          file,
          line: lineNo,
          message: `cannot read Match line (${why}); its block is ignored`,
        });
      } else {
        warnings.push({ file, line: lineNo, message: `cannot read line (${why}); ignored` });
      }
      return;
    }
    const first = parsed.find((l) => l.type === LineType.DIRECTIVE);
    if (!first || !('param' in first) || first.param === '') {
      warnings.push({ file, line: lineNo, message: `no keyword on line; ignored` });
      return;
    }
    const args = argsOf(first);
    directives.push({
      file,
      line: lineNo,
      keyword: isMatch ? 'match' : first.param.toLowerCase(),
      written: isMatch ? 'Match' : first.param,
      args,
      value: typeof first.value === 'string' ? first.value : args.join(' '),
    });
  });
  return { directives, warnings };
}
