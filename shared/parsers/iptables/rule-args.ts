import { clip } from '../parse-helpers';
import { applyMatchOption, createMatch } from './matches';
import { buildTarget } from './targets';
import type { Counters, IptablesMatch, IptablesRuleSpec } from './types';
import { interfaceSpec, isDigits } from './values';

/** Options whose single value is free text and may itself start with `-`. */
const FREE_TEXT = new Set(['--comment', '--log-prefix', '--nflog-prefix']);

/** Options of the port modules that `-p tcp --dport 80` may use without `-m tcp`. */
const IMPLICIT_PORT_OPTIONS = new Set([
  '--dport',
  '--sport',
  '--destination-port',
  '--source-port',
  '--tcp-flags',
  '--syn',
  '--tcp-option',
]);

const EMPTY: readonly string[] = [];

function isOptionToken(t: string): boolean {
  if (t.length < 2 || t.charCodeAt(0) !== 45) return false;
  const c = t.charCodeAt(1);
  return c < 48 || c > 57; // `-1` is a value, not an option
}

/** A rule's options while they are being read. */
export type MutableRuleSpec = { -readonly [K in keyof IptablesRuleSpec]: IptablesRuleSpec[K] } & {
  matches: IptablesMatch[];
  /** `-c pkts bytes` inside the rule text (`iptables -S -v`). */
  counters: Counters | null;
  problem: string | null;
};

/** A spec with no options set. */
export function emptySpec(): MutableRuleSpec {
  return {
    protocol: null,
    source: null,
    destination: null,
    inInterface: null,
    outInterface: null,
    fragment: null,
    matches: [],
    target: null,
    counters: null,
    problem: null,
  };
}

/**
 * Reads the options of one rule (everything after `-A CHAIN`) into `rule`: basic matches
 * (`-s`, `-d`, `-p`, `-i`, `-o`, `-f`, with `!` before or after the option), `-m module` matches
 * with their options, `-c pkts bytes`, and `-j`/`-g` with the target's options.
 *
 * Tokens it cannot place (a stray argument, an option before any `-m`) set `rule.problem`.
 *
 * Sample: `-m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O`.
 */
export function readRuleArgs(tokens: readonly string[], from: number, rule: MutableRuleSpec): void {
  let problem: string | null = rule.problem;
  let isNegated = false;
  let match: IptablesMatch | null = null;
  let targetName: string | null = null;
  let isGoto = false;
  let targetArgs: string[] | null = null;
  const n = tokens.length;
  let i = from;
  while (i < n) {
    const t = tokens[i++] as string;
    if (t === '!') {
      isNegated = !isNegated;
      continue;
    }
    if (!isOptionToken(t)) {
      if (targetArgs !== null) targetArgs.push(t);
      else problem ??= `unexpected argument "${clip(t, 60)}"`;
      continue;
    }
    // Old syntax puts `!` after the option: `-s ! 10.0.0.0/8`, `--dport ! 53`.
    if (tokens[i] === '!' && i + 1 < n && !isOptionToken(tokens[i + 1] as string)) {
      isNegated = !isNegated;
      i++;
    }
    const next = tokens[i];
    switch (t) {
      case '-s':
      case '--source':
      case '--src':
        rule.source = next === undefined ? null : { isNegated, address: next };
        i++;
        break;
      case '-d':
      case '--destination':
      case '--dst':
        rule.destination = next === undefined ? null : { isNegated, address: next };
        i++;
        break;
      case '-p':
      case '--protocol':
        rule.protocol = next === undefined ? null : { isNegated, name: next };
        i++;
        break;
      case '-i':
      case '--in-interface':
        rule.inInterface = next === undefined ? null : interfaceSpec(next, isNegated);
        i++;
        break;
      case '-o':
      case '--out-interface':
        rule.outInterface = next === undefined ? null : interfaceSpec(next, isNegated);
        i++;
        break;
      case '-f':
      case '--fragment':
        rule.fragment = !isNegated;
        break;
      case '-m':
      case '--match':
        match = createMatch(next ?? '');
        rule.matches.push(match);
        targetArgs = null;
        i++;
        break;
      case '-j':
      case '--jump':
      case '-g':
      case '--goto':
        targetName = next ?? '';
        isGoto = t === '-g' || t === '--goto';
        targetArgs = [];
        i++;
        break;
      case '-c':
      case '--set-counters': {
        const p = next ?? '';
        const b = tokens[i + 1] ?? '';
        if (isDigits(p) && isDigits(b))
          rule.counters = { packets: Number(p), bytes: Number(b), isApproximate: false };
        else problem ??= `counters "${clip(p, 30)} ${clip(b, 30)}" are not numbers`;
        i += 2;
        break;
      }
      default: {
        const start = i;
        if (FREE_TEXT.has(t)) i = Math.min(n, i + 1);
        else while (i < n && tokens[i] !== '!' && !isOptionToken(tokens[i] as string)) i++;
        const values =
          i === start
            ? EMPTY
            : i === start + 1
              ? [tokens[start] as string]
              : tokens.slice(start, i);
        if (targetArgs !== null) {
          if (isNegated) targetArgs.push('!');
          targetArgs.push(t);
          for (const v of values) targetArgs.push(v);
        } else {
          if (match === null && IMPLICIT_PORT_OPTIONS.has(t)) {
            match = createMatch(rule.protocol?.name ?? 'tcp');
            rule.matches.push(match);
          }
          if (match === null) problem ??= `option ${clip(t, 60)} outside any match`;
          else applyMatchOption(match, t, values, isNegated);
        }
      }
    }
    isNegated = false;
  }
  if (targetName !== null) rule.target = buildTarget(targetName, targetArgs ?? [], isGoto);
  rule.problem = problem;
}
