import type { ConnectionState, HostRole } from '../../../../shared/model/workspace';

export type StateTone = 'idle' | 'busy' | 'ok' | 'error';

/** How a host's connection state reads in the sidebar: words for everyone, a colour for the dot. */
export function describeState(state: ConnectionState): { label: string; tone: StateTone } {
  switch (state.kind) {
    case 'idle':
      return { label: 'not connected', tone: 'idle' };
    case 'connecting':
      return { label: 'connecting', tone: 'busy' };
    case 'connected':
      return { label: 'connected', tone: 'ok' };
    case 'reconnecting':
      return { label: `reconnecting (attempt ${state.attempt})`, tone: 'busy' };
    case 'failed':
      return { label: `failed: ${state.reason}`, tone: 'error' };
  }
}

export const ROLE_LABELS: Record<HostRole, string> = {
  operator: 'operator',
  node: 'node',
  other: 'host',
};
