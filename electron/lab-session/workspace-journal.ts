/**
 * The workspace journal: every command run in a workspace outside a runbook — the command panel,
 * terminals, captures — is journaled. While a runbook runs in the workspace its entries go into
 * that run's journal (with the step then running); otherwise into the workspace's ad-hoc session,
 * created on the first such command: `lab-<time>-workspace-<id>` in the same journals folder,
 * so the Lab tab lists, replays and exports it like a runbook session. One ad-hoc session per
 * workspace per backend process and UTC day: the first command after midnight starts a new one.
 *
 * Writing never blocks or fails a command: entries are queued and written asynchronously, each
 * flushed to disk before the next, after the command's reply or event has gone out. A
 * journal that cannot be written is reported once per session as `lab:journal-warning`; when
 * writing works again, a note says how many entries were lost and why.
 */
import { copyFile, link, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { JournalEntry, NewJournalEntry } from '../../shared/model/runbook/journal';
import type { EmitEvent } from '../core/stream-hub';
import { openJournalAsync, type AsyncJournalWriter } from './async-journal';

export interface JournaledHost {
  id: string;
  role: string;
  address: string;
}

export interface WorkspaceJournalOptions {
  /** The journals folder (the Lab tab's). */
  dir: string;
  /** The workspace's hosts, for the ad-hoc session's start (throws for an unknown workspace). */
  hostsOf(workspaceId: string): JournaledHost[];
  now?: () => Date;
  /** Opens a journal for appending (tests make it fail). */
  open?: (dir: string) => Promise<AsyncJournalWriter>;
}

/** A pcap to keep beside the journal: copied (or hard-linked) into its `pcaps/` folder. */
export interface PcapToKeep {
  from: string;
  /** The file name inside `pcaps/`. */
  name: string;
}

interface AdHoc {
  sessionId: string;
  dir: string;
  day: string;
  started: number;
  writer: AsyncJournalWriter | undefined;
}

interface AttachedRun {
  sessionId: string;
  dir: string;
  /** Told each entry written into the run's journal (the run's client hears it as `lab:entry`). */
  written: (entry: JournalEntry) => void;
  /** This journal's own handle on the run's file (the runner writes through another). */
  writer: AsyncJournalWriter | undefined;
  step: number | undefined;
}

/** What a running runbook session tells the workspace journal. */
export interface RunAttachment {
  /** An entry the run wrote (its step boundaries tell which step panel commands belong to). */
  seen(entry: JournalEntry): void;
  detach(): void;
}

const slug = (id: string) => id.toLowerCase().replace(/[^0-9a-z-]+/g, '-');

export class WorkspaceJournals {
  readonly dir: string;
  private readonly adHoc = new Map<string, AdHoc>();
  private readonly runs = new Map<string, AttachedRun[]>();
  private readonly listeners = new Set<EmitEvent>();
  private readonly failures = new Map<string, { count: number; message: string }>();
  private chain: Promise<void> = Promise.resolve();
  private readonly now: () => Date;
  private readonly open: (dir: string) => Promise<AsyncJournalWriter>;

  constructor(private readonly options: WorkspaceJournalOptions) {
    this.dir = options.dir;
    this.now = options.now ?? (() => new Date());
    this.open = options.open ?? openJournalAsync;
  }

  /** A client that hears warnings; returns how to stop. */
  listen(emit: EmitEvent): () => void {
    this.listeners.add(emit);
    return () => this.listeners.delete(emit);
  }

  /**
   * A runbook session running in `workspaceId` (its journal in `dir`): commands go into its
   * journal while it runs, each entry then passed to `written`.
   */
  attachRun(
    workspaceId: string,
    sessionId: string,
    dir: string,
    written: (entry: JournalEntry) => void,
  ): RunAttachment {
    const run: AttachedRun = { sessionId, dir, written, writer: undefined, step: undefined };
    this.runs.set(workspaceId, [...(this.runs.get(workspaceId) ?? []), run]);
    return {
      seen: (entry) => {
        if (entry.kind === 'step-start') run.step = entry.step;
        if (entry.kind === 'step-end' && run.step === entry.step) run.step = undefined;
      },
      detach: () => {
        const left = (this.runs.get(workspaceId) ?? []).filter((r) => r !== run);
        if (left.length > 0) this.runs.set(workspaceId, left);
        else this.runs.delete(workspaceId);
        // Entries already queued for the run still go to it; its handle closes after them.
        this.chain = this.chain.then(() => run.writer?.close().catch(() => undefined));
      },
    };
  }

  /**
   * Journals an entry of `workspaceId` (a command, a note) after what is already queued. Returns
   * at once; the write happens later and its failure is a warning, never the caller's error.
   */
  record(workspaceId: string, entry: NewJournalEntry, pcap?: PcapToKeep): void {
    // Routed when written: a run that started or ended meanwhile is taken into account.
    const run = this.runs.get(workspaceId)?.at(-1);
    // The step is the one running when the command ended, however long the disk takes.
    const full =
      run?.step !== undefined && !('step' in entry && entry.step !== undefined)
        ? ({ ...entry, step: run.step } as NewJournalEntry)
        : entry;
    this.chain = this.chain.then(() => this.write(workspaceId, full, run, pcap));
  }

  /** Resolves when everything recorded so far is on disk (or has failed). */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Whether `sessionId` is an ad-hoc session this backend still writes to. */
  isOpen(sessionId: string): boolean {
    return [...this.adHoc.values()].some((a) => a.sessionId === sessionId);
  }

  /** Ends the ad-hoc sessions (app quit): each gets its `session-end`. */
  async closeAll(): Promise<void> {
    await this.chain;
    for (const a of this.adHoc.values()) await this.end(a);
    this.adHoc.clear();
  }

  private async write(
    workspaceId: string,
    entry: NewJournalEntry,
    routed: AttachedRun | undefined,
    pcap?: PcapToKeep,
  ): Promise<void> {
    // A run detached meanwhile still takes what was meant for it.
    const run = routed;
    const target = run ?? (await this.adHocFor(workspaceId));
    const dir = target.dir;
    try {
      let full = entry;
      const writer = run
        ? (run.writer ??= await this.open(run.dir))
        : await this.writerOf(workspaceId, target as AdHoc);
      if (pcap !== undefined && full.kind === 'command')
        full = { ...full, pcap: await this.keepPcap(dir, pcap) };
      const written = await writer.append(full);
      run?.written(written);
      await this.recovered(target.sessionId, writer, run);
    } catch (cause) {
      this.failed(workspaceId, target.sessionId, dir, cause);
    }
  }

  private async adHocFor(workspaceId: string): Promise<AdHoc> {
    const now = this.now();
    const day = now.toISOString().slice(0, 10);
    const current = this.adHoc.get(workspaceId);
    if (current?.day === day) return current;
    if (current) await this.end(current);
    const stamp = now.toISOString().replace(/[:.]/g, '-').toLowerCase();
    const sessionId = `lab-${stamp}-workspace-${slug(workspaceId)}`.slice(0, 68);
    const fresh: AdHoc = {
      sessionId,
      dir: path.join(this.dir, sessionId),
      day,
      started: now.getTime(),
      writer: undefined,
    };
    this.adHoc.set(workspaceId, fresh);
    return fresh;
  }

  /** The ad-hoc session's writer, opened (and the session started) on first use. */
  private async writerOf(workspaceId: string, a: AdHoc): Promise<AsyncJournalWriter> {
    if (a.writer) return a.writer;
    const writer = await this.open(a.dir);
    try {
      await writer.append({
        kind: 'session-start',
        scope: 'workspace',
        target: workspaceId,
        hosts: this.options.hostsOf(workspaceId),
        variables: {},
      });
    } catch (cause) {
      await writer.close();
      throw cause;
    }
    a.writer = writer;
    return writer;
  }

  private async keepPcap(dir: string, pcap: PcapToKeep): Promise<string> {
    const name = `pcaps/${pcap.name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
    await mkdir(path.join(dir, 'pcaps'), { recursive: true });
    const to = path.join(dir, name);
    // A hard link costs nothing; across file systems (tmp vs. home) the file is copied.
    await link(pcap.from, to).catch(() => copyFile(pcap.from, to));
    return name;
  }

  private async end(a: AdHoc): Promise<void> {
    if (!a.writer) return;
    try {
      await a.writer.append({
        kind: 'session-end',
        ok: true,
        durationMs: this.now().getTime() - a.started,
      });
    } catch {
      // The session stays "unfinished" in the list: that is what the journal then says.
    }
    await a.writer.close().catch(() => undefined);
    a.writer = undefined;
  }

  private failed(workspaceId: string, sessionId: string, dir: string, cause: unknown): void {
    const message = cause instanceof Error ? cause.message : String(cause);
    const seen = this.failures.get(sessionId);
    if (seen) {
      seen.count += 1;
      return;
    }
    this.failures.set(sessionId, { count: 1, message });
    for (const emit of this.listeners)
      emit('lab:journal-warning', {
        workspaceId,
        sessionId,
        message: `The journal in ${dir} cannot be written (${message}); commands still run, but are not journaled until it can.`,
      });
  }

  private async recovered(
    sessionId: string,
    writer: AsyncJournalWriter,
    run: AttachedRun | undefined,
  ): Promise<void> {
    const lost = this.failures.get(sessionId);
    if (!lost) return;
    this.failures.delete(sessionId);
    const note = await writer.append({
      kind: 'note',
      text: `${lost.count} journal entries could not be written before this one (${lost.message}).`,
    });
    run?.written(note);
  }
}
