/** Helpers for tests that watch the events a backend session emits. */
import type { EventName, EventPayload } from '../../shared/api/contract';

/** Any one event, discriminated by `name`. */
export type RecordedEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** An emitter that keeps every event, in order. */
export function recorder(): {
  events: RecordedEvent[];
  emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
} {
  const events: RecordedEvent[] = [];
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => {
    events.push({ name, payload } as RecordedEvent);
  };
  return { events, emit };
}

/** Resolves once `check` holds, polling every 5 ms; rejects after `ms`. */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
