/**
 * Answers `iptables …` and `iptables-save …` command lines from a node's ruleset, with the real
 * tools' output, messages and exit codes, so the demo dispatcher only forwards argv. Listing,
 * `-S`, `-Z` and iptables-save are served; commands that change rules are refused, since
 * kube-proxy and the VPC CNI own the demo node's tables.
 */
import { findChain, getTable } from './build-ruleset';
import type { CounterStore } from './counters';
import { Getopt, type OptionSpec } from './getopt';
import { parseIptablesArgs, type IptablesArgs } from './iptables-args';
import type { ResolveAddress } from './list-cells';
import { renderIptablesList } from './render-list';
import { IPTABLES_VERSION, renderIptablesRules, renderIptablesSave } from './render-save';
import type { Ruleset, TableName } from './types';

/** The node state a command reads (and `-Z` zeroes). */
export interface IptablesContext {
  ruleset: Ruleset;
  counters: CounterStore;
  /** Clock for iptables-save's header; default the current time. */
  now?: () => Date;
  /** Reverse lookup for listings without `-n`. */
  resolveAddress?: ResolveAddress;
}

/** What the shell would have seen. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const TABLES: readonly string[] = ['filter', 'nat', 'mangle', 'raw', 'security'];

const HELP = `${IPTABLES_VERSION}

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -h (print this help information)

Commands served by the kubelab demo node:
  --list    -L [chain [rulenum]]
				List the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
				Print the rules in a chain or all chains
  --zero    -Z [chain [rulenum]]
				Zero counters in chain or all chains

Options:
[!] --table	-t table	table to manipulate (default: \`filter')
  --verbose	-v		verbose mode
  --numeric	-n		numeric output of addresses and ports
  --exact	-x		expand numbers (display exact values)
  --line-numbers		print line numbers when listing
`;

const ok = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
const fail = (stderr: string, exitCode: number): CommandResult => ({
  stdout: '',
  stderr,
  exitCode,
});

function execute(args: IptablesArgs, ctx: IptablesContext): CommandResult {
  if (!TABLES.includes(args.table)) {
    return fail(
      `${IPTABLES_VERSION}: table '${args.table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n`,
      3,
    );
  }
  const tableName = args.table as TableName;
  const mutating = args.commands.find((c) => !['L', 'S', 'Z'].includes(c));
  if (mutating) {
    return fail(
      `${IPTABLES_VERSION}: -${mutating} is not available on the kubelab demo node: kube-proxy and the ` +
        'VPC CNI own its rules, so they stay read-only here.\n',
      1,
    );
  }
  const table = getTable(ctx.ruleset, tableName);
  const chain = args.chain === undefined ? undefined : findChain(table, args.chain);
  const lists = args.commands.includes('L') || args.commands.includes('S');
  if (args.chain !== undefined && !chain) {
    if (lists) {
      return fail(
        `${IPTABLES_VERSION}: chain \`${args.chain}' in table \`${tableName}' is incompatible, use 'nft' tool.\n`,
        1,
      );
    }
    return fail('iptables: No chain/target/match by that name.\n', 1);
  }

  let stdout = '';
  const common = {
    table: tableName,
    ...(args.chain !== undefined ? { chain: args.chain } : {}),
    ...(args.ruleNumber !== undefined ? { ruleNumber: args.ruleNumber } : {}),
  };
  if (args.commands.includes('L')) {
    stdout += renderIptablesList(ctx.ruleset, ctx.counters, {
      ...common,
      verbose: args.verbose,
      numeric: args.numeric,
      exact: args.exact,
      lineNumbers: args.lineNumbers,
      ...(ctx.resolveAddress ? { resolveAddress: ctx.resolveAddress } : {}),
    });
  } else if (args.commands.includes('S')) {
    stdout += renderIptablesRules(ctx.ruleset, ctx.counters, { ...common, verbose: args.verbose });
  }
  if (args.commands.includes('Z')) {
    if (args.ruleNumber !== undefined && !lists) {
      ctx.counters.zero(tableName, args.chain, args.ruleNumber - 1);
    } else {
      ctx.counters.zero(tableName, args.chain);
      if (args.verbose) {
        const names = chain ? [chain.name] : table.chains.map((c) => c.name);
        stdout += names.map((n) => `Zeroing chain \`${n}'\n`).join('');
      }
    }
  }
  return ok(stdout);
}

/** `iptables …` (argv without the program name). */
export function runIptables(argv: readonly string[], ctx: IptablesContext): CommandResult {
  const parsed = parseIptablesArgs(argv);
  switch (parsed.kind) {
    case 'error':
      return fail(parsed.stderr, parsed.exitCode);
    case 'version':
      return ok(`${IPTABLES_VERSION}\n`);
    case 'help':
      return ok(HELP);
    case 'command':
      return execute(parsed, ctx);
  }
}

