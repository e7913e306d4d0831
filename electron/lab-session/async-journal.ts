/**
 * The journal file written without holding up the event loop: the same format and guarantee as
 * `openJournal` (one write per line, flushed to disk before the next), through `fs/promises`, so
 * a slow or stalled disk delays only the journal, never a terminal or a command's reply.
 */
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import {
  JOURNAL_VERSION,
  type JournalEntry,
  type NewJournalEntry,
} from '../../shared/model/runbook/journal';
import { JOURNAL_FILE } from './journal';

export interface AsyncJournalWriter {
  readonly dir: string;
  /** Appends one entry; resolves once it is on disk, with the entry as written. */
  append(entry: NewJournalEntry): Promise<JournalEntry>;
  close(): Promise<void>;
}

/** Opens (creating) the journal in `dir` for appending; entries already there are kept. */
export async function openJournalAsync(dir: string): Promise<AsyncJournalWriter> {
  await mkdir(dir, { recursive: true });
  const handle = await open(path.join(dir, JOURNAL_FILE), 'a');
  let isClosed = false;
  return {
    dir,
    async append(entry) {
      if (isClosed) throw new Error(`journal in ${dir} is closed`);
      const written = {
        v: JOURNAL_VERSION,
        at: new Date().toISOString(),
        ...entry,
      } as JournalEntry;
      const line = Buffer.from(`${JSON.stringify(written)}\n`, 'utf8');
      // One write per line (looping only on a short write) keeps lines whole beside other writers.
      let off = 0;
      while (off < line.length)
        off += (await handle.write(line, off, line.length - off)).bytesWritten;
      await handle.datasync();
      return written;
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      await handle.close();
    },
  };
}
