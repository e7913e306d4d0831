import { SavedRule } from './saved-rule';
import type { Counters, IptablesRule } from './types';

/** `RuleStore.flags` bit: the rule text has a double quote. */
export const HAS_QUOTE = 1;
/** `RuleStore.flags` bit: the rule text has a backslash (an escape). */
export const HAS_BACKSLASH = 2;
/** `RuleStore.flags` bit: the rule text mentions `--probability`. */
export const HAS_PROBABILITY = 4;
/** The rule text does not tokenize (an odd quote): readers must not trust quick scans. */
export const HAS_BAD_TOKENS = 8;

/** A rule record that the builder may renumber. */
export type NumberedRule = IptablesRule & { index: number };

function grow(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/**
 * Every rule of one listing, stored as offsets into the input text rather than as objects, so
 * that loading a 400k-rule dump allocates almost nothing per rule. A rule becomes an object
 * ({@link SavedRule}) only when someone asks for it; readers that need speed (the kube-proxy
 * resolver) read the text between `optionsAt[id]` and `lineEnd[id]` directly.
 */
export class RuleStore {
  /** Offset of the rule's line in `text`. */
  lineStart: Int32Array;
  /** Offset where the rule's options begin (after `-A CHAIN`); -1 for rules kept as objects. */
  optionsAt: Int32Array;
  /** Offset just past the rule's line (before any `\r`). */
  lineEnd: Int32Array;
  /** 1-based line number. */
  lineNo: Int32Array;
  /** HAS_QUOTE | HAS_BACKSLASH | HAS_PROBABILITY | HAS_BAD_TOKENS, so readers can skip work. */
  flags: Uint8Array;
  count = 0;
  private readonly counters = new Map<number, Counters>();
  private readonly objects: (NumberedRule | undefined)[] = [];

  constructor(
    /** The whole input; rules refer into it. */
    readonly text: string,
  ) {
    const guess = Math.max(64, Math.ceil(text.length / 64));
    this.lineStart = new Int32Array(guess);
    this.optionsAt = new Int32Array(guess);
    this.lineEnd = new Int32Array(guess);
    this.lineNo = new Int32Array(guess);
    this.flags = new Uint8Array(guess);
  }

  /** Records a save/spec rule by offsets; returns its id. */
  add(
    lineStart: number,
    optionsAt: number,
    lineEnd: number,
    lineNo: number,
    counters: Counters | null,
    flags = HAS_QUOTE | HAS_BACKSLASH | HAS_PROBABILITY | HAS_BAD_TOKENS,
  ): number {
    const id = this.count++;
    if (id >= this.lineStart.length) {
      const size = this.lineStart.length * 2;
      this.lineStart = grow(this.lineStart, size);
      this.optionsAt = grow(this.optionsAt, size);
      this.lineEnd = grow(this.lineEnd, size);
      this.lineNo = grow(this.lineNo, size);
      const f = new Uint8Array(size);
      f.set(this.flags);
      this.flags = f;
    }
    this.lineStart[id] = lineStart;
    this.optionsAt[id] = optionsAt;
    this.lineEnd[id] = lineEnd;
    this.lineNo[id] = lineNo;
    this.flags[id] = flags;
    if (counters !== null) this.counters.set(id, counters);
    return id;
  }

  /** Records a rule that was decoded eagerly (a `-L` row); returns its id. */
  addObject(rule: NumberedRule): number {
    const id = this.add(0, -1, 0, rule.line, rule.counters);
    this.objects[id] = rule;
    return id;
  }

  /** The rule's line as printed. */
  rawOf(id: number): string {
    const object = this.objects[id];
    if (object !== undefined) return object.raw;
    return this.text.slice(this.lineStart[id], this.lineEnd[id]);
  }

  /** Counters recorded for a rule, or null. */
  countersOf(id: number): Counters | null {
    return this.counters.get(id) ?? null;
  }

  /** The rule as an object (made on first request, then kept), numbered `index` in `chain`. */
  rule(id: number, chain: string, index: number): NumberedRule {
    let rule = this.objects[id];
    if (rule === undefined) {
      const start = this.lineStart[id] as number;
      const raw = this.text.slice(start, this.lineEnd[id]);
      const at = (this.optionsAt[id] as number) - start;
      rule = new SavedRule(chain, this.lineNo[id] as number, raw, at, this.countersOf(id));
      this.objects[id] = rule;
    }
    rule.index = index;
    return rule;
  }
}
