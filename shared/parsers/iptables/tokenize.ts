const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const CR = 13;

/**
 * Finds the arguments of rule text the way `iptables-restore` splits them: blanks separate
 * arguments, double quotes group (`--comment "ns1/svc1:p80 cluster IP"`), a backslash escapes the
 * next character. Nothing is sliced: each token is pushed to `out` as a `[start, end)` pair of
 * offsets into `text`; a token that needs unquoting has its start stored as `~start` (negative).
 * Read it with {@link tokenText}. `hasNoBackslash` (the caller knows the text has none) lets
 * quoted parts be skipped with a native search.
 *
 * Returns null, or a message when the text cannot be fully tokenized (an unterminated quote or
 * a trailing backslash); the bounds found so far, including the broken token, are still in `out`.
 */
export function tokenBounds(
  text: string,
  out: number[],
  start = 0,
  end: number = text.length,
  hasNoBackslash = false,
): string | null {
  let i = start;
  while (i < end) {
    let c = text.charCodeAt(i);
    while (c === SPACE || c === TAB || c === CR) {
      if (++i >= end) return null;
      c = text.charCodeAt(i);
    }
    const s = i;
    let isQuoted = false;
    let isSpecial = false;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c === QUOTE) {
        isSpecial = true;
        if (hasNoBackslash && !isQuoted) {
          // Jump to the closing quote natively instead of walking the comment.
          const close = text.indexOf('"', i + 1);
          if (close < 0 || close >= end) {
            out.push(~s, end);
            return 'unterminated quote';
          }
          i = close + 1;
          continue;
        }
        isQuoted = !isQuoted;
      } else if (c === BACKSLASH) {
        isSpecial = true;
        if (i + 1 >= end) {
          out.push(~s, end);
          return 'trailing backslash';
        }
        i++;
      } else if (!isQuoted && (c === SPACE || c === TAB || c === CR)) break;
      i++;
    }
    out.push(isSpecial ? ~s : s, i);
    if (isQuoted) return 'unterminated quote';
  }
  return null;
}

/** The text of a token found by {@link tokenBounds}: a slice, or the unquoted value. */
export function tokenText(text: string, start: number, end: number): string {
  if (start >= 0) return text.slice(start, end);
  const s = ~start;
  // The usual case, `"text without escapes"`, is a plain slice.
  if (text.charCodeAt(s) === QUOTE && text.charCodeAt(end - 1) === QUOTE && end - s >= 2) {
    let i = s + 1;
    while (i < end - 1) {
      const c = text.charCodeAt(i);
      if (c === QUOTE || c === BACKSLASH) break;
      i++;
    }
    if (i === end - 1) return text.slice(s + 1, end - 1);
  }
  let out = '';
  let isQuoted = false;
  for (let i = ~start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < end) out += text[++i];
    else if (c === QUOTE) isQuoted = !isQuoted;
    else if (isQuoted || (c !== SPACE && c !== TAB && c !== CR)) out += text[i];
  }
  return out;
}

const bounds: number[] = [];

/**
 * Splits rule text into argument strings (see {@link tokenBounds} for the rules) and appends
 * them to `out`. Returns null, or why the text could not be fully tokenized.
 *
 * Sample: `-m comment --comment "a b" -j X` → `-m`, `comment`, `--comment`, `a b`, `-j`, `X`.
 */
export function tokenizeInto(
  text: string,
  out: string[],
  start = 0,
  end: number = text.length,
): string | null {
  bounds.length = 0;
  const error = tokenBounds(text, bounds, start, end);
  for (let k = 0; k < bounds.length; k += 2)
    out.push(tokenText(text, bounds[k] as number, bounds[k + 1] as number));
  return error;
}

/**
 * The next position of a character (or short string) at or after a position, for a reader that only moves
 * forward: each search resumes where the last one stopped, so a scan over a large text stays
 * linear even when the character is rare.
 */
export class ForwardFinder {
  private found = -2;

  constructor(
    private readonly text: string,
    private readonly needle: string,
  ) {}

  /** Position of the needle at or after `pos`, or -1. */
  at(pos: number): number {
    if (this.found === -1) return -1;
    if (this.found < pos) this.found = this.text.indexOf(this.needle, pos);
    return this.found;
  }
}

/**
 * Whether rule text in `[start, end)` tokenizes, cheaply: text with no quote or backslash always
 * does, and quotes without backslashes only need an even count. Returns null or the problem.
 */
export function checkTokens(
  text: string,
  start: number,
  end: number,
  quotes: ForwardFinder,
  backslashes: ForwardFinder,
): string | null {
  const q = quotes.at(start);
  const b = backslashes.at(start);
  const hasQuote = q >= 0 && q < end;
  const hasBackslash = b >= 0 && b < end;
  if (!hasQuote && !hasBackslash) return null;
  if (!hasBackslash) {
    let count = 0;
    for (let p = q; p >= 0 && p < end; p = quotes.at(p + 1)) count++;
    if (count % 2 === 0) return null;
  }
  bounds.length = 0;
  return tokenBounds(text, bounds, start, end);
}

/** Positions of blank-separated words in a `-L` row: `[start0, end0, start1, end1, …]`. */
export function wordBounds(text: string, out: number[], maxWords: number): void {
  let i = 0;
  const n = text.length;
  while (i < n && out.length < maxWords * 2) {
    let c = text.charCodeAt(i);
    while (c === SPACE || c === TAB || c === CR) {
      if (++i >= n) return;
      c = text.charCodeAt(i);
    }
    const s = i;
    while (i < n && c !== SPACE && c !== TAB && c !== CR) c = text.charCodeAt(++i);
    out.push(s, i);
  }
}
