/**
 * The lab report: Markdown built from a journal alone, shaped like the study write-ups — a
 * heading per step, its explanation, each command and its output as code blocks, the
 * expectations with their results, and the graph after the step (the PNG the UI exported when
 * there is one, else a text picture of the topology and the snapshot JSON in the bundle).
 */
import type { CommandEntry, JournalEntry, SnapshotEntry } from '../../shared/model/runbook/journal';
import { Runbook, VAR_REF } from '../../shared/model/runbook/schema';
import type { Topology } from '../../shared/model/topology';

/** Output lines shown per command in the report; the journal keeps the rest. */
const REPORT_LINES = 60;

export interface ReportOptions {
  /** Problems the journal reader found (a torn last line), stated at the top. */
  problems?: { line: number; message: string }[];
  /** Snapshot JSON files written beside the report, by step (`topology/step-2.json`). */
  snapshotFiles?: Map<number | 'run-start', string>;
  /** A picture of each step's snapshot written beside the report (`topology/step-2.svg`). */
  images?: Map<number, string>;
}

/** Same nodes, ENIs, slots, pods and Services: when and how long the collection took aside. */
function sameTopology(a: Topology, b: Topology): boolean {
  const strip = ({ collectedAt: _, durationMs: __, ...rest }: Topology) => JSON.stringify(rest);
  return strip(a) === strip(b);
}

/** The first step, and steps whose end snapshot differs from the one before (drawn in the report). */
export function changedSteps(entries: readonly JournalEntry[]): Set<number> {
  const changed = new Set<number>();
  let previous: Topology | undefined;
  for (const e of entries) {
    if (e.kind !== 'snapshot' || e.reason === 'watch') continue;
    if (e.reason === 'step-end' && e.step !== undefined)
      // The first step always gets a picture: the lab as it was found.
      if (changed.size === 0 || !previous || !sameTopology(previous, e.topology))
        changed.add(e.step);
    previous = e.topology;
  }
  return changed;
}

/** A fence longer than any backtick run inside `text`. */
function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text.replace(/\n$/, '')}\n${f}`;
}

function clip(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= REPORT_LINES) return lines.join('\n');
  return `${lines.slice(0, REPORT_LINES).join('\n')}\n… (${lines.length - REPORT_LINES} more lines in the journal)`;
}

/** VPC ⊃ node ⊃ ENI with used/warm slots: the graph as text. */
export function topologyText(t: Topology): string {
  const lines: string[] = [];
  for (const v of t.vpcs) lines.push(`${v.id} ${v.name ?? ''} ${v.cidrs.join(' ')}`.trim());
  for (const p of t.peerings) lines.push(`${p.id} ${p.requesterVpcId} ↔ ${p.accepterVpcId}`);
  if (t.operator) lines.push(`operator ${t.operator.hostId} ${t.operator.privateIp ?? ''}`.trim());
  for (const n of t.nodes) {
    lines.push(
      `${n.hostId ?? '?'} ${n.nodeName ?? ''} ${n.primaryIp ?? ''}: ${n.enis.length} ENIs`,
    );
    for (const e of n.enis) {
      const used = e.slots.filter((s) => s.state === 'assigned').length;
      const warm = e.slots.filter((s) => s.state === 'warm').length;
      lines.push(
        `  ${e.interfaceName ?? '?'} ${e.id ?? ''} ${e.primaryIp ?? ''}: ${used} pods, ${warm} warm`,
      );
    }
  }
  lines.push(`${t.pods.length} pods, ${t.services.length} services`);
  return lines.join('\n');
}

/** Where a command came from, when not from the runbook itself. */
const SOURCE_LABEL: Partial<Record<CommandEntry['source'], string>> = {
  panel: 'command panel',
  terminal: 'terminal',
  capture: 'capture',
};

function commandBlock(c: CommandEntry, runs: number): string {
  const exit =
    c.exitCode === null && c.signal === undefined && c.source === 'terminal'
      ? 'exit code not known'
      : `exit ${c.exitCode ?? c.signal ?? '?'}`;
  const status = c.error ? `failed: ${c.error.message}` : `${exit}, ${Math.round(c.durationMs)} ms`;
  const from = SOURCE_LABEL[c.source];
  const watched =
    (runs > 1 ? `, last of ${runs} runs` : '') +
    (from ? `, ${from} at ${c.at.slice(11, 19)} UTC` : '') +
    (c.continued ? ', output continued' : '');
  const out = [c.stdout, c.stderr].filter(Boolean).join(c.stdout.endsWith('\n') ? '' : '\n');
  const cut = c.truncated
    ? `\n… (${c.truncated.stdout + c.truncated.stderr} characters past the journal's bound)`
    : '';
  return [
    `**${c.hostId}** (${status}${watched})`,
    '',
    fence(`$ ${c.command}`, 'console'),
    '',
    out ? fence(clip(out) + cut) : '_(no output)_',
    ...(c.pcap ? ['', `Packets: [${c.pcap}](${c.pcap})`] : []),
  ].join('\n');
}

