import { targetOf, type RuleSummary } from './summary-basics';
import { tokenBounds, tokenText } from './tokenize';
import { splitHostPort } from './values';

const bounds: number[] = [];

function is(text: string, s: number, e: number, literal: string): boolean {
  return e - s === literal.length && text.startsWith(literal, s);
}

const M_OTHER = 0;
const M_NEUTRAL = 1;
const M_RECENT = 2;
const M_ADDRTYPE = 3;
const M_COMMENT = 4;

/** Classifies `-m <module>` in place (no slicing: this runs for every rule of a dump). */
function moduleAt(text: string, s: number, e: number): number {
  switch (e - s) {
    case 3:
      return is(text, s, e, 'tcp') || is(text, s, e, 'udp') ? M_NEUTRAL : M_OTHER;
    case 4:
      return is(text, s, e, 'sctp') ? M_NEUTRAL : M_OTHER;
    case 6:
      if (is(text, s, e, 'recent')) return M_RECENT;
      return is(text, s, e, 'nfacct') ? M_NEUTRAL : M_OTHER;
    case 7:
      return is(text, s, e, 'comment') ? M_COMMENT : M_OTHER;
    case 8:
      return is(text, s, e, 'addrtype') ? M_ADDRTYPE : M_OTHER;
    case 9:
      return is(text, s, e, 'statistic') || is(text, s, e, 'multiport') ? M_NEUTRAL : M_OTHER;
    default:
      return M_OTHER;
  }
}

/** The first port of `80`, `80:90`, `22,80`; null when it does not start with digits. */
function firstPort(text: string, s: number, e: number): number | null {
  let n = 0;
  let i = s;
  for (; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return i === s ? null : n;
}

/**
 * Scans `-A` option text in place into a summary; slices only the values a summary keeps.
 * Returns false when the rule is not one this scan reads exactly as the full decoder does (a
 * jump followed by stray words, which the decoder reads as an extension target with arguments):
 * the caller must then summarize from the decoded rule.
 */
export function scanText(
  text: string,
  start: number,
  end: number,
  out: RuleSummary,
  wantComments: boolean,
  hasNoBackslash: boolean,
): boolean {
  bounds.length = 0;
  tokenBounds(text, bounds, start, end, hasNoBackslash);
  const n = bounds.length;
  let isNegated = false;
  let module = M_OTHER;
  let isDnat = false;
  let jumpAt = -1;
  for (let k = 0; k < n; k += 2) {
    const s = bounds[k] as number;
    const e = bounds[k + 1] as number;
    if (s < 0 || text.charCodeAt(s) !== 45 /* - */) {
      if (s >= 0 && e - s === 1 && text.charCodeAt(s) === 33 /* ! */) isNegated = true;
      continue;
    }
    const vs = bounds[k + 2] ?? 0;
    const ve = bounds[k + 3] ?? 0;
    if (text.charCodeAt(s + 1) !== 45) {
      const c = e - s === 2 ? text.charCodeAt(s + 1) : 0;
      if (c === 100 /* -d */) {
        out.destination = tokenText(text, vs, ve);
        out.isDestinationNegated = isNegated;
      } else if (c === 115 /* -s */) {
        out.source = tokenText(text, vs, ve);
        out.isSourceNegated = isNegated;
        out.hasOtherConditions = true;
      } else if (c === 112 /* -p */) out.protocol = tokenText(text, vs, ve);
      else if (c === 109 /* -m */) {
        module = vs < 0 ? M_OTHER : moduleAt(text, vs, ve);
        if (module === M_OTHER) out.hasOtherConditions = true;
      } else if (c === 106 /* -j */ || c === 103 /* -g */) {
        // A second -j replaces the first (iptables would refuse the line): last one wins.
        const name = tokenText(text, vs, ve);
        out.target = c === 103 ? 'goto' : targetOf(name);
        out.targetChain = out.target === 'jump' || out.target === 'goto' ? name : '';
        out.dnatIp = null;
        out.dnatPort = null;
        isDnat = out.target === 'dnat';
        module = M_OTHER;
        jumpAt = c === 106 ? k : -1;
      } else if (c === 105 /* -i */ || c === 111 /* -o */ || c === 102 /* -f */)
        out.hasOtherConditions = true;
    } else if (is(text, s, e, '--comment')) {
      // The decoder reads --comment only as an option of -m comment.
      if (module !== M_COMMENT) return false;
      if (wantComments) out.comments.push(tokenText(text, vs, ve));
    } else if (is(text, s, e, '--dport') || is(text, s, e, '--dports')) {
      if (out.dport === null && vs >= 0) out.dport = firstPort(text, vs, ve);
      if (isNegated) out.hasOtherConditions = true;
    } else if (is(text, s, e, '--probability')) {
      out.probabilityText = tokenText(text, vs, ve);
      out.probability = Number(out.probabilityText);
    } else if (module === M_RECENT) {
      if (is(text, s, e, '--seconds')) out.recentSeconds = Number(tokenText(text, vs, ve));
      else if (
        is(text, s, e, '--rcheck') ||
        is(text, s, e, '--set') ||
        is(text, s, e, '--update')
      ) {
        out.recentAction = text.slice(s + 2, e);
      }
    } else if (module === M_ADDRTYPE) {
      if (is(text, s, e, '--dst-type') && !isNegated && is(text, vs, ve, 'LOCAL'))
        out.isDstLocal = true;
      else out.hasOtherConditions = true;
    } else if (isDnat && is(text, s, e, '--to-destination')) {
      const hp = splitHostPort(tokenText(text, vs, ve));
      out.dnatIp = hp.ip;
      out.dnatPort = hp.port;
    }
    isNegated = false;
  }
  return !(out.target === 'jump' && jumpAt >= 0 && jumpAt + 4 < n);
}
