/**
 * The lab journal on disk: `DIR/journal.jsonl`, append-only, one entry a line. Each append is
 * one write of the whole line followed by fsync before it returns, so a crash or `kill -9` loses
 * nothing appended before it; at worst the line being written is torn, which the reader reports.
 * Anything that runs commands (runner, command panel, terminal, capture) appends through here.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import {
  JOURNAL_VERSION,
  parseJournal,
  type JournalEntry,
  type JournalRead,
  type NewJournalEntry,
} from '../../shared/model/runbook/journal';

export const JOURNAL_FILE = 'journal.jsonl';

export interface JournalWriter {
  readonly dir: string;
  readonly file: string;
  /** Appends one entry and flushes it to disk before returning; returns the entry as written. */
  append(entry: NewJournalEntry): JournalEntry;
  close(): void;
}

/** Opens (creating) the journal in `dir` for appending; entries already there are kept. */
export function openJournal(dir: string): JournalWriter {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, JOURNAL_FILE);
  let fd: number | undefined = openSync(file, 'a');
  return {
    dir,
    file,
    append(entry) {
      if (fd === undefined) throw new Error(`journal ${file} is closed`);
      const written = {
        v: JOURNAL_VERSION,
        at: new Date().toISOString(),
        ...entry,
      } as JournalEntry;
      const line = Buffer.from(`${JSON.stringify(written)}\n`, 'utf8');
      // One write per line (looping only on a short write) keeps lines whole between processes.
      let off = 0;
      while (off < line.length) off += writeSync(fd, line, off, line.length - off);
      fsyncSync(fd);
      return written;
    },
    close() {
      if (fd === undefined) return;
      closeSync(fd);
      fd = undefined;
    },
  };
}

/** Reads the journal in `dir` (see {@link parseJournal}). Throws only if the file cannot be read. */
export function readJournal(dir: string): JournalRead {
  return parseJournal(readFileSync(path.join(dir, JOURNAL_FILE), 'utf8'));
}
