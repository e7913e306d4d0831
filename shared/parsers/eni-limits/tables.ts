import { clip } from '../parse-helpers';
import { splitLines, WarningList, type Parsed } from '../parse-result';

/** One row of `misc/eni-max-pods.txt`. */
export interface EniMaxPodsEntry {
  instanceType: string;
  maxPods: number;
  line: number;
}

/** One row of the per-instance-type ENI and IP limits (`vpc_ip_resource_limit`). */
export interface EniLimit {
  instanceType: string;
  eniLimit: number;
  ipv4PerEni: number;
  defaultNetworkCardIndex?: number;
  /** Network cards and how many ENIs each takes. */
  networkCards: { index: number; maxEnis: number }[];
  /** `nitro`, `xen` or `unknown`. */
  hypervisor?: string;
  isBareMetal?: boolean;
  line: number;
}

const INSTANCE_TYPE = /^[a-z0-9-]+\.[a-z0-9-]+$/;

/**
 * Parses the VPC CNI's `misc/eni-max-pods.txt`: `<instance-type> <max-pods>` per line, `#`
 * comments. Sample line: `t3.medium 17` → `{ instanceType: 't3.medium', maxPods: 17, line }`.
 */
export function parseEniMaxPods(text: string): Parsed<EniMaxPodsEntry[]> {
  const warnings = new WarningList();
  const entries: EniMaxPodsEntry[] = [];
  splitLines(text).forEach((raw, index) => {
    const line = index + 1;
    const body = raw.trim();
    if (body === '' || body.startsWith('#')) return;
    const [instanceType, count, ...rest] = body.split(/\s+/);
    if (
      instanceType === undefined ||
      count === undefined ||
      rest.length > 0 ||
      !INSTANCE_TYPE.test(instanceType) ||
      !/^\d{1,6}$/.test(count)
    ) {
      warnings.add(line, 'not "<instance-type> <max-pods>"', clip(raw));
      return;
    }
    entries.push({ instanceType, maxPods: Number(count), line });
  });
  return { value: entries, warnings: warnings.items };
}

const REQUIRED = ['instance_type', 'eni_limit', 'ipv4_per_eni'];

function readLimitRow(
  cells: Map<string, string>,
  line: number,
  warn: (message: string) => void,
): EniLimit | undefined {
  const instanceType = cells.get('instance_type') ?? '';
  const eni = cells.get('eni_limit') ?? '';
  const ips = cells.get('ipv4_per_eni') ?? '';
  if (!INSTANCE_TYPE.test(instanceType) || !/^\d{1,4}$/.test(eni) || !/^\d{1,4}$/.test(ips)) {
    warn('instance_type, eni_limit or ipv4_per_eni is unreadable');
    return undefined;
  }
  const row: EniLimit = {
    instanceType,
    eniLimit: Number(eni),
    ipv4PerEni: Number(ips),
    networkCards: [],
    line,
  };
  const card = cells.get('default_network_card_index');
  if (card !== undefined && /^\d{1,3}$/.test(card)) row.defaultNetworkCardIndex = Number(card);
  for (const part of (cells.get('network_cards') ?? '').split(';').filter((p) => p !== '')) {
    const m = /^(\d{1,3}):(\d{1,4})$/.exec(part);
    if (m?.[1] !== undefined && m[2] !== undefined)
      row.networkCards.push({ index: Number(m[1]), maxEnis: Number(m[2]) });
    else warn(`network card "${clip(part, 20)}" is not <index>:<maxENIs>`);
  }
  const hypervisor = cells.get('hypervisor');
  if (hypervisor !== undefined && hypervisor !== '') row.hypervisor = hypervisor;
  const bare = cells.get('is_bare_metal');
  if (bare === 'true' || bare === 'false') row.isBareMetal = bare === 'true';
  return row;
}

/**
 * Parses the per-instance-type limits table (tab-separated, with a header naming the columns
 * `instance_type eni_limit ipv4_per_eni default_network_card_index network_cards hypervisor
 * is_bare_metal`; `#` comments). Columns are found by header name, so their order may change.
 * Sample row: `p4d.24xlarge\t15\t50\t0\t0:15;1:15;2:15;3:15\tnitro\tfalse`
 * → `{ instanceType: 'p4d.24xlarge', eniLimit: 15, ipv4PerEni: 50, networkCards: [4 cards], … }`.
 */
export function parseEniLimitsTsv(text: string): Parsed<EniLimit[]> {
  const warnings = new WarningList();
  const rows: EniLimit[] = [];
  let columns: string[] | undefined;
  splitLines(text).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const cells = raw.split('\t').map((c) => c.trim());
    if (columns === undefined) {
      if (REQUIRED.every((c) => cells.includes(c))) columns = cells;
      else warnings.add(line, `expected a header naming ${REQUIRED.join(', ')}`, clip(raw));
      return;
    }
    const byName = new Map(columns.map((name, i) => [name, cells[i] ?? '']));
    if (cells.length !== columns.length)
      warnings.add(line, `${cells.length} cells for ${columns.length} columns`, clip(raw));
    const row = readLimitRow(byName, line, (message) => warnings.add(line, message, clip(raw)));
    if (row !== undefined) rows.push(row);
  });
  return { value: rows, warnings: warnings.items };
}

/** Finds an instance type's row in either table: `findInstanceType(limits, 't3.medium')`. */
export function findInstanceType<T extends { instanceType: string }>(
  rows: readonly T[],
  instanceType: string,
): T | undefined {
  return rows.find((r) => r.instanceType === instanceType);
}
