/**
 * `kubelab lab export`: the report from a journal directory, and optionally a zip bundle of
 * everything a reader needs without the cluster — the journal, the report, pcaps and graph
 * images kept beside the journal, and each step's topology snapshot as JSON.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import type { JournalRead, SnapshotEntry } from '../../shared/model/runbook/journal';
import { JOURNAL_FILE, readJournal } from './journal';
import { buildReport, changedSteps } from './report';
import { topologySvg } from './topology-svg';

export interface ExportResult {
  read: JournalRead;
  markdown: string;
  /** Paths inside the bundle, when one was written. */
  bundled?: string[];
}

/** Each step's last snapshot (and the run's first) as `topology/<name>.json` → content. */
function snapshotFiles(
  read: JournalRead,
): Map<number | 'run-start', { file: string; json: string }> {
  const files = new Map<number | 'run-start', { file: string; json: string }>();
  for (const e of read.entries) {
    if (e.kind !== 'snapshot') continue;
    const snap: SnapshotEntry = e;
    if (snap.reason === 'run-start')
      files.set('run-start', {
        file: 'topology/run-start.json',
        json: JSON.stringify(snap.topology, null, 2),
      });
    else if (snap.reason === 'step-end' && snap.step !== undefined)
      files.set(snap.step, {
        file: `topology/step-${snap.step + 1}.json`,
        json: JSON.stringify(snap.topology, null, 2),
      });
  }
  return files;
}

/** Files of a folder beside the journal (`pcaps`, `images`), as bundle paths → bytes. */
function folder(dir: string, name: string): Record<string, Uint8Array> {
  const full = path.join(dir, name);
  if (!existsSync(full)) return {};
  const out: Record<string, Uint8Array> = {};
  for (const f of readdirSync(full, { withFileTypes: true }))
    if (f.isFile()) out[`${name}/${f.name}`] = readFileSync(path.join(full, f.name));
  return out;
}

/** Writes the report to `mdPath` and, when asked, the bundle to `zipPath`. */
export function exportJournal(dir: string, mdPath: string, zipPath?: string): ExportResult {
  const read = readJournal(dir);
  const snaps = snapshotFiles(read);
  const titles = new Map(
    read.entries.flatMap((e) => (e.kind === 'step-start' ? [[e.step, e.title] as const] : [])),
  );
  // Pictures go beside the report (and into the bundle) under the same relative path.
  const svgs = new Map<number, { file: string; svg: string }>();
  const changed = changedSteps(read.entries);
  for (const e of read.entries)
    if (
      e.kind === 'snapshot' &&
      e.reason === 'step-end' &&
      e.step !== undefined &&
      changed.has(e.step)
    )
      svgs.set(e.step, {
        file: `topology/step-${e.step + 1}.svg`,
        svg: topologySvg(e.topology, `After step ${e.step + 1}: ${titles.get(e.step) ?? ''}`),
      });
  const markdown = buildReport(read.entries, {
    problems: read.problems,
    images: new Map([...svgs].map(([k, v]) => [k, v.file])),
    ...(zipPath ? { snapshotFiles: new Map([...snaps].map(([k, v]) => [k, v.file])) } : {}),
  });
  writeFileSync(mdPath, markdown);
  const besideMd = path.dirname(path.resolve(mdPath));
  mkdirSync(path.join(besideMd, 'topology'), { recursive: true });
  for (const { file, svg } of svgs.values()) writeFileSync(path.join(besideMd, file), svg);
  if (!zipPath) return { read, markdown };
  const enc = new TextEncoder();
  const files: Record<string, Uint8Array> = {
    'report.md': enc.encode(markdown),
    [JOURNAL_FILE]: readFileSync(path.join(dir, JOURNAL_FILE)),
    ...folder(dir, 'pcaps'),
    ...folder(dir, 'images'),
  };
  for (const { file, json } of snaps.values()) files[file] = enc.encode(json);
  for (const { file, svg } of svgs.values()) files[file] = enc.encode(svg);
  writeFileSync(zipPath, zipSync(files, { level: 6 }));
  return { read, markdown, bundled: Object.keys(files) };
}
