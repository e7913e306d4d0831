/**
 * OpenSSH's pattern matching (match.c), written out because the ssh-config package's `glob`
 * differs where it matters for resolving hosts: its `?` also matches nothing, and it cannot tell
 * `Host` (case-sensitive) from `Match host` (case-insensitive).
 */

/** One pattern: `*` is any run of characters, `?` exactly one; everything else is literal. */
export function matchPattern(text: string, pattern: string): boolean {
  // Iterative wildcard match with a single backtrack point: linear enough for host names.
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = pattern[p];
    if (pc === '*') {
      starP = p++;
      starT = t;
    } else if (pc !== undefined && (pc === '?' || pc === text[t])) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * A pattern list as OpenSSH reads it (`match_pattern_list`): any negated entry that matches
 * rejects the whole list; otherwise one positive match is needed. A list of only negations
 * never matches.
 */
export function matchPatternList(
  text: string,
  patterns: readonly string[],
  ignoreCase: boolean,
): boolean {
  const subject = ignoreCase ? text.toLowerCase() : text;
  let matched = false;
  for (const raw of patterns) {
    const isNegated = raw.startsWith('!');
    let pattern = isNegated ? raw.slice(1) : raw;
    if (ignoreCase) pattern = pattern.toLowerCase();
    if (matchPattern(subject, pattern)) {
      if (isNegated) return false;
      matched = true;
    }
  }
  return matched;
}

/** Whether a pattern has wildcards or negation, i.e. names no single concrete host. */
export function isWildcardPattern(pattern: string): boolean {
  return /[*?!]/.test(pattern);
}
