import type { KubelabApi } from '../../../shared/api/client';

/** How the UI reaches the backend: Electron's preload bridge, or `kubelab serve`'s socket. */
export type Transport = 'electron' | 'websocket';

/** Where the link to the backend stands, as the status bar shows it. */
export type BackendStatus =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'connected' }
  /** Dropped; the next attempt starts at `retryAt` (epoch ms). */
  | { kind: 'waiting'; attempt: number; retryAt: number }
  /** The page has no access token, or the server refused it: retrying cannot help. */
  | { kind: 'unauthorized'; message: string };

/** The API plus what the UI needs to know about the link it runs over. */
export interface Backend {
  readonly api: KubelabApi;
  readonly transport: Transport;
  status: () => BackendStatus;
  /** Calls `listener` on every status change; returns the function that unsubscribes. */
  onStatus: (listener: (status: BackendStatus) => void) => () => void;
  /** Skips the rest of a reconnect wait (a "Retry now" button). */
  reconnectNow: () => void;
}
