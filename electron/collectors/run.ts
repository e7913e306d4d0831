import type { CollectWarning } from '../../shared/model/lab-overview';
import type { Parsed } from '../../shared/parsers/parse-result';
import type { Host } from '../hosts/host';

/** How long one collector command may take before its source counts as failed. */
export const SOURCE_TIMEOUT_MS = 8000;

/**
 * Runs one source command on a host and parses its output. Whatever goes wrong — the host, the
 * command, the parser — becomes a warning naming the source, and the result is undefined, so one
 * missing source leaves a gap in the view instead of a blank screen.
 */
export async function readSource<T>(
  host: Host,
  source: string,
  command: string,
  parse: (text: string) => Parsed<T>,
  warnings: CollectWarning[],
): Promise<T | undefined> {
  const hostId = host.description.id;
  try {
    const result = await host.exec(command, { timeoutMs: SOURCE_TIMEOUT_MS });
    if (result.exitCode !== 0 || result.stdout.trim() === '') {
      const why =
        result.stderr.trim().split('\n')[0] ||
        (result.exitCode === 0 ? 'no output' : `exit ${result.exitCode}`);
      warnings.push({ hostId, source, message: `${command}: ${why}` });
      return undefined;
    }
    const parsed = parse(result.stdout);
    for (const w of parsed.warnings.slice(0, 3)) {
      warnings.push({ hostId, source, message: `line ${w.line}: ${w.message}` });
    }
    return parsed.value;
  } catch (cause) {
    warnings.push({
      hostId,
      source,
      message: cause instanceof Error ? cause.message : String(cause),
    });
    return undefined;
  }
}

/** A parser for a single line of text, as IMDS answers single values. */
export function parseLine(text: string): Parsed<string> {
  return { value: text.trim(), warnings: [] };
}
