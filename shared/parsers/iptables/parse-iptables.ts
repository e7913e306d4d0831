import { clip } from '../parse-helpers';
import { WarningList, type Parsed } from '../parse-result';
import { newListState, readListLine } from './list-format';
import { RulesetBuilder } from './ruleset-builder';
import { newSaveState, readSaveLine, type SaveState } from './save-format';
import type { IptablesFormat, IptablesRuleset } from './types';

/** Options for {@link parseIptables}. */
export interface IptablesParseOptions {
  /**
   * The table a `-S` or `-L` listing came from (`iptables -t nat -S`), which the text itself
   * does not say. Without it the table is inferred from builtin chains and targets.
   */
  table?: string;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * Parses any iptables listing into tables → chains → rules:
 * - `iptables-save [-c]` (every table; `[pkts:bytes]` before rules and on chain headers),
 * - kube-proxy's `iptables-restore` input (no builtin chain headers, its own option order),
 * - `iptables [-t nat] -S [CHAIN] [-v]`,
 * - `iptables [-t nat] -L [CHAIN] -n [-v] [-x] [--line-numbers]`, also piped through `column -t`.
 *
 * Sample lines: `-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU`
 * and `    0     0 KUBE-SVC-TCOU7JCQXEZGVUNU  udp  --  *  *  0.0.0.0/0  10.96.0.10  /* kube-system/kube-dns:dns cluster IP *\/ udp dpt:53`.
 *
 * Every rule keeps its 1-based line number and raw text. Lines that fit no format, and rule text
 * that cannot be tokenized, become warnings; the parser never throws.
 */
export function parseIptables(
  text: string,
  options: IptablesParseOptions = {},
): Parsed<IptablesRuleset> {
  const warnings = new WarningList();
  const builder = new RulesetBuilder(text);
  const save = newSaveState(text);
  const list = newListState();
  let lineNo = 0;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let stop = end;
    if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
    const start = pos;
    pos = end + 1;
    lineNo++;
    if (isBlank(text, start, stop)) continue;
    if (readSaveLine(builder, text, start, stop, lineNo, warnings, save)) continue;
    const line = text.slice(start, stop);
    if (readListLine(builder, line, lineNo, warnings, list)) continue;
    warnings.add(lineNo, 'not an iptables line', clip(line));
  }
  const tables = builder.finish(options.table);
  return { value: { format: formatOf(save, list.hasList), tables }, warnings: warnings.items };
}

function formatOf(save: SaveState, hasList: boolean): IptablesFormat {
  if (save.hasTableMarker) return save.hasBuiltinHeader ? 'save' : 'restore';
  if (save.hasSpecLine || save.hasRule) return 'spec';
  if (hasList) return 'list';
  return 'unknown';
}
