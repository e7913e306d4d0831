/**
 * Terminal output as a reader of the journal wants it: what the screen showed line by line,
 * without colour codes, cursor moves or the carriage returns of progress bars; and the prompts
 * after which typed input must never be journaled.
 */
/* eslint-disable no-control-regex -- terminal escape sequences are control characters */

/** ESC sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`), DCS/PM/APC, and two-byte ones. */
const ESCAPES =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[ -/]*[0-~]?)/g;
/** `ESC [ K` / `ESC [ 0 K`: erase to the end of the line (readline's backspace). */
const ERASE_LINE_END = /\u001b\[0?K/g;
/** Control characters other than tab and newline, once the ones with a meaning were applied. */
const OTHER_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
/** A sentinel for "erase to end of line" that cannot come from the remote side after stripping. */
const ERASE = '\u0000';

/**
 * Renders raw terminal output to plain lines: `\r` returns to the line's start (later text
 * overwrites), `\b` steps back, `ESC[K` erases the rest of the line, other escapes are dropped.
 * Wrapping is not modelled (the journal has no screen width): a line is what lies between `\n`s.
 */
export function cookTerminalText(raw: string): string {
  const marked = raw.replace(ERASE_LINE_END, ERASE).replace(ESCAPES, '');
  const out: string[] = [];
  for (const rawLine of marked.replace(/\r+\n/g, '\n').split('\n')) {
    const cells: string[] = [];
    let at = 0;
    for (const ch of rawLine) {
      if (ch === '\r') at = 0;
      else if (ch === '\b') at = Math.max(0, at - 1);
      else if (ch === ERASE) cells.length = at;
      else if (ch === '\t' || ch >= ' ') {
        cells[at] = ch;
        at += 1;
      }
    }
    out.push(
      Array.from(cells, (c) => c ?? ' ')
        .join('')
        .replace(OTHER_CONTROLS, ''),
    );
  }
  return out.join('\n');
}

/**
 * Prompts that ask for a secret: sudo's, ssh's, su's, passwd's, gpg/openssl pass phrases,
 * one-time codes. Matched against the last line shown before the user started typing.
 */
const SECRET_PROMPTS = [
  /\[sudo\] password for [^:]*:\s*$/i,
  /(?:password|passphrase|pass phrase|passcode|pin|secret|token|verification code|otp)\b[^:\n]{0,80}:\s*$/i,
  /password for [^:]*:\s*$/i,
];

/** Whether `lastLine` (cooked) is a prompt after which the input is a secret. */
export function isSecretPrompt(lastLine: string): boolean {
  return SECRET_PROMPTS.some((re) => re.test(lastLine));
}

/** Whether `text` holds `needle`'s characters in order (an echo, even with edits in between). */
export function holdsInOrder(text: string, needle: string): boolean {
  let i = 0;
  for (const ch of text) {
    if (i < needle.length && ch === needle[i]) i += 1;
  }
  return i === needle.length;
}

/** The alternate screen (vim, less, top…): `ESC[?1049h`, `ESC[?1047h`, `ESC[?47h` and their ends. */
const ALT_SCREEN = /\u001b\[\?(?:1049|1047|47)([hl])/g;

/**
 * Splits output at the alternate screen's switches: each piece with whether it was shown on the
 * normal screen (`isNormal`), given whether the alternate screen was on before it.
 */
export function splitAltScreen(
  raw: string,
  wasOn: boolean,
): { pieces: { text: string; isNormal: boolean }[]; isOn: boolean } {
  const pieces: { text: string; isNormal: boolean }[] = [];
  let on = wasOn;
  let from = 0;
  for (const m of raw.matchAll(ALT_SCREEN)) {
    if (m.index > from) pieces.push({ text: raw.slice(from, m.index), isNormal: !on });
    on = m[1] === 'h';
    from = m.index + m[0].length;
  }
  if (from < raw.length) pieces.push({ text: raw.slice(from), isNormal: !on });
  return { pieces, isOn: on };
}
