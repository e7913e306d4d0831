/**
 * What `kubectl get` needs of a resource kind (columns, `-o name` prefix, objects) and Go's
 * tabwriter as kubectl configures it.
 */
import type { Cluster } from '../model/types';
import type { KubeObject } from './kube-meta';

export interface Item {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  cells(isWide: boolean): string[];
  object(): KubeObject;
}

export interface ResourceKind {
  aliases: string[];
  plural: string;
  /** `kubectl get -o name` and multi-kind listings print `<prefix>/<name>`. */
  prefix: string;
  isNamespaced: boolean;
  headers(isWide: boolean): string[];
  list(cluster: Cluster, now: number, namespace: string | undefined): Item[];
}

export const selectorText = (s: Record<string, string> | null) =>
  s
    ? Object.entries(s)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')
    : '<none>';

/** kubectl shows up to three endpoints and counts the rest. */
export function firstThree(items: string[]): string {
  if (items.length === 0) return '<none>';
  return items.length > 3
    ? `${items.slice(0, 3).join(',')} + ${items.length - 3} more...`
    : items.join(',');
}

/**
 * Go's text/tabwriter as kubectl configures it (min width 6, padding 3): each column as wide as
 * its widest cell plus three spaces; the last column is not padded.
 */
export function tabwrite(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 6, cell.length + 3)));
  }
  return rows
    .map(
      (row) =>
        row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell)).join('') +
        '\n',
    )
    .join('');
}
