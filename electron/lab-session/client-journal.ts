/**
 * What one client (a window, a browser tab) runs, journaled into the workspace journal: the
 * command panel's runs (one entry per host), its watch (only the runs whose output changed), the
 * lines typed into its terminals, and its captures (one entry per host stream, with the pcap).
 * Output is seen by tapping the events the client is sent, so the journal holds what the user
 * was shown; the tap never throws into the event path.
 */
import type { ExecResult } from '../../shared/model/command';
import type { CaptureStreamEnd } from '../../shared/api/contract-capture';
import type { EventName, EventPayload } from '../../shared/api/contract';
import {
  MAX_OUTPUT_CHARS,
  boundOutput,
  type NewJournalEntry,
} from '../../shared/model/runbook/journal';
import type { EmitEvent } from '../core/stream-hub';
import { redactSecrets } from './redact';
import { TerminalLineTracker } from './terminal-lines';
import { cookTerminalText } from './terminal-text';
import type { PcapToKeep, WorkspaceJournals } from './workspace-journal';

/** Packet lines journaled per capture stream, after the counts. */
export const CAPTURE_LINES = 50;
/** A watch run more than this after the previous one of the same command is a new watch. */
const WATCH_GAP_MS = 60_000;

interface PanelStream {
  workspaceId: string;
  hostId: string;
  command: string;
  at: Date;
  raw: string;
  dropped: number;
}

interface CaptureStream {
  workspaceId: string;
  hostId: string;
  command: string;
  at: Date;
  lines: string[];
  pcap: string | undefined;
  captureId: string;
}

interface WatchState {
  runs: number;
  last: string;
  lastAt: number;
}

export class ClientJournal {
  /** The client's emit with the journal listening in; pass it to the hubs in place of `emit`. */
  readonly tap: EmitEvent;
  private readonly streams = new Map<string, PanelStream>();
  private readonly terminals = new Map<
    string,
    { workspaceId: string; tracker: TerminalLineTracker }
  >();
  private readonly captures = new Map<string, CaptureStream>();
  private readonly watches = new Map<string, WatchState>();
  private readonly unlisten: () => void;

  constructor(
    private readonly journals: WorkspaceJournals,
    emit: EmitEvent,
    private readonly options: { terminalIdleMs?: number } = {},
  ) {
    this.unlisten = journals.listen(emit);
    this.tap = <E extends EventName>(name: E, payload: EventPayload<E>) => {
      emit(name, payload);
      try {
        this.observe(name, payload);
      } catch {
        // Journaling must never break what the client is sent.
      }
    };
  }

  /** `command:exec` (the panel's watch runs through it): a host's run is journaled when it differs. */
  exec(workspaceId: string, command: string, results: readonly ExecResult[], at: Date): void {
    const now = Date.now();
    for (const r of results) {
      const key = `${workspaceId}\u0000${r.hostId}\u0000${command}`;
      const seen = this.watches.get(key);
      const state =
        seen && now - seen.lastAt < WATCH_GAP_MS ? seen : { runs: 0, last: '', lastAt: 0 };
      const fingerprint = JSON.stringify([r.exitCode, r.signal, r.error?.code, r.stdout, r.stderr]);
      state.runs += 1;
      state.lastAt = now;
      this.watches.set(key, state);
      if (state.runs > 1 && fingerprint === state.last) continue;
      state.last = fingerprint;
      const out = boundOutput(r.stdout);
      const err = boundOutput(r.stderr);
      this.record(workspaceId, {
        kind: 'command',
        at: at.toISOString(),
        source: 'panel',
        hostId: r.hostId,
        command,
        mode: 'watch',
        iteration: state.runs,
        end: new Date(at.getTime() + r.durationMs).toISOString(),
        durationMs: r.durationMs,
        exitCode: r.exitCode,
        ...(r.signal === undefined ? {} : { signal: r.signal }),
        ...(r.error === undefined ? {} : { error: r.error }),
        stdout: out.text,
        stderr: err.text,
        ...truncated(out.dropped, err.dropped),
      });
    }
  }

  /** `command:start`: one stream per host, journaled when it ends. */
  streamsStarted(
    workspaceId: string,
    command: string,
    streams: readonly { hostId: string; streamId: string }[],
  ): void {
    const at = new Date();
    for (const s of streams)
      this.streams.set(s.streamId, {
        workspaceId,
        hostId: s.hostId,
        command,
        at,
        raw: '',
        dropped: 0,
      });
  }

  terminalOpened(terminalId: string, workspaceId: string, hostId: string): void {
    const tracker = new TerminalLineTracker({
      ...(this.options.terminalIdleMs === undefined ? {} : { idleMs: this.options.terminalIdleMs }),
      emit: (rec) => {
        if (rec.kind === 'note') {
          this.record(workspaceId, {
            kind: 'note',
            at: rec.at.toISOString(),
            text: `${hostId}: ${rec.text}`,
          });
          return;
        }
        this.record(workspaceId, {
          kind: 'command',
          at: rec.at.toISOString(),
          source: 'terminal',
          hostId,
          command: rec.command,
          mode: 'once',
          end: rec.end.toISOString(),
          durationMs: rec.end.getTime() - rec.at.getTime(),
          // A shell does not say how a typed command exited; nothing is guessed.
          exitCode: null,
          stdout: rec.output,
          stderr: '',
          ...truncated(rec.dropped, 0),
          ...(rec.isContinued ? { continued: true } : {}),
        });
      },
    });
    this.terminals.set(terminalId, { workspaceId, tracker });
  }

