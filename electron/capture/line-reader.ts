/**
 * Turns one tcpdump stream's text (as it arrives, in arbitrary chunks, CRLF from the PTY) into
 * parsed packets and status lines. Packet lines go through `parseTcpdumpLines` a chunk at a time;
 * tcpdump's and sudo's own lines are picked out first.
 */
import type { CapturePacket } from '../../shared/api/contract-capture';
import { needsSudoPassword } from '../ssh/sudo';
import { parseTcpdumpLines } from '../../shared/parsers/tcpdump';

/** What one chunk of output held besides packets. */
export interface LineEvents {
  packets: CapturePacket[];
  /** tcpdump's `listening on …` banner, when it came in this chunk. */
  listening?: string;
  /** Lines worth showing: tcpdump's errors, parser warnings. */
  warnings: string[];
}

const STAMP = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{1,9})$/;

/** The last stamp's `YYYY-MM-DD HH:MM:SS` and its epoch ms: a capture's lines share a few. */
let lastSecond = { prefix: '', ms: 0 };

/** True when `stamp` from `from` on is 1..9 digits. */
function isFraction(stamp: string, from: number): boolean {
  const n = stamp.length - from;
  if (n < 1 || n > 9) return false;
  for (let i = from; i < stamp.length; i++) {
    const c = stamp.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `2026-11-23 15:35:37.123456` (UTC, as `TZ=UTC tcpdump -tttt` prints) → epoch milliseconds. */
export function stampToMs(stamp: string): number | undefined {
  // Same second as the last stamp: only the fraction is new (no regex, no Date.UTC per packet).
  if (
    lastSecond.prefix !== '' &&
    stamp.charCodeAt(19) === 46 &&
    stamp.startsWith(lastSecond.prefix) &&
    isFraction(stamp, 20)
  )
    return lastSecond.ms + Number(`0.${stamp.slice(20)}`) * 1000;
  const m = STAMP.exec(stamp);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac = '0'] = m;
  const whole = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  lastSecond = { prefix: stamp.slice(0, 19), ms: whole };
  return whole + Number(`0.${frac}`) * 1000;
}

/**
 * `s` in a string of its own. A line cut from a chunk (`split`, `slice`) is a V8 sliced string that
 * keeps the whole chunk alive, and so does every packet field cut from the line: a queue holding a
 * few packets of a chunk whose other lines were dropped held the entire chunk (up to 18 MB each in
 * the capture bench). Concatenating makes a cons string, which `slice` flattens into a fresh copy.
 */
export function ownCopy(s: string): string {
  return (s + ' ').slice(0, -1);
}

export class CaptureLineReader {
  private partial = '';
  private lineNo = 0;
  private count = 0;
  /** tcpdump's last words: errors and the closing statistics. */
  readonly messages: string[] = [];
  isSudoPasswordRequired = false;

  constructor(private readonly iface: string) {}

  /** Packets parsed so far. */
  get packets(): number {
    return this.count;
  }

  /** Feeds a chunk; complete lines are read, a trailing partial line waits for the next. */
  push(chunk: string): LineEvents {
    const text = this.partial + chunk;
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      this.partial = text;
      return { packets: [], warnings: [] };
    }
    this.partial = ownCopy(text.slice(cut + 1));
    return this.read(text.slice(0, cut));
  }

  /** Reads what is left at the end of the stream. */
  flush(): LineEvents {
    const rest = this.partial;
    this.partial = '';
    return rest.trim() === '' ? { packets: [], warnings: [] } : this.read(rest);
  }

  private read(text: string): LineEvents {
    const out: LineEvents = { packets: [], warnings: [] };
    const packetLines: string[] = [];
    const firstLine = this.lineNo + 1;
    for (const rawLine of text.split('\n')) {
      this.lineNo += 1;
      const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
      // A `-tttt` packet line starts `2026-`: skip the checks for tcpdump's own lines.
      if (line.charCodeAt(4) !== 45 && this.isOwnLine(line, out)) {
        // Keeps parser line numbers in step with the stream's.
        packetLines.push('');
        continue;
      }
      packetLines.push(ownCopy(line));
    }
    const parsed = parseTcpdumpLines(packetLines);
    for (const packet of parsed.value) {
      this.count += 1;
      const p = packet as CapturePacket;
      p.n = this.count;
      p.line = packet.line + firstLine - 1;
      if (p.interface === undefined && this.iface !== 'any') p.interface = this.iface;
      const ts = p.time === undefined ? undefined : stampToMs(p.time);
      if (ts !== undefined) p.ts = ts;
      out.packets.push(p);
    }
    for (const w of parsed.warnings)
      out.warnings.push(`line ${w.line + firstLine - 1}: ${w.message}: ${w.raw ?? ''}`);
    return out;
  }

  /** tcpdump's banners, errors and statistics, and sudo's refusal: not packets. */
  private isOwnLine(line: string, out: LineEvents): boolean {
    if (/^(?:tcpdump: )?listening on /.test(line)) {
      out.listening = line.replace(/^tcpdump: /, '');
      return true;
    }
    if (/^tcpdump: (verbose output suppressed|data link type )/.test(line)) return true;
    if (/^\d+ packets? (captured|received by filter|dropped by (kernel|interface))/.test(line)) {
      this.messages.push(line);
      return true;
    }
    if (/^(?:tcpdump|sudo|bash|sh|env): /.test(line) || /^\(.*\)$/.test(line)) {
      if (needsSudoPassword(line)) this.isSudoPasswordRequired = true;
      this.messages.push(line);
      out.warnings.push(line);
      return true;
    }
    return false;
  }
}