const SAVE_SPECS: readonly OptionSpec[] = [
  { id: 'c', short: 'c', long: 'counters', arg: 'none' },
  { id: 'd', short: 'd', long: 'dump', arg: 'none' },
  { id: 't', short: 't', long: 'table', arg: 'required' },
  { id: 'M', short: 'M', long: 'modprobe', arg: 'required' },
  { id: 'f', short: 'f', long: 'file', arg: 'required' },
  { id: 'V', short: 'V', long: 'version', arg: 'none' },
];

const SAVE_MANUAL = "Look at manual page `iptables-save.8' for more information.\n";

/** `iptables-save …` (argv without the program name). */
export function runIptablesSave(argv: readonly string[], ctx: IptablesContext): CommandResult {
  const g = new Getopt(argv, SAVE_SPECS);
  let table: string | undefined;
  let counters = false;
  let strays = false;
  for (let e = g.next(); e.kind !== 'end'; e = g.next()) {
    switch (e.kind) {
      case 'unknown':
        return fail(
          e.spelled.startsWith('--')
            ? `iptables-save: unrecognized option '${e.spelled}'\n${SAVE_MANUAL}`
            : `iptables-save: invalid option -- '${e.name}'\n${SAVE_MANUAL}`,
          1,
        );
      case 'missing-argument':
        return fail(
          e.spelled.startsWith('--')
            ? `iptables-save: option '${e.spelled}' requires an argument\n${SAVE_MANUAL}`
            : `iptables-save: option requires an argument -- '${e.name.slice(1)}'\n${SAVE_MANUAL}`,
          1,
        );
      case 'positional':
        strays = true;
        break;
      case 'option':
        if (e.id === 'V') return ok('iptables-save v1.8.9 (nf_tables)\n');
        if (e.id === 'c') counters = true;
        if (e.id === 't') table = e.value;
        if (e.id === 'f')
          return fail('iptables-save: kubelab demo: -f (write to a file) is not available\n', 1);
        break;
    }
  }
  if (strays) return fail('Unknown arguments found on commandline\n', 1);
  if (table !== undefined && !TABLES.includes(table))
    return fail(`Table \`${table}' does not exist\n`, 1);
  return ok(
    renderIptablesSave(ctx.ruleset, ctx.counters, {
      counters,
      date: (ctx.now ?? (() => new Date()))(),
      ...(table !== undefined ? { table: table as TableName } : {}),
    }),
  );
}

/** Program names this module answers (`iptables-nft` is what `iptables` links to on AL2023). */
export const IPTABLES_PROGRAMS: readonly string[] = [
  'iptables',
  'iptables-nft',
  'iptables-save',
  'iptables-nft-save',
];

/**
 * Runs a full argv whose first element names the program (a path is fine). Returns undefined
 * for programs this module does not serve, so the dispatcher can try elsewhere.
 */
export function runIptablesCommand(
  argv: readonly string[],
  ctx: IptablesContext,
): CommandResult | undefined {
  const program = (argv[0] ?? '').split('/').pop() ?? '';
  if (!IPTABLES_PROGRAMS.includes(program)) return undefined;
  const rest = argv.slice(1);
  return program.endsWith('-save') ? runIptablesSave(rest, ctx) : runIptables(rest, ctx);
}
