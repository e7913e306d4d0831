import { isIpAddress } from '../net/ipv4';
import type { WarningList } from './parse-result';

/** The longest raw text a warning carries; a 1 MB garbage line should not be copied whole. */
export const MAX_WARNING_RAW = 240;

/** Shortens text for a warning's `raw`, marking the cut: `clip('x'.repeat(1e6))`. */
export function clip(text: string, max = MAX_WARNING_RAW): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

/** A parsed JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** True when `value` is a plain JSON object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * JSON.parse that never throws: on a syntax error it adds a warning (with the line number when
 * the engine reports a position) and returns `{ ok: false }`. Empty input is a warning too.
 */
export function parseJsonText(
  text: string,
  warnings: WarningList,
): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') {
    warnings.add(0, 'empty input: expected JSON');
    return { ok: false };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position?.[1] === undefined ? 0 : lineAt(text, Number(position[1]));
    warnings.add(line, `not valid JSON: ${clip(message, 120)}`);
    return { ok: false };
  }
}

/**
 * Joins a JSON path: `at('items[2]', 'status')` → `items[2].status`; keys that are not plain
 * names are bracketed so dots inside them stay unambiguous: `at('ENIs', '10.0.0.1/32')` →
 * `ENIs["10.0.0.1/32"]`.
 */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Typed, warning-emitting access to one JSON object's fields. Absent fields (or `null`) read as
 * undefined silently unless marked required; present fields of the wrong type become warnings
 * naming their path, and read as undefined, so one bad field never costs the whole record.
 */
export class JsonFields {
  constructor(
    readonly obj: JsonObject,
    readonly path: string,
    private readonly warnings: WarningList,
  ) {}

  private pick(key: string, required: boolean, want: string): unknown {
    const value = this.obj[key];
    if (value === undefined || value === null) {
      if (required) this.warnings.add(0, `${at(this.path, key)}: missing (expected ${want})`);
      return undefined;
    }
    return value;
  }

  private wrong(key: string, want: string, value: unknown): undefined {
    this.warnings.add(0, `${at(this.path, key)}: expected ${want}, found ${kindOf(value)}`);
    return undefined;
  }

  /** A string field. */
  string(key: string, required = false): string | undefined {
    const v = this.pick(key, required, 'a string');
    if (v === undefined || typeof v === 'string') return v;
    return this.wrong(key, 'a string', v);
  }

  /** A finite number field. */
  number(key: string, required = false): number | undefined {
    const v = this.pick(key, required, 'a number');
    if (v === undefined || (typeof v === 'number' && Number.isFinite(v))) return v;
    return this.wrong(key, 'a number', v);
  }

  /** An integer given as a number or a decimal string (IMDS and ipamd write both): `"0"` → 0. */
  integer(key: string, required = false): number | undefined {
    const v = this.pick(key, required, 'an integer');
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim())) return Number(v.trim());
    return this.wrong(key, 'an integer', v);
  }

  /** A boolean field. */
  boolean(key: string, required = false): boolean | undefined {
    const v = this.pick(key, required, 'a boolean');
    if (v === undefined || typeof v === 'boolean') return v;
    return this.wrong(key, 'a boolean', v);
  }

  /** A nested object, wrapped for the same checked access; undefined when absent or wrong. */
  object(key: string, required = false): JsonFields | undefined {
    const v = this.pick(key, required, 'an object');
    if (v === undefined) return undefined;
    if (isJsonObject(v)) return new JsonFields(v, at(this.path, key), this.warnings);
    return this.wrong(key, 'an object', v);
  }

  /** An array field; `[]` when absent. */
  array(key: string, required = false): unknown[] {
    const v = this.pick(key, required, 'an array');
    if (v === undefined) return [];
    if (Array.isArray(v)) return v;
    this.wrong(key, 'an array', v);
    return [];
  }

  /** An array of objects, each wrapped; non-object elements become warnings and are skipped. */
  objects(key: string, required = false): JsonFields[] {
    const out: JsonFields[] = [];
    this.array(key, required).forEach((item, i) => {
      const f = fieldsOf(item, at(at(this.path, key), i), this.warnings);
      if (f !== undefined) out.push(f);
    });
    return out;
  }

  /** An array of strings; other elements become warnings and are skipped. */
  strings(key: string, required = false): string[] {
    const out: string[] = [];
    this.array(key, required).forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else
        this.warnings.add(
          0,
          `${at(this.path, key)}[${i}]: expected a string, found ${kindOf(item)}`,
        );
    });
    return out;
  }

  /** A map of string to string (labels, selectors); other values become warnings. */
  stringMap(key: string): Record<string, string> {
    const v = this.pick(key, false, 'an object');
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    if (v === undefined) return out;
    if (!isJsonObject(v)) {
      this.wrong(key, 'an object', v);
      return out;
    }
    for (const [k, item] of Object.entries(v)) {
      if (typeof item === 'string') out[k] = item;
      else
        this.warnings.add(
          0,
          `${at(at(this.path, key), k)}: expected a string, found ${kindOf(item)}`,
        );
    }
    return out;
  }

  /**
   * An IP address field (IPv4 dotted quad or IPv6). A present value that is not an address is
   * dropped with a warning quoting it (`"10-0-0-157" is not an IP address`), never passed on.
   */
  ip(key: string, required = false): string | undefined {
    const v = this.string(key, required);
    if (v === undefined || isIpAddress(v)) return v;
    this.warn(`"${clip(v, 60)}" is not an IP address`, key);
    return undefined;
  }

  /**
   * This object read as a map of objects (ipamd's `ENIs`, `IPAddresses`…): each entry wrapped,
   * entries that are not objects warned about and skipped.
   */
  entries(): [string, JsonFields][] {
    const out: [string, JsonFields][] = [];
    for (const [key, value] of Object.entries(this.obj)) {
      const f = fieldsOf(value, at(this.path, key), this.warnings);
      if (f !== undefined) out.push([key, f]);
    }
    return out;
  }

  /** Adds a warning about this object (or one of its fields). */
  warn(message: string, key?: string): void {
    this.warnings.add(
      0,
      `${key === undefined ? this.path || '(root)' : at(this.path, key)}: ${message}`,
    );
  }
}

/** Wraps `value` for checked field access, or warns (naming `path`) when it is not an object. */
export function fieldsOf(
  value: unknown,
  path: string,
  warnings: WarningList,
): JsonFields | undefined {
  if (isJsonObject(value)) return new JsonFields(value, path, warnings);
  warnings.add(0, `${path || '(root)'}: expected an object, found ${kindOf(value)}`);
  return undefined;
}

/** Reports problems on one input line, at most `limit` of them, then one "and more" note. */
export type LineWarner = (message: string) => void;

/**
 * Makes a {@link LineWarner} for one line: a 1 MB line of junk tokens yields a handful of
 * warnings, not a million. Every warning carries the line number and the clipped raw text.
 */
export function lineWarner(
  warnings: WarningList,
  line: number,
  raw: string,
  limit = 5,
): LineWarner {
  let count = 0;
  return (message) => {
    count++;
    if (count <= limit) warnings.add(line, message, clip(raw));
    else if (count === limit + 1)
      warnings.add(line, 'more problems on this line; not listed', clip(raw));
  };
}

/** The most unread tokens a record keeps in its `extra` list. */
export const MAX_EXTRA_TOKENS = 16;

/** Appends to a record's `extra` list up to {@link MAX_EXTRA_TOKENS}, each clipped. */
export function pushExtra(extra: string[], token: string): void {
  if (extra.length < MAX_EXTRA_TOKENS) extra.push(clip(token, 80));
}
