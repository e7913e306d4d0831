import type { BackendStatus } from '../api/backend';

export type StatusTone = 'ok' | 'busy' | 'error';

/** The status bar's words for the link to the backend. */
export function describeBackend(
  status: BackendStatus,
  now: number,
): { label: string; tone: StatusTone; detail?: string } {
  switch (status.kind) {
    case 'connected':
      return { label: 'Connected', tone: 'ok' };
    case 'connecting':
      return {
        label: status.attempt > 1 ? `Reconnecting (attempt ${status.attempt})…` : 'Connecting…',
        tone: 'busy',
      };
    case 'waiting': {
      const seconds = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
      return {
        label: `Disconnected · retrying in ${seconds} s`,
        tone: 'error',
        detail:
          'kubelab serve is not reachable. If it was restarted, open the new URL it printed: ' +
          'each run has its own token.',
      };
    }
    case 'unauthorized':
      return { label: 'Not authorized', tone: 'error', detail: status.message };
  }
}
