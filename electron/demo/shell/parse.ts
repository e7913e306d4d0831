/**
 * Parses a command line the way bash would for the subset the demo hosts run: `;`, `&&`, `||`,
 * pipelines, `VAR=value` prefixes and assignments, `$VAR`, `$(…)`, `>`/`2>`/`2>&1` redirects and
 * here-documents (`<<EOF` … `EOF` on the lines that follow, taken literally, as with `<<'EOF'`).
 * Tokenizing is shell-quote's; expansion is deferred to run time by leaving placeholders in words,
 * so `TOKEN=$(curl …) && curl -H "…: $TOKEN" …` sees the value assigned earlier on the line.
 */
import { parse as tokenize, type ParseEntry } from 'shell-quote';

/** Marks a deferred expansion inside a word: `\0NAME\0`. */
const NUL = String.fromCharCode(0);
export const PLACEHOLDER = new RegExp(`${NUL}([^${NUL}]*)${NUL}`, 'g');

/** The variable name that stands for the n-th `$(…)` of the line. */
export const SUBSTITUTION_PREFIX = '__kl_subst_';

export interface Redirect {
  fd: 1 | 2;
  /** `file` sends the output to a path (only /dev/null exists); `dup` is `2>&1`. */
  kind: 'file' | 'dup';
  target: string;
  /** `>>`: append to the file. */
  isAppend?: boolean;
}

export interface SimpleCommand {
  assignments: [name: string, value: string][];
  words: string[];
  redirects: Redirect[];
  /** A here-document: the command's standard input. */
  stdin?: string;
}

export interface Pipeline {
  commands: SimpleCommand[];
}

export interface AndOrList {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface Script {
  lists: AndOrList[];
  /** The inner command lines of `$(…)`, by index. */
  substitutions: string[];
}

export type ParseOutcome = { ok: true; script: Script } | { ok: false; message: string };

const KEYWORDS = new Set(['for', 'while', 'until', 'if', 'case', 'function', 'select', '{', '[[']);

/** Parses one command line; the failure message is what bash (or the demo) prints. */
export function parseCommandLine(line: string): ParseOutcome {
  const substitutions: string[] = [];
  const heredocs: string[] = [];
  const lifted = liftSubstitutions(liftHeredocs(line, heredocs), substitutions);
  if (lifted === undefined) {
    return { ok: false, message: "bash: unexpected EOF while looking for matching `)'" };
  }
  let entries: ParseEntry[];
  try {
    entries = tokenize<string>(lifted, (key) => `${NUL}${key}${NUL}`);
  } catch (cause) {
    return {
      ok: false,
      message: `bash: ${cause instanceof Error ? cause.message : 'syntax error'}`,
    };
  }
  const fdRedirect = /(^|\s)2>/.test(lifted);
  const lists: AndOrList[] = [];
  let list: AndOrList | undefined;
  let pipeline: Pipeline = { commands: [] };
  let command: SimpleCommand = { assignments: [], words: [], redirects: [] };
  let pendingOp: '&&' | '||' | undefined;

  const endCommand = (): string | undefined => {
    if (command.words.length === 0 && command.assignments.length === 0) {
      return command.redirects.length ? undefined : 'syntax error near unexpected token';
    }
    pipeline.commands.push(command);
    command = { assignments: [], words: [], redirects: [] };
    return undefined;
  };
  const endPipeline = (): void => {
    if (!list) list = { first: pipeline, rest: [] };
    else if (pendingOp) list.rest.push({ op: pendingOp, pipeline });
    pipeline = { commands: [] };
    pendingOp = undefined;
  };

  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry === undefined) continue;
    if (typeof entry === 'string' || 'pattern' in entry) {
      const word = typeof entry === 'string' ? entry : entry.pattern;
      const heredoc = HEREDOC_WORD.exec(word);
      if (heredoc) {
        command.stdin = heredocs[Number(heredoc[1])] ?? '';
        continue;
      }
      const isAssignment = command.words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word);
      if (isAssignment) {
        const eq = word.indexOf('=');
        command.assignments.push([word.slice(0, eq), word.slice(eq + 1)]);
      } else {
        if (command.words.length === 0 && KEYWORDS.has(word))
          return unsupported(`'${word}' blocks`);
        command.words.push(word);
      }
      continue;
    }
    if ('comment' in entry) break;
    const op = entry.op;
    if (op === '>' || op === '>>' || op === '>&') {
      const target = entries[i + 1];
      if (typeof target !== 'string') return syntaxError('newline');
      i++;
      let fd: 1 | 2 = 1;
      const last = command.words.at(-1);
      if (fdRedirect && (last === '1' || last === '2')) {
        command.words.pop();
        fd = last === '2' ? 2 : 1;
      }
      if (op === '>&' && /^[12]$/.test(target)) {
        command.redirects.push({ fd, kind: 'dup', target });
      } else {
        command.redirects.push({
          fd,
          kind: 'file',
          target,
          ...(op === '>>' ? { isAppend: true } : {}),
        });
      }
      continue;
    }
    if (op === '|' || op === '|&') {
      const error = endCommand();
      if (error) return syntaxError(op);
      if (op === '|&')
        pipeline.commands.at(-1)?.redirects.push({ fd: 2, kind: 'dup', target: '1' });
      continue;
    }
    if (op === '&&' || op === '||' || op === ';') {
      if (command.words.length === 0 && command.assignments.length === 0) {
        if (op !== ';' || pipeline.commands.length > 0) return syntaxError(op);
        continue;
      }
      endCommand();
      endPipeline();
      if (op === ';') {
        if (list) lists.push(list);
        list = undefined;
      } else {
        pendingOp = op;
      }
      continue;
    }
    if (op === '&') return unsupported('background jobs (&)');
    if (op === '<' || op === '<<' || op === '<(') return unsupported('input redirection');
    return unsupported(`'${op}' subshells and groups`);
  }
  if (command.words.length > 0 || command.assignments.length > 0) {
    endCommand();
    endPipeline();
  } else if (pipeline.commands.length > 0 || pendingOp) {
    return syntaxError('newline');
  }
  if (list) lists.push(list);
  return { ok: true, script: { lists, substitutions } };
}

