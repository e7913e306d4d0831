/**
 * `iptables` argv parsing as iptables-nft 1.8.9's `do_parse` does it, including its messages:
 * the chain and rule-number lookahead after `-L`/`-S`/`-Z`, "Cannot use -S with -L", "multiple -n
 * flags not allowed", "Illegal option `-x' with this command" and "Bad argument `X'".
 */
import { Getopt, type OptionSpec } from './getopt';
import { IPTABLES_VERSION } from './render-save';

/** Command letters; only L, S, Z, V and h are served, the rest are recognised to be refused. */
export type CommandLetter =
  'A' | 'C' | 'D' | 'R' | 'I' | 'L' | 'S' | 'F' | 'Z' | 'N' | 'X' | 'E' | 'P';

/** A parsed command line. */
export interface IptablesArgs {
  kind: 'command';
  commands: CommandLetter[];
  table: string;
  chain?: string;
  ruleNumber?: number;
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

/** What parsing produced: a command, an informational request, or iptables' error. */
export type ParsedIptables =
  | IptablesArgs
  | { kind: 'version' }
  | { kind: 'help' }
  | { kind: 'error'; stderr: string; exitCode: number };

const opt = (
  id: string,
  short: string | undefined,
  long: string | undefined,
  arg: OptionSpec['arg'],
): OptionSpec => ({
  id,
  ...(short ? { short } : {}),
  ...(long ? { long } : {}),
  arg,
});

/** iptables' option table (`original_opts`), so long-option prefixes resolve as they do there. */
const SPECS: readonly OptionSpec[] = [
  opt('A', 'A', 'append', 'required'),
  opt('D', 'D', 'delete', 'required'),
  opt('C', 'C', 'check', 'required'),
  opt('I', 'I', 'insert', 'required'),
  opt('R', 'R', 'replace', 'required'),
  opt('L', 'L', 'list', 'optional'),
  opt('S', 'S', 'list-rules', 'optional'),
  opt('F', 'F', 'flush', 'optional'),
  opt('Z', 'Z', 'zero', 'optional'),
  opt('N', 'N', 'new-chain', 'required'),
  opt('X', 'X', 'delete-chain', 'optional'),
  opt('E', 'E', 'rename-chain', 'required'),
  opt('P', 'P', 'policy', 'required'),
  opt('s', 's', 'source', 'required'),
  opt('s', undefined, 'src', 'required'),
  opt('d', 'd', 'destination', 'required'),
  opt('d', undefined, 'dst', 'required'),
  opt('p', 'p', 'protocol', 'required'),
  opt('i', 'i', 'in-interface', 'required'),
  opt('j', 'j', 'jump', 'required'),
  opt('t', 't', 'table', 'required'),
  opt('m', 'm', 'match', 'required'),
  opt('n', 'n', 'numeric', 'none'),
  opt('o', 'o', 'out-interface', 'required'),
  opt('v', 'v', 'verbose', 'none'),
  opt('w', 'w', 'wait', 'optional'),
  opt('W', 'W', 'wait-interval', 'optional'),
  opt('x', 'x', 'exact', 'none'),
  opt('f', 'f', 'fragments', 'none'),
  opt('V', 'V', 'version', 'none'),
  opt('h', 'h', 'help', 'optional'),
  opt('0', undefined, 'line-numbers', 'none'),
  opt('M', undefined, 'modprobe', 'required'),
  opt('c', 'c', 'set-counters', 'required'),
  opt('g', 'g', 'goto', 'required'),
  opt('4', '4', 'ipv4', 'none'),
  opt('6', '6', 'ipv6', 'none'),
  opt('b', 'b', undefined, 'none'),
];

/** Options whose legality iptables checks per command, in `optflags` order. */
const CHECKED_OPTIONS = ['n', 's', 'd', 'p', 'j', 'v', 'x', 'i', 'o', '0', 'c', 'f'] as const;
type CheckedOption = (typeof CHECKED_OPTIONS)[number];

/** `commands_v_options`: which checked options each command forbids. */
const FORBIDDEN: Readonly<Record<CommandLetter, readonly CheckedOption[]>> = {
  I: ['n', 'x', '0'],
  A: ['n', 'x', '0'],
  R: ['n', 'x', '0'],
  D: ['n', 'x', '0', 'c'],
  C: ['n', 'x', '0', 'c'],
  L: ['s', 'd', 'p', 'j', 'i', 'o', 'c', 'f'],
  S: ['n', 's', 'd', 'p', 'j', 'x', 'i', 'o', '0', 'c', 'f'],
  F: ['n', 's', 'd', 'p', 'j', 'x', 'i', 'o', '0', 'c', 'f'],
  Z: ['n', 's', 'd', 'p', 'j', 'x', 'i', 'o', '0', 'c', 'f'],
  N: ['n', 's', 'd', 'p', 'j', 'x', 'i', 'o', '0', 'c', 'f'],
  X: ['n', 's', 'd', 'p', 'j', 'x', 'i', 'o', '0', 'c', 'f'],
  E: ['n', 's', 'd', 'p', 'j', 'x', 'i', 'o', '0', 'c', 'f'],
  P: ['n', 's', 'd', 'p', 'j', 'x', 'i', 'o', '0', 'f'],
};

const COMMAND_LETTERS: ReadonlySet<string> = new Set(Object.keys(FORBIDDEN));
const isCommand = (id: string): id is CommandLetter => COMMAND_LETTERS.has(id);
/** Commands that take `[chain [rulenum]]` with iptables' look-ahead. */
const takesChainAndNumber = (c: CommandLetter): boolean => c === 'L' || c === 'S' || c === 'Z';

/** Commands each command may be combined with (`add_command`'s `othercmds`). */
const COMBINABLE: Partial<Record<CommandLetter, readonly CommandLetter[]>> = {
  L: ['Z'],
  S: ['Z'],
  Z: ['L', 'S'],
};

const TRY_HELP = "Try `iptables -h' or 'iptables --help' for more information.\n";

/** An iptables parameter problem: the version-prefixed message plus the try-help line, exit 2. */
export function parameterProblem(message: string): {
  kind: 'error';
  stderr: string;
  exitCode: number;
} {
  return { kind: 'error', stderr: `${IPTABLES_VERSION}: ${message}\n${TRY_HELP}`, exitCode: 2 };
}

/** Parses `iptables` argv (without the program name). */
export function parseIptablesArgs(argv: readonly string[]): ParsedIptables {
  const g = new Getopt(argv, SPECS);
  const commands: CommandLetter[] = [];
  const seen = new Set<string>();
  const out: IptablesArgs = {
    kind: 'command',
    commands,
    table: 'filter',
    numeric: false,
    verbose: false,
    exact: false,
    lineNumbers: false,
  };
  let invert = false;
  let info: 'version' | 'help' | undefined;

  const addCommand = (letter: CommandLetter): ParsedIptables | undefined => {
    if (invert) return parameterProblem('unexpected ! flag');
    const clash = commands.find((c) => !(COMBINABLE[letter] ?? []).includes(c));
    if (clash) return parameterProblem(`Cannot use -${letter} with -${clash}`);
    commands.push(letter);
    return undefined;
  };
  const parseRuleNumber = (text: string): number | ParsedIptables => {
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    return n >= 1 && n <= 0x7fffffff ? n : parameterProblem(`Invalid rule number \`${text}'`);
  };
  const chainAndNumber = (value: string | undefined): ParsedIptables | undefined => {
    if (value !== undefined) out.chain = value;
    else if (g.hasArg()) out.chain = g.takeArg();
    if (!g.hasArg()) return undefined;
    const n = parseRuleNumber(g.takeArg());
    if (typeof n !== 'number') return n;
    out.ruleNumber = n;
    return undefined;
  };

  for (let e = g.next(); e.kind !== 'end'; e = g.next()) {
    if (e.kind === 'unknown') return parameterProblem(`unknown option "${e.spelled}"`);
    if (e.kind === 'missing-argument')
      return parameterProblem(`option "${e.spelled}" requires an argument`);
    if (e.kind === 'positional') {
      if (e.value !== '!')
        return { kind: 'error', stderr: `Bad argument \`${e.value}'\n${TRY_HELP}`, exitCode: 2 };
      if (invert) return parameterProblem('multiple consecutive ! not allowed');
      invert = true;
      continue;
    }
    const id = e.id;
    let problem: ParsedIptables | undefined;
    if (isCommand(id)) {
      problem = addCommand(id);
      if (!problem && takesChainAndNumber(id)) problem = chainAndNumber(e.value);
      else if (!problem && e.value !== undefined) out.chain = e.value;
    } else if (id === 't') {
      out.table = e.value ?? '';
    } else if (id === 'V') {
      info = 'version';
    } else if (id === 'h') {
      info = 'help';
    } else if (id === '6') {
      return { kind: 'error', stderr: TRY_HELP, exitCode: 2 };
    } else if (id === 'w' || id === 'W') {
      if (e.value === undefined && g.hasArg()) g.takeArg();
    } else if (id === 'm') {
      // iptables would load the match module; no listing command takes one.
      seen.add('m');
    } else if (id !== '4' && id !== 'M' && id !== 'b') {
      // A flag from CHECKED_OPTIONS (-g sets the jump, like -j).
      const flag = id === 'g' ? 'j' : id;
      if (seen.has(flag) && flag !== 'v')
        return parameterProblem(`multiple -${flag} flags not allowed`);
      seen.add(flag);
    }
    if (problem) return problem;
    invert = false;
  }

  if (info) return { kind: info };
  if (commands.length === 0) return parameterProblem('no command specified');
  for (const flag of CHECKED_OPTIONS) {
    if (!seen.has(flag)) continue;
    // Legal when any of the given commands allows it (iptables' generic_opt_check).
    if (commands.every((c) => FORBIDDEN[c].includes(flag))) {
      return parameterProblem(`Illegal option \`-${flag}' with this command`);
    }
  }
  if (seen.has('m')) return parameterProblem("Illegal option `-m' with this command");
  out.numeric = seen.has('n');
  out.verbose = seen.has('v');
  out.exact = seen.has('x');
  out.lineNumbers = seen.has('0');
  return out;
}