/** `${name}` in prose replaced by the value the run bound (left as written when it bound none). */
function withValues(text: string, entries: readonly JournalEntry[]): string {
  const vars: Record<string, string> = {};
  for (const e of entries) {
    if (e.kind === 'session-start') Object.assign(vars, e.variables);
    if (e.kind === 'bind') vars[e.name] = e.value;
  }
  return text.replace(VAR_REF, (whole, name: string) => vars[name] ?? whole);
}

/** Builds the Markdown report from journal entries. */
export function buildReport(entries: readonly JournalEntry[], options: ReportOptions = {}): string {
  const start = entries.find((e) => e.kind === 'session-start');
  const end = entries.find((e) => e.kind === 'session-end');
  const runbook = Runbook.safeParse(start?.runbook);
  const rb = runbook.success ? runbook.data : undefined;
  if (start?.scope === 'workspace') return workspaceReport(entries, options);
  const out: string[] = [`# ${rb?.title ?? 'Lab journal'}`, ''];
  if (start)
    out.push(
      `Run on \`${start.target}\` (${start.hosts.map((h) => `${h.id} ${h.address}`).join(', ')}), started ${start.at}.`,
    );
  if (end)
    out.push(
      end.ok
        ? `**Result: passed** in ${(end.durationMs / 1000).toFixed(1)} s.`
        : `**Result: failed** at step ${(end.failedStep ?? 0) + 1}: ${end.error ?? ''}`,
    );
  else
    out.push(
      '**Result: unfinished** — the journal ends before the run did (killed or still running).',
    );
  for (const p of options.problems ?? []) out.push('', `> Journal line ${p.line}: ${p.message}`);
  if (rb?.intro) out.push('', withValues(rb.intro, entries).trim());
  const setup = entries.filter((e) => e.kind === 'bind' && e.step === undefined);
  if (setup.length > 0) {
    out.push('', '## Setup', '', 'Variables bound before the first step:', '');
    for (const b of setup) if (b.kind === 'bind') out.push(`- \`${b.name}\` = \`${b.value}\``);
  }
  const steps = [...new Set(entries.flatMap((e) => (e.kind === 'step-start' ? [e.step] : [])))];
  for (const s of steps) out.push('', ...stepSection(s, entries, rb, options));
  const loose = entries.filter(
    (e) => e.kind === 'command' && e.step === undefined && e.source !== 'setup',
  );
  if (loose.length > 0) out.push('', '## Commands outside the steps', '', ...looseSection(loose));
  const notes = entries.filter((e) => e.kind === 'note' && e.step === undefined);
  for (const n of notes) if (n.kind === 'note') out.push('', n.text);
  return `${out.join('\n')}\n`;
}

/** Commands and notes outside any step, in the order they were journaled. */
function looseSection(entries: readonly JournalEntry[]): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (e.kind === 'command') out.push(commandBlock(e, 1), '');
    if (e.kind === 'note') out.push(`> ${e.at.slice(11, 19)} UTC — ${e.text}`, '');
    if (e.kind === 'image') out.push(`![${e.caption ?? 'Topology'}](${e.file})`, '');
  }
  return out;
}

