/**
 * The keys a terminal sends, as the line tracker reads them: which ones change the line in ways
 * it cannot follow (history, completion, cursor movement), and the escape sequences keys send.
 */
/* eslint-disable no-control-regex -- terminal escape sequences are control characters */

/** Keys that change the line in ways the tracker cannot follow, by what they do. */
export const UNFOLLOWABLE: Record<string, string> = {
  '\t': 'Tab completion',
  '\u0012': 'history search (Ctrl-R)',
  '\u0013': 'history search (Ctrl-S)',
  '\u0001': 'cursor movement (Ctrl-A)',
  '\u0005': 'cursor movement (Ctrl-E)',
  '\u0002': 'cursor movement (Ctrl-B)',
  '\u0006': 'cursor movement (Ctrl-F)',
  '\u000b': 'line editing (Ctrl-K)',
  '\u0019': 'line editing (Ctrl-Y)',
  '\u0014': 'line editing (Ctrl-T)',
  '\u0010': 'history recall (Ctrl-P)',
  '\u000e': 'history recall (Ctrl-N)',
};

/** An escape sequence typed by a key (arrows, Home, Delete, Alt-x…), and what it means here. */
export function escapeMeaning(seq: string): string {
  const final = seq.at(-1) ?? '';
  if (/^\u001b[[O][0-9;]*[AB]$/.test(seq)) return `history recall (${final === 'A' ? '↑' : '↓'})`;
  if (/^\u001b[[O][0-9;]*[CDHF]$/.test(seq)) return 'cursor movement';
  if (/^\u001b\[[0-9;]*~$/.test(seq)) return 'editing keys (Home/End/Delete)';
  return 'an Alt or escape key';
}

/** The escape sequence at the start of `s` (`ESC [ … final`, `ESC O x`, `ESC x`). */
export function escapeAt(s: string): string {
  const m = /^\u001b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?/s.exec(s);
  return m?.[0] ?? '\u001b';
}

/** Bracketed paste's markers around pasted text. */
export const PASTE_START = '\u001b[200~';
export const PASTE_END = '\u001b[201~';
