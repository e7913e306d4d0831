/** Writes text somewhere slow and calls `done` once it has been taken in. */
export type Writer = (data: string, done: () => void) => void;

/**
 * Batches output for a terminal: one write at a time; whatever arrives meanwhile goes in the
 * next write as one string, and each piece's `done` runs when the write that carried it has
 * been parsed. Acknowledging from `done` (not on arrival) is what makes the backend's flow
 * control follow the pace the terminal really renders at.
 */
export function createWriteBatcher(write: Writer): {
  push: (data: string, done: () => void) => void;
  /** Pieces held, waiting for the write in flight. */
  held: () => number;
} {
  let queue: { data: string; done: () => void }[] = [];
  let isWriting = false;

  function next(): void {
    if (queue.length === 0) {
      isWriting = false;
      return;
    }
    const batch = queue;
    queue = [];
    isWriting = true;
    write(batch.map((p) => p.data).join(''), () => {
      for (const piece of batch) piece.done();
      next();
    });
  }

  return {
    push(data, done) {
      queue.push({ data, done });
      if (!isWriting) next();
    },
    held: () => queue.length,
  };
}