/** The workspace's ad-hoc journal: what was run, where and when, with no runbook around it. */
function workspaceReport(entries: readonly JournalEntry[], options: ReportOptions): string {
  const start = entries.find((e) => e.kind === 'session-start');
  const end = entries.find((e) => e.kind === 'session-end');
  const out: string[] = [`# Workspace journal: ${start?.target ?? ''}`, ''];
  if (start)
    out.push(
      `Commands run in \`${start.target}\` (${start.hosts.map((h) => `${h.id} ${h.address}`).join(', ')}) from the command panel, terminals and captures, journaled from ${start.at}${end ? ` to ${end.at}` : ''}.`,
    );
  for (const p of options.problems ?? []) out.push('', `> Journal line ${p.line}: ${p.message}`);
  const commands = entries.filter((e) => e.kind === 'command').length;
  out.push('', `## Commands (${commands})`, '');
  out.push(...looseSection(entries.filter((e) => e.kind !== 'note' || e.step === undefined)));
  return `${out.join('\n').trimEnd()}\n`;
}

function stepSection(
  s: number,
  entries: readonly JournalEntry[],
  rb: Runbook | undefined,
  options: ReportOptions,
): string[] {
  const mine = entries.filter((e) => 'step' in e && e.step === s);
  const started = mine.find((e) => e.kind === 'step-start');
  const ended = mine.find((e) => e.kind === 'step-end');
  const mark = ended === undefined ? '(unfinished)' : ended.ok ? '✅' : '❌';
  const title = started?.kind === 'step-start' ? started.title : `Step ${s + 1}`;
  const out = [`## ${s + 1}. ${title} ${mark}`];
  const explain = rb?.steps[s]?.explain;
  if (explain) out.push('', withValues(explain, entries).trim());
  const commands = mine.filter((e): e is CommandEntry => e.kind === 'command');
  // A watch journals every run; the report shows the last one per host and command.
  const lastOf = new Map<string, { entry: CommandEntry; runs: number }>();
  for (const c of commands) {
    const key = `${c.source}|${c.hostId}|${c.command}`;
    lastOf.set(key, { entry: c, runs: (lastOf.get(key)?.runs ?? 0) + 1 });
  }
  const runs = [...lastOf.values()].filter((x) => x.entry.source !== 'cleanup');
  const cleanups = [...lastOf.values()].filter((x) => x.entry.source === 'cleanup');
  for (const { entry, runs: n } of runs) out.push('', commandBlock(entry, n));
  for (const b of mine)
    if (b.kind === 'bind') out.push('', `Bound \`${b.name}\` = \`${b.value}\`.`);
  const expects = mine.filter((e) => e.kind === 'expect');
  if (expects.length > 0) {
    out.push('', '**Expectations**', '');
    for (const e of expects)
      if (e.kind === 'expect') out.push(`- ${e.ok ? '✅' : '❌'} ${e.name} — ${e.why}`);
  }
  if (
    ended?.kind === 'step-end' &&
    !ended.ok &&
    ended.error &&
    expects.every((e) => e.kind !== 'expect' || e.ok)
  )
    out.push('', `**Failed:** ${ended.error}`);
  for (const n of mine) if (n.kind === 'note') out.push('', `> ${n.text}`);
  const images = mine.filter((e) => e.kind === 'image');
  for (const i of images)
    if (i.kind === 'image') out.push('', `![${i.caption ?? 'Topology'}](${i.file})`);
  const snap = [...mine]
    .reverse()
    .find((e): e is SnapshotEntry => e.kind === 'snapshot' && e.reason === 'step-end');
  if (snap && images.length === 0) {
    if (!changedSteps(entries).has(s)) {
      out.push('', '_Topology unchanged by this step._');
    } else {
      const file = options.snapshotFiles?.get(s);
      const image = options.images?.get(s);
      if (image) out.push('', `![Topology after step ${s + 1}](${image})`);
      out.push(
        '',
        '<details><summary>Topology after this step</summary>',
        '',
        fence(topologyText(snap.topology)),
        '',
        file ? `Snapshot: [${file}](${file})` : '',
        '</details>',
      );
    }
  }
  if (cleanups.length > 0) {
    out.push('', '**Cleanup**');
    for (const { entry, runs: n } of cleanups) out.push('', commandBlock(entry, n));
  }
  return out;
}
