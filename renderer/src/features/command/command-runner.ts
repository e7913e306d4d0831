import type { StreamEnd } from '../../../../shared/model/command';
import type { Backend } from '../../api/backend';
import { useAppStore } from '../../state/app-store';
import { plural } from '../../lib/format';
import { createChunkBatcher } from './chunk-batcher';
import { useCommandStore } from './command-store';
import { isFinished, liveStreams, summarizeRun } from './run-model';

/** What the command panel asks of the backend. */
export interface CommandRunner {
  /** Starts `command` on the hosts; a run still going in the workspace is stopped first. */
  run: (workspaceId: string, command: string, hostIds: string[]) => Promise<void>;
  stop: (workspaceId: string, hostId: string) => void;
  stopAll: (workspaceId: string) => void;
  dispose: () => void;
}

export interface CommandRunnerOptions {
  schedule?: (flush: () => void) => void;
  note?: (text: string) => void;
}

/**
 * Next animation frame, or 100 ms when frames are not coming (a hidden tab), so output and its
 * acks keep moving either way.
 */
function scheduleFrame(flush: () => void): void {
  let isDone = false;
  const once = () => {
    if (isDone) return;
    isDone = true;
    flush();
  };
  requestAnimationFrame(once);
  setTimeout(once, 100);
}

/**
 * Runs commands through `command:start` and routes their `stream:*` events into the command
 * store. Output may overtake the reply that names its stream, so data and ends of unknown
 * streams are held while a start is in flight; anything still unclaimed after that belongs to
 * nobody and its stream is cancelled rather than left paused on the backend.
 */
export function createCommandRunner(
  backend: Backend,
  options: CommandRunnerOptions = {},
): CommandRunner {
  const { api } = backend;
  const store = useCommandStore.getState;
  const note = options.note ?? ((text: string) => useAppStore.getState().noteAction(text));
  const earlyEnds = new Map<string, StreamEnd>();
  let startsInFlight = 0;
  let wasConnected = backend.status().kind === 'connected';

  const batcher = createChunkBatcher({
    schedule: options.schedule ?? scheduleFrame,
    deliver: (batch) => store().deliver(batch),
    ack: (streamId, bytes) => void api.streamAck({ streamId, bytes }),
  });

  function cancel(streamId: string): void {
    // A stream that ended meanwhile answers not-found; its end event tells the rest.
    void api.streamCancel({ streamId });
  }

  function applyEnd(end: StreamEnd): boolean {
    const workspaceId = store().ended(end);
    if (workspaceId === null) return false;
    const run = store().runs[workspaceId];
    if (run !== undefined && run.outputs[end.hostId]?.end === end && isFinished(run)) {
      note(summarizeRun(run));
    }
    return true;
  }

  function settle(): void {
    batcher.flush();
    for (const [streamId, end] of earlyEnds) {
      if (applyEnd(end)) earlyEnds.delete(streamId);
    }
    if (startsInFlight > 0) return;
    for (const streamId of batcher.heldStreams()) {
      batcher.discard(streamId);
      cancel(streamId);
    }
    earlyEnds.clear();
  }

  function stop(workspaceId: string, hostId: string): void {
    const output = store().runs[workspaceId]?.outputs[hostId];
    if (output === undefined || output.streamId === null || output.phase !== 'running') return;
    store().stopping(workspaceId, hostId);
    cancel(output.streamId);
  }

  const unsubscribe = [
    api.on('stream:data', ({ streamId, data }) => batcher.push(streamId, data)),
    api.on('stream:end', (end) => {
      batcher.flush();
      if (!applyEnd(end) && startsInFlight > 0) earlyEnds.set(end.streamId, end);
    }),
    backend.onStatus((status) => {
      const isConnected = status.kind === 'connected';
      if (wasConnected && !isConnected) store().connectionLost();
      wasConnected = isConnected;
    }),
  ];

  return {
    async run(workspaceId, command, hostIds) {
      const previous = store().runs[workspaceId];
      if (previous !== undefined) {
        for (const { streamId } of liveStreams(previous)) cancel(streamId);
      }
      const run = store().begin(workspaceId, command, hostIds);
      startsInFlight += 1;
      const reply = await api.commandStart({ workspaceId, hostIds, command });
      startsInFlight -= 1;
      if (reply.ok) {
        const isCurrent = store().runs[workspaceId]?.id === run.id;
        store().started(workspaceId, run.id, reply.value.streams);
        if (!isCurrent) for (const { streamId } of reply.value.streams) cancel(streamId);
        else note(`Running ${command} on ${plural(hostIds.length, 'host')}`);
      } else {
        store().failed(workspaceId, run.id, reply.error);
        note(`Could not run ${command}: ${reply.error.message}`);
      }
      settle();
    },

    stop,

    stopAll(workspaceId) {
      const run = store().runs[workspaceId];
      if (run === undefined) return;
      for (const { hostId } of liveStreams(run)) stop(workspaceId, hostId);
    },

    dispose() {
      for (const off of unsubscribe) off();
    },
  };
}
