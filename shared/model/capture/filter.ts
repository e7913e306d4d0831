/**
 * The capture view's display filter: a small language over the parsed fields, checked as the
 * user types. It never throws; a mistake comes back with its character position.
 *
 * ```
 * filter    := or
 * or        := and { ("or" | "||") and }
 * and       := not { ["and" | "&&"] not }      (two terms side by side mean "and")
 * not       := ("not" | "!") not | "(" or ")" | primitive
 * primitive := FIELD VALUE | WORD | "quoted text"
 * ```
 * Fields: `host A` (source or destination address, or the capturing host's name), `node N`
 * (capturing host only), `src A`, `dst A` (address, CIDR `10.0.0.0/16`, or a prefix ending in
 * `*`), `iface I` (exact or `eni*`), `port P`, `sport P`, `dport P`, `proto tcp|udp|icmp|icmp6|
 * arp|dns|vxlan`, `flags S` (every TCP flag letter given is set: `flags S.` is a SYN-ACK),
 * `dir in|out`, `text T` (case-insensitive substring of the raw line). A bare word or quoted
 * string is `text`. Sample: `port 80 and not iface ens5 or (proto icmp host 10.0.0.1)`.
 */
import type { CapturedPacket } from './packet';

/** A compiled filter: a predicate, or an error with the position (0-based) where it went wrong. */
export type FilterResult =
  | { ok: true; match: (p: CapturedPacket) => boolean; isEmpty: boolean }
  | { ok: false; message: string; position: number };

/** Field names the language knows, for the view's hint. */
export const FILTER_FIELDS = [
  'host',
  'node',
  'src',
  'dst',
  'iface',
  'port',
  'sport',
  'dport',
  'proto',
  'flags',
  'dir',
  'text',
] as const;
type Field = (typeof FILTER_FIELDS)[number];

interface Token {
  kind: 'word' | 'quoted' | 'open' | 'close' | 'not' | 'and' | 'or';
  text: string;
  position: number;
}

class FilterError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')') {
      out.push({ kind: c === '(' ? 'open' : 'close', text: c, position: i });
      i += 1;
    } else if (c === '"') {
      const start = i;
      let text = '';
      i += 1;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) i += 1;
        text += src[i] ?? '';
        i += 1;
      }
      if (i >= src.length) throw new FilterError('unclosed quote', start);
      i += 1;
      out.push({ kind: 'quoted', text, position: start });
    } else if (c === '!' && src[i + 1] !== '=') {
      out.push({ kind: 'not', text: c, position: i });
      i += 1;
    } else {
      const start = i;
      while (i < src.length && !/[\s()"]/.test(src[i] ?? '')) i += 1;
      const text = src.slice(start, i);
      const lower = text.toLowerCase();
      const kind =
        lower === 'and' || text === '&&'
          ? 'and'
          : lower === 'or' || text === '||'
            ? 'or'
            : lower === 'not'
              ? 'not'
              : 'word';
      out.push({ kind, text, position: start });
    }
  }
  return out;
}

type Pred = (p: CapturedPacket) => boolean;

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    n = n * 256 + Number(part);
  }
  return n;
}

/** An address matcher: exact, CIDR (IPv4), or prefix with a trailing `*`. */
function addressMatcher(value: string, position: number): (a: string | undefined) => boolean {
  if (value.endsWith('*')) {
    const prefix = value.slice(0, -1);
    return (a) => a?.startsWith(prefix) === true;
  }
  const slash = value.indexOf('/');
  if (slash >= 0) {
    const base = ipv4(value.slice(0, slash));
    const bitsText = value.slice(slash + 1);
    const bits = Number(bitsText);
    if (base === undefined || !/^\d{1,2}$/.test(bitsText) || bits > 32)
      throw new FilterError(`"${value}" is not an IPv4 CIDR`, position);
    const size = 2 ** (32 - bits);
    const lo = Math.floor(base / size) * size;
    return (a) => {
      const n = a === undefined ? undefined : ipv4(a);
      return n !== undefined && n >= lo && n < lo + size;
    };
  }
  return (a) => a === value;
}

function portValue(value: string, position: number): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new FilterError(`"${value}" is not a port (0-65535)`, position);
  return Number(value);
}

const PROTOS = ['tcp', 'udp', 'icmp', 'icmp6', 'arp', 'dns', 'vxlan'];

