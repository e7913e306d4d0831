import { readFile } from 'node:fs/promises';

/** Reads a named file, or standard input for `-` (or no name). */
export async function readInput(file: string | undefined): Promise<string> {
  if (file !== undefined && file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface Output {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Warnings go to stderr as `<source>:<line>: <message>`, at most `limit` of them. */
export function printWarnings(
  out: Output,
  source: string,
  warnings: readonly { line: number; message: string }[],
  limit = 50,
): void {
  for (const w of warnings.slice(0, limit)) out.stderr(`${source}:${w.line}: ${w.message}\n`);
  if (warnings.length > limit)
    out.stderr(`${source}: … and ${warnings.length - limit} more warnings\n`);
}
