import { clip } from '../parse-helpers';
import type { WarningList } from '../parse-result';
import { HAS_BACKSLASH, HAS_BAD_TOKENS, HAS_PROBABILITY, HAS_QUOTE } from './rule-store';
import type { RulesetBuilder } from './ruleset-builder';
import { checkTokens, ForwardFinder } from './tokenize';
import type { Counters } from './types';
import { isDigits, parseBracketCounters } from './values';

const ZERO_COUNTERS = parseBracketCounters('[0:0]');

/** What the save/spec reader has seen (to name the format), and its forward searchers. */
export interface SaveState {
  hasTableMarker: boolean;
  hasBuiltinHeader: boolean;
  hasSpecLine: boolean;
  hasRule: boolean;
  quotes: ForwardFinder;
  backslashes: ForwardFinder;
  spaces: ForwardFinder;
  probabilities: ForwardFinder;
}

/** Fresh state for reading `text`. */
export function newSaveState(text: string): SaveState {
  return {
    hasTableMarker: false,
    hasBuiltinHeader: false,
    hasSpecLine: false,
    hasRule: false,
    quotes: new ForwardFinder(text, '"'),
    backslashes: new ForwardFinder(text, '\\'),
    spaces: new ForwardFinder(text, ' '),
    probabilities: new ForwardFinder(text, '--probability'),
  };
}

/**
 * Reads one line, `text[start, end)`, of `iptables-save [-c]`, kube-proxy's restore input or
 * `iptables -S [-v]`: `*nat`, `:KUBE-SERVICES - [0:0]`, `[5:300] -A CHAIN …`, `-A CHAIN …`,
 * `-N CHAIN`, `-P INPUT ACCEPT [-c 0 0]`, `-I`, `-F`, `-X`, `COMMIT`, `# comments`. Rules are
 * stored as offsets, not sliced or decoded.
 *
 * Returns false when the line is not in this format (the caller may try `-L`).
 */
export function readSaveLine(
  b: RulesetBuilder,
  text: string,
  start: number,
  end: number,
  lineNo: number,
  warnings: WarningList,
  state: SaveState,
): boolean {
  const c0 = text.charCodeAt(start);
  if (c0 === 45 /* - */)
    return readCommand(b, text, start, end, start, lineNo, warnings, state, null);
  if (c0 === 35 /* # */) return true;
  if (c0 === 42 /* * */) {
    b.startTable(text.slice(start + 1, end).trim());
    state.hasTableMarker = true;
    return true;
  }
  if (c0 === 58 /* : */) {
    readChainHeader(b, text, start, end, lineNo, warnings, state);
    return true;
  }
  if (c0 === 91 /* [ */) {
    const close = text.indexOf(']', start);
    if (close < 0 || close >= end) return false;
    const counters = parseBracketCounters(text.slice(start, close + 1));
    if (counters === null || text.charCodeAt(close + 2) !== 45) return false;
    return readCommand(b, text, start, end, close + 2, lineNo, warnings, state, counters);
  }
  if (end - start === 6 && text.startsWith('COMMIT', start)) {
    b.endTable();
    return true;
  }
  return false;
}

/** `:NAME POLICY [p:b]`, read in place: dumps declare a chain per endpoint. */
/** Notes what a rule's text contains; each search resumes forward, so a whole dump costs one pass. */
function flagsOf(state: SaveState, from: number, end: number): number {
  return (
    (isWithin(state.quotes.at(from), end) ? HAS_QUOTE : 0) |
    (isWithin(state.backslashes.at(from), end) ? HAS_BACKSLASH : 0) |
    (isWithin(state.probabilities.at(from), end) ? HAS_PROBABILITY : 0)
  );
}

function isWithin(at: number, end: number): boolean {
  return at >= 0 && at < end;
}

