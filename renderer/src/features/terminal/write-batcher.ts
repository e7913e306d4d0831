/** Writes text somewhere slow and calls `done` once it has been taken in. */
export type Writer = (data: string, done: () => void) => void;

/**
 * The most one write hands xterm. xterm parses a write in one go and yields to the page only
 * between writes (after ~12 ms of them), so a flood written in 256 KiB lumps would block the
 * page for long stretches; 16 KiB pieces keep keys and other terminals flowing.
 */
export const MAX_WRITE = 16 * 1024;

/**
 * Batches output for a terminal: one write at a time; whatever arrives meanwhile goes in the
 * next write as one string (up to `maxWrite`), and each piece's `done` runs when the write that
 * carried its last character has been parsed. Acknowledging from `done` (not on arrival) is
 * what makes the backend's flow control follow the pace the terminal really renders at.
 */
export function createWriteBatcher(
  write: Writer,
  options: {
    maxWrite?: number;
    /**
     * Runs the next write of a flood later (the next animation frame), so the page gets a turn
     * between full-size writes: keys, other terminals, painting. Small writes go at once.
     */
    defer?: (next: () => void) => void;
  } = {},
): {
  push: (data: string, done: () => void) => void;
  /** Pieces held, waiting for the write in flight. */
  held: () => number;
  /** Drops what is held but not written (each piece still reports done, so it is acked). */
  discard: () => void;
} {
  const maxWrite = options.maxWrite ?? MAX_WRITE;
  const defer = options.defer ?? ((next: () => void) => next());
  const queue: { data: string; done: () => void }[] = [];
  let isWriting = false;

  function take(): { data: string; dones: (() => void)[] } {
    let data = '';
    const dones: (() => void)[] = [];
    while (queue.length > 0 && data.length < maxWrite) {
      const piece = queue[0];
      if (piece === undefined) break;
      const room = maxWrite - data.length;
      if (piece.data.length <= room) {
        data += piece.data;
        dones.push(piece.done);
        queue.shift();
      } else {
        data += piece.data.slice(0, room);
        queue[0] = { data: piece.data.slice(room), done: piece.done };
      }
    }
    return { data, dones };
  }

  function next(): void {
    if (queue.length === 0) {
      isWriting = false;
      return;
    }
    isWriting = true;
    const batch = take();
    write(batch.data, () => {
      for (const done of batch.dones) done();
      if (batch.data.length >= maxWrite) defer(next);
      else next();
    });
  }

  return {
    push(data, done) {
      queue.push({ data, done });
      if (!isWriting) next();
    },
    held: () => queue.length,
    discard() {
      const dropped = queue.splice(0);
      for (const piece of dropped) piece.done();
    },
  };
}
