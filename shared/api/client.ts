import type { EventName, EventPayload, Params, RequestName, Result } from './contract';
import type { Reply } from './reply';

type CamelVerb<S extends string> = S extends `${infer D}:${infer V}` ? `${D}${Capitalize<V>}` : S;

/**
 * The backend as the renderer sees it: one function per request, named after it
 * (`workspace:list` → `workspaceList`), and a subscription to events. Implemented by the
 * Electron preload and by the serve-mode WebSocket client alike.
 */
export type KubelabApi = {
  [N in RequestName as CamelVerb<N>]: (params: Params<N>) => Promise<Reply<Result<N>>>;
} & {
  /** Subscribes to one event; returns the function that unsubscribes. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
};
