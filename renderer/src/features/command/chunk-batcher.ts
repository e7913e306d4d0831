/** What the batcher needs from its surroundings; injected so it can be tested without a DOM. */
export interface ChunkBatcherOptions {
  /** Runs `flush` once soon, e.g. on the next animation frame. */
  schedule: (flush: () => void) => void;
  /**
   * Appends each stream's text to the UI's buffers in one go; returns the streams it placed.
   * A stream it does not know yet (its `command:start` reply is still on the way) stays held.
   */
  deliver: (batch: ReadonlyMap<string, string>) => ReadonlySet<string>;
  /** Tells the backend the UI has taken `bytes` more of a stream. */
  ack: (streamId: string, bytes: number) => void;
}

export interface ChunkBatcher {
  push: (streamId: string, data: string) => void;
  /** Delivers everything held now (before a stream's end is applied, say). */
  flush: () => void;
  /** Streams with data held but not delivered. */
  heldStreams: () => string[];
  /** Forgets what is held for a stream nobody will claim. */
  discard: (streamId: string) => void;
}

/**
 * Collects `stream:data` chunks and hands them to the UI once per frame: one store update and
 * one `stream:ack` per stream per frame instead of one per chunk. The ack is sent only after
 * the text is in the buffer, so a backend that pauses above its high-water mark resumes at the
 * pace the UI really takes output. Acked sizes are UTF-16 code units (`string.length`), which
 * is what the backend counts.
 */
export function createChunkBatcher(options: ChunkBatcherOptions): ChunkBatcher {
  const held = new Map<string, string>();
  let isScheduled = false;

  function flush(): void {
    isScheduled = false;
    if (held.size === 0) return;
    const placed = options.deliver(held);
    for (const streamId of placed) {
      const text = held.get(streamId);
      held.delete(streamId);
      if (text !== undefined && text.length > 0) options.ack(streamId, text.length);
    }
  }

  return {
    push(streamId, data) {
      if (data.length === 0) return;
      held.set(streamId, (held.get(streamId) ?? '') + data);
      if (!isScheduled) {
        isScheduled = true;
        options.schedule(flush);
      }
    },
    flush,
    heldStreams: () => [...held.keys()],
    discard: (streamId) => void held.delete(streamId),
  };
}
