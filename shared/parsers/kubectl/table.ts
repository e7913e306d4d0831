import { clip } from '../parse-helpers';
import { splitLines, WarningList, type Parsed } from '../parse-result';

/** One data row of a kubectl table: cells by column name, `<none>` kept as printed. */
export interface KubectlRow {
  cells: Record<string, string>;
  line: number;
  raw: string;
}

/** One table: kubectl prints one per kind (`get pods,svc`), separated by a blank line. */
export interface KubectlTable {
  columns: string[];
  rows: KubectlRow[];
  /** Line of the header. */
  line: number;
}

const HEADER_NAME = /^[A-Z][A-Z0-9()_./-]*(?: [A-Z][A-Z0-9()_./-]*)*$/;

function headerColumns(raw: string): { names: string[]; starts: number[] } | undefined {
  const names: string[] = [];
  const starts: number[] = [];
  // kubectl's tabwriter pads columns with at least 3 spaces, while a header name such as
  // `NOMINATED NODE` holds single spaces.
  for (const m of raw.matchAll(/\S+(?: \S+)*/g)) {
    if (!HEADER_NAME.test(m[0])) return undefined;
    names.push(m[0]);
    starts.push(m.index);
  }
  return names.length >= 2 ? { names, starts } : undefined;
}

function cellsOf(
  raw: string,
  starts: number[],
  names: string[],
  warn: (message: string) => void,
): Record<string, string> {
  const byPosition = starts.map((s, i) => raw.slice(s, starts[i + 1] ?? raw.length).trim());
  const straddles = starts.some(
    (s, i) => i > 0 && s < raw.length && raw[s - 1] !== ' ' && raw[s] !== ' ',
  );
  let values = byPosition;
  if (straddles || raw.slice(0, starts[0] ?? 0).trim() !== '') {
    const tokens = raw.trim().split(/\s+/);
    if (tokens.length === names.length) values = tokens;
    else warn('row is not aligned with its header; cells were cut at the header positions');
  }
  const cells: Record<string, string> = Object.create(null) as Record<string, string>;
  names.forEach((name, i) => {
    cells[name] = values[i] ?? '';
  });
  return cells;
}

/**
 * Parses the table kubectl prints for `get` (`-o wide` or not, with or without `-A`). Cells are
 * cut at the header's column starts, not at whitespace, because cells may hold spaces
 * (`RESTARTS` `2 (3d4h ago)`, `OS-IMAGE` `Amazon Linux 2023…`).
 *
 * Sample: header `NAMESPACE   NAME   READY   STATUS …` and row
 * `kube-system   coredns-585d4c556b-47scf   1/1   Running …` → `{ cells: { NAMESPACE: 'kube-system',
 * NAME: 'coredns-585d4c556b-47scf', READY: '1/1', … }, line: 2 }`.
 * Output: one {@link KubectlTable} per header; rows that do not fit are warnings.
 */
export function parseKubectlTable(text: string): Parsed<KubectlTable[]> {
  const warnings = new WarningList();
  const tables: KubectlTable[] = [];
  let current: { table: KubectlTable; starts: number[] } | undefined;
  let afterBlank = true;
  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === '') {
      afterBlank = true;
      return;
    }
    if (/^No resources found/.test(raw.trim())) return;
    const header = afterBlank || current === undefined ? headerColumns(raw) : undefined;
    afterBlank = false;
    if (header !== undefined) {
      current = { table: { columns: header.names, rows: [], line: lineNo }, starts: header.starts };
      tables.push(current.table);
      return;
    }
    if (current === undefined) {
      warnings.add(lineNo, 'row before any header line', clip(raw));
      return;
    }
    const { table, starts } = current;
    const cells = cellsOf(raw, starts, table.columns, (message) =>
      warnings.add(lineNo, message, clip(raw)),
    );
    table.rows.push({ cells, line: lineNo, raw: clip(raw, 4096) });
  });
  return { value: tables, warnings: warnings.items };
}

/** A cell with kubectl's placeholders (`<none>`, `<unknown>`, empty) read as absent. */
export function cellValue(row: KubectlRow, column: string): string | undefined {
  const v = row.cells[column];
  return v === undefined || v === '' || v === '<none>' || v === '<unknown>' ? undefined : v;
}