function readChainHeader(
  b: RulesetBuilder,
  text: string,
  start: number,
  end: number,
  lineNo: number,
  warnings: WarningList,
  state: SaveState,
): void {
  let nameEnd = state.spaces.at(start + 1);
  if (nameEnd < 0 || nameEnd > end) nameEnd = end;
  // `:KUBE-SEP-… - [0:0]`, a hundred thousand times in a large dump: read without slicing.
  if (
    ZERO_COUNTERS !== null &&
    nameEnd + 8 === end &&
    nameEnd > start + 1 &&
    text.charCodeAt(start + 1) > 32 &&
    text.charCodeAt(nameEnd - 1) > 32 &&
    text.startsWith(' - [0:0]', nameEnd)
  ) {
    b.declareAt(text, start + 1, nameEnd, lineNo, ZERO_COUNTERS);
    return;
  }
  const name = text.slice(start + 1, nameEnd).trim();
  if (name === '') {
    warnings.add(lineNo, 'chain header without a name', clip(text.slice(start, end)));
    return;
  }
  const rest = text.slice(nameEnd, end).trim();
  const space = rest.indexOf(' ');
  const policy = rest === '' ? '-' : space < 0 ? rest : rest.slice(0, space);
  const counterText = space < 0 ? '' : rest.slice(space + 1).trim();
  const counters = counterText === '' ? null : parseBracketCounters(counterText);
  if (counterText !== '' && counters === null) {
    warnings.add(
      lineNo,
      `chain counters "${clip(counterText, 40)}" are malformed`,
      clip(text.slice(start, end)),
    );
  }
  if (policy !== '-') state.hasBuiltinHeader = true;
  b.declare(name, lineNo, policy, counters);
}

function readCommand(
  b: RulesetBuilder,
  text: string,
  lineStart: number,
  end: number,
  at: number,
  lineNo: number,
  warnings: WarningList,
  state: SaveState,
  counters: Counters | null,
): boolean {
  const op = text.charCodeAt(at + 1);
  if (end - at === 2 && op === 70 /* -F */) {
    b.flush(null);
    return true;
  }
  if (text.charCodeAt(at + 2) !== 32) return false;
  let nameEnd = state.spaces.at(at + 3);
  if (nameEnd < 0 || nameEnd > end) nameEnd = end;
  if (nameEnd === at + 3) return false;
  if (op === 65 /* -A */ || op === 73 /* -I */) {
    const chain = b.chainAt(text, at + 3, nameEnd, lineNo);
    let optionsAt = nameEnd;
    let position: number | undefined;
    if (op === 73) {
      const m = /^ (\d+)(?= |$)/.exec(text.slice(nameEnd, Math.min(end, nameEnd + 12)));
      position = m === null ? 1 : Number(m[1]);
      if (m !== null) optionsAt += m[0].length;
    }
    const flags = flagsOf(state, optionsAt, end);
    const error =
      (flags & (HAS_QUOTE | HAS_BACKSLASH)) === 0
        ? null
        : checkTokens(text, optionsAt, end, state.quotes, state.backslashes);
    const id = b.store.add(
      lineStart,
      optionsAt,
      end,
      lineNo,
      counters,
      error === null ? flags : flags | HAS_BAD_TOKENS,
    );
    if (error !== null) {
      warnings.add(
        lineNo,
        `rule text cannot be tokenized: ${error}`,
        clip(text.slice(lineStart, end)),
      );
    }
    b.addRule(chain, id, position);
    state.hasRule = true;
    return true;
  }
  const line = text.slice(lineStart, end);
  const name = text.slice(at + 3, nameEnd);
  switch (op) {
    case 78: // -N CHAIN
      if (b.isNextListing(name)) b.startImplicitTable();
      b.declare(name, lineNo, null, null);
      state.hasSpecLine = true;
      return true;
    case 80: {
      // -P CHAIN POLICY [-c pkts bytes]
      const rest = text.slice(nameEnd, end).trim().split(/\s+/);
      if (b.isNextListing(name)) b.startImplicitTable();
      const hasCounters = rest[1] === '-c' && isDigits(rest[2] ?? '') && isDigits(rest[3] ?? '');
      const pc = hasCounters
        ? { packets: Number(rest[2]), bytes: Number(rest[3]), isApproximate: false }
        : null;
      b.declare(name, lineNo, rest[0] === undefined || rest[0] === '' ? '-' : rest[0], pc);
      state.hasSpecLine = true;
      state.hasBuiltinHeader = true;
      return true;
    }
    case 70: // -F CHAIN
      b.flush(name);
      return true;
    case 88: // -X CHAIN
      b.deleteChain(name);
      return true;
    default:
      warnings.add(lineNo, `unsupported command ${text.slice(at, at + 2)}`, clip(line));
      return true;
  }
}