function primitive(field: Field, value: string, position: number): Pred {
  switch (field) {
    case 'host': {
      const m = addressMatcher(value, position);
      return (p) => m(p.packet.src) || m(p.packet.dst) || m(p.host);
    }
    case 'node': {
      const m = addressMatcher(value, position);
      return (p) => m(p.host);
    }
    case 'src': {
      const m = addressMatcher(value, position);
      return (p) => m(p.packet.src);
    }
    case 'dst': {
      const m = addressMatcher(value, position);
      return (p) => m(p.packet.dst);
    }
    case 'iface': {
      const m = addressMatcher(value, position);
      return (p) => m(p.iface);
    }
    case 'port': {
      const n = portValue(value, position);
      return (p) => p.packet.sport === n || p.packet.dport === n;
    }
    case 'sport': {
      const n = portValue(value, position);
      return (p) => p.packet.sport === n;
    }
    case 'dport': {
      const n = portValue(value, position);
      return (p) => p.packet.dport === n;
    }
    case 'proto': {
      const v = value.toLowerCase();
      if (!PROTOS.includes(v))
        throw new FilterError(`unknown protocol "${value}" (${PROTOS.join(', ')})`, position);
      if (v === 'dns') return (p) => p.packet.dns !== undefined;
      return (p) => p.packet.protocol === v;
    }
    case 'flags': {
      if (!/^[SFRPUEW.]+$/.test(value))
        throw new FilterError(`"${value}" is not TCP flags (S F R P U E W .)`, position);
      const want = [...value];
      return (p) => {
        const f = p.packet.tcp?.flags;
        return f !== undefined && want.every((c) => f.includes(c));
      };
    }
    case 'dir': {
      const v = value.toLowerCase();
      const dir = v === 'in' ? 'In' : v === 'out' ? 'Out' : undefined;
      if (dir === undefined)
        throw new FilterError(`dir is "in" or "out", not "${value}"`, position);
      return (p) => p.packet.direction === dir;
    }
    case 'text':
      return textMatcher(value);
  }
}

function textMatcher(value: string): Pred {
  const needle = value.toLowerCase();
  return (p) => p.packet.raw.toLowerCase().includes(needle) || p.host.toLowerCase() === needle;
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  parse(): Pred {
    const pred = this.or();
    const extra = this.peek();
    if (extra !== undefined)
      throw new FilterError(
        extra.kind === 'close' ? 'unmatched ")"' : `unexpected "${extra.text}"`,
        extra.position,
      );
    return pred;
  }

  private or(): Pred {
    const parts = [this.and()];
    while (this.peek()?.kind === 'or') {
      this.i += 1;
      parts.push(this.and());
    }
    return parts.length === 1 ? (parts[0] as Pred) : (p) => parts.some((f) => f(p));
  }

  private and(): Pred {
    const parts = [this.not()];
    for (;;) {
      const t = this.peek();
      if (t === undefined || t.kind === 'or' || t.kind === 'close') break;
      if (t.kind === 'and') this.i += 1;
      parts.push(this.not());
    }
    return parts.length === 1 ? (parts[0] as Pred) : (p) => parts.every((f) => f(p));
  }

  private not(): Pred {
    const t = this.peek();
    if (t === undefined) throw new FilterError('a term is missing here', this.length);
    if (t.kind === 'not') {
      this.i += 1;
      const inner = this.not();
      return (p) => !inner(p);
    }
    if (t.kind === 'open') {
      this.i += 1;
      const inner = this.or();
      const close = this.peek();
      if (close?.kind !== 'close') throw new FilterError('missing ")"', t.position);
      this.i += 1;
      return inner;
    }
    if (t.kind === 'quoted') {
      this.i += 1;
      return textMatcher(t.text);
    }
    if (t.kind !== 'word') throw new FilterError(`unexpected "${t.text}"`, t.position);
    this.i += 1;
    const field = t.text.toLowerCase() as Field;
    if (!(FILTER_FIELDS as readonly string[]).includes(field)) return textMatcher(t.text);
    const value = this.peek();
    if (value === undefined || (value.kind !== 'word' && value.kind !== 'quoted'))
      throw new FilterError(`"${t.text}" needs a value`, value?.position ?? this.length);
    this.i += 1;
    return primitive(field, value.text, value.position);
  }
}

/** Compiles a display filter; an empty (or blank) filter matches every packet. */
export function compileFilter(source: string): FilterResult {
  try {
    const tokens = tokenize(source);
    if (tokens.length === 0) return { ok: true, match: () => true, isEmpty: true };
    return { ok: true, match: new Parser(tokens, source.length).parse(), isEmpty: false };
  } catch (e) {
    if (e instanceof FilterError) return { ok: false, message: e.message, position: e.position };
    return { ok: false, message: String(e), position: 0 };
  }
}
