import { isParserKind, PARSER_KINDS } from '../../shared/parsers/kinds';
import { printWarnings, readInput, type Output } from './input';

/**
 * `kubelab parse <kind> [FILE|-]`: the parser's records as JSON (pretty with --json, one record a
 * line without). Exit 0 with warnings on stderr; 2 when the input is not that kind at all.
 */
export async function runParse(
  kind: string,
  file: string | undefined,
  json: boolean,
  out: Output,
): Promise<number> {
  if (!isParserKind(kind)) {
    out.stderr(
      `kubelab parse: unknown kind "${kind}"; kinds: ${Object.keys(PARSER_KINDS).join(', ')}\n`,
    );
    return 2;
  }
  const parser = PARSER_KINDS[kind];
  const text = await readInput(file);
  const { value, warnings } = parser.parse(text);
  const source = file ?? '-';
  if (text.trim() !== '' && parser.count(value) === 0) {
    printWarnings(out, source, warnings, 5);
    out.stderr(`kubelab parse: ${source} does not look like ${kind} output (${parser.reads})\n`);
    return 2;
  }
  printWarnings(out, source, warnings);
  if (json) out.stdout(JSON.stringify(value, null, 2) + '\n');
  else if (Array.isArray(value))
    out.stdout(value.map((record) => JSON.stringify(record)).join('\n') + '\n');
  else out.stdout(JSON.stringify(value) + '\n');
  return 0;
}