function syntaxError(token: string): ParseOutcome {
  return { ok: false, message: `bash: syntax error near unexpected token \`${token}'` };
}

function unsupported(what: string): ParseOutcome {
  return {
    ok: false,
    message: `bash: kubelab demo lab: ${what} are not simulated; run one command at a time`,
  };
}

/** `<<EOF`, `<<-EOF`, `<< 'EOF'`, `<<"EOF"` (not `<<<`). */
const HEREDOC = /(?<!<)<<(?!<)(-?)[ \t]*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const HEREDOC_WORD = /^__kl_heredoc_(\d+)$/;

/** Whether a here-document of `text` still waits for its delimiter line (bash prompts `> `). */
export function hasOpenHeredoc(text: string): boolean {
  const open = { isOpen: false };
  liftHeredocs(text, [], open);
  return open.isOpen;
}

/**
 * Takes each here-document's body (the lines after its operator, up to the delimiter line) out
 * of the line, leaving a marker word where the operator was. A body without its delimiter runs
 * to the end, as bash does (with a warning).
 */
function liftHeredocs(line: string, bodies: string[], open?: { isOpen: boolean }): string {
  if (!line.includes('<<')) return line;
  const rows = line.split('\n');
  const out: string[] = [];
  for (let r = 0; r < rows.length; r++) {
    const pending: { strip: boolean; word: string; index: number }[] = [];
    out.push(
      (rows[r] ?? '').replace(HEREDOC, (_m, dash: string, _q: string, word: string) => {
        pending.push({ strip: dash === '-', word, index: bodies.length });
        bodies.push('');
        return ` __kl_heredoc_${bodies.length - 1} `;
      }),
    );
    for (const p of pending) {
      const body: string[] = [];
      for (r++; r < rows.length; r++) {
        const row = p.strip ? (rows[r] ?? '').replace(/^\t+/, '') : (rows[r] ?? '');
        if (row === p.word) break;
        body.push(`${row}\n`);
      }
      if (r >= rows.length && open) open.isOpen = true;
      bodies[p.index] = body.join('');
    }
    // The line after a here-document's delimiter starts a new command.
    if (pending.length > 0 && r + 1 < rows.length) out.push(';');
  }
  return out.join('\n');
}

/**
 * Replaces each top-level `$(…)` and `` `…` `` with `${__kl_subst_N}` (outside single quotes, as
 * bash expands them), recording the inner text. Undefined when a `$(` is never closed.
 */
function liftSubstitutions(line: string, out: string[]): string | undefined {
  let result = '';
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && !inSingle) {
      result += ch + (line[i + 1] ?? '');
      i++;
    } else if (ch === "'" && !inDouble) {
      inSingle = !inSingle;
      result += ch;
    } else if (ch === '"' && !inSingle) {
      inDouble = !inDouble;
      result += ch;
    } else if (!inSingle && ch === '$' && line[i + 1] === '(') {
      const end = matchingParen(line, i + 2);
      if (end === undefined) return undefined;
      out.push(line.slice(i + 2, end));
      result += `\${${SUBSTITUTION_PREFIX}${out.length - 1}}`;
      i = end;
    } else if (!inSingle && ch === '`') {
      const end = line.indexOf('`', i + 1);
      if (end === -1) return undefined;
      out.push(line.slice(i + 1, end));
      result += `\${${SUBSTITUTION_PREFIX}${out.length - 1}}`;
      i = end;
    } else {
      result += ch;
    }
  }
  return result;
}

function matchingParen(line: string, from: number): number | undefined {
  let depth = 1;
  let inSingle = false;
  let inDouble = false;
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && !inSingle) i++;
    else if (ch === "'" && !inDouble) inSingle = !inSingle;
    else if (ch === '"' && !inSingle) inDouble = !inDouble;
    else if (!inSingle && !inDouble && ch === '(') depth++;
    else if (!inSingle && !inDouble && ch === ')' && --depth === 0) return i;
  }
  return undefined;
}
