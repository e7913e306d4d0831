/** A line a parser could not (fully) read: where it was, what was wrong, and the text itself. */
export interface ParseWarning {
  /** 1-based line number in the input; 0 when the warning is about the input as a whole. */
  line: number;
  message: string;
  raw?: string;
}

/**
 * What every parser returns. Parsers never throw: what they cannot read becomes a warning with
 * its line number, and everything they could read is kept.
 */
export interface Parsed<T> {
  value: T;
  warnings: ParseWarning[];
}

/** Collects warnings while a parser walks its input. */
export class WarningList {
  readonly items: ParseWarning[] = [];

  add(line: number, message: string, raw?: string): void {
    this.items.push(raw === undefined ? { line, message } : { line, message, raw });
  }
}

/** Splits text into lines the way every parser does: LF or CRLF, no trailing empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