  terminalInput(terminalId: string, data: string): void {
    try {
      this.terminals.get(terminalId)?.tracker.input(data);
    } catch {
      // As for output: the keys reached the shell whatever the journal made of them.
    }
  }

  /** `capture:start`: one entry per host stream when it ends; `pcapOf` names a kept pcap. */
  captureStarted(
    workspaceId: string,
    started: {
      captureId: string;
      command: string;
      streams: readonly { streamId: string; hostId: string }[];
    },
    pcapOf: (hostId: string) => string | undefined,
  ): void {
    const at = new Date();
    for (const s of started.streams)
      this.captures.set(s.streamId, {
        workspaceId,
        hostId: s.hostId,
        command: started.command,
        at,
        lines: [],
        pcap: pcapOf(s.hostId),
        captureId: started.captureId,
      });
  }

  /**
   * The client went away: its terminals' pending lines are written now; its streams and
   * captures, being ended by the session, are journaled as their ends arrive.
   */
  close(): void {
    for (const t of this.terminals.values()) t.tracker.end();
    this.terminals.clear();
    this.unlisten();
  }

  private observe<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const handle = this.observers[name as keyof ClientJournal['observers']] as
      ((p: EventPayload<E>) => void) | undefined;
    handle?.(payload);
  }

  /** The events the journal listens to; the others pass by. */
  private readonly observers: {
    [
      N in
        | 'stream:data'
        | 'stream:end'
        | 'terminal:data'
        | 'terminal:exit'
        | 'capture:packets'
        | 'capture:stream-end'
    ]: (p: EventPayload<N>) => void;
  } = {
    'stream:data': (p) => {
      const s = this.streams.get(p.streamId);
      if (!s) return;
      const room = Math.max(0, 2 * MAX_OUTPUT_CHARS - s.raw.length);
      s.raw += p.data.slice(0, room);
      s.dropped += Math.max(0, p.data.length - room);
    },
    'stream:end': (p) => this.streamEnded(p),
    'terminal:data': (p) => this.terminals.get(p.terminalId)?.tracker.output(p.data),
    'terminal:exit': (p) => {
      this.terminals.get(p.terminalId)?.tracker.end();
      this.terminals.delete(p.terminalId);
    },
    'capture:packets': (p) => {
      const c = this.captures.get(p.streamId);
      if (!c) return;
      for (const packet of p.packets) if (c.lines.length < CAPTURE_LINES) c.lines.push(packet.raw);
    },
    'capture:stream-end': (p) => this.captureEnded(p),
  };

  /** Journals an entry with key material in its command and output withheld. */
  private record(workspaceId: string, entry: NewJournalEntry, pcap?: PcapToKeep): void {
    const clean =
      entry.kind === 'command'
        ? {
            ...entry,
            command: redactSecrets(entry.command),
            stdout: redactSecrets(entry.stdout),
            stderr: redactSecrets(entry.stderr),
          }
        : entry;
    this.journals.record(workspaceId, clean, pcap);
  }

  private streamEnded(end: EventPayload<'stream:end'>): void {
    const s = this.streams.get(end.streamId);
    if (!s) return;
    this.streams.delete(end.streamId);
    // Panel streams run on a pty: stdout and stderr arrive as one, with the terminal's codes.
    const out = boundOutput(cookTerminalText(s.raw));
    this.record(s.workspaceId, {
      kind: 'command',
      at: s.at.toISOString(),
      source: 'panel',
      hostId: s.hostId,
      command: s.command,
      mode: 'once',
      end: new Date().toISOString(),
      durationMs: end.durationMs,
      exitCode: end.exitCode,
      ...(end.signal === undefined ? {} : { signal: end.signal }),
      ...(end.error === undefined ? {} : { error: end.error }),
      stdout: out.text,
      stderr: '',
      ...truncated(out.dropped + s.dropped, 0),
    });
  }

  private captureEnded(end: CaptureStreamEnd): void {
    const c = this.captures.get(end.streamId);
    if (!c) return;
    this.captures.delete(end.streamId);
    const shown = end.packets > c.lines.length ? ` (the first ${c.lines.length} below)` : '';
    const summary = [
      `${end.packets} packets captured on ${end.iface}, ${end.dropped} not shown live (the view fell behind); ended: ${end.reason}${shown}`,
      ...(end.pcap
        ? [`pcap: ${end.pcap.bytes} bytes${end.pcap.truncated ? ' (cut at its size limit)' : ''}`]
        : []),
    ];
    const out = boundOutput([...summary, ...c.lines].join('\n'));
    const entry: NewJournalEntry = {
      kind: 'command',
      at: c.at.toISOString(),
      source: 'capture',
      hostId: c.hostId,
      command: c.command,
      mode: 'capture',
      end: new Date().toISOString(),
      durationMs: end.durationMs,
      exitCode: end.exitCode,
      ...(end.signal === undefined ? {} : { signal: end.signal }),
      ...(end.error === undefined ? {} : { error: end.error }),
      stdout: out.text,
      stderr: end.message ?? '',
      ...truncated(out.dropped, 0),
    };
    const pcap =
      c.pcap !== undefined && end.pcap !== undefined
        ? { from: c.pcap, name: `${c.hostId}-${c.captureId}-${Date.now()}.pcap` }
        : undefined;
    this.record(c.workspaceId, entry, pcap);
  }
}

function truncated(stdout: number, stderr: number) {
  return stdout > 0 || stderr > 0 ? { truncated: { stdout, stderr } } : {};
}
