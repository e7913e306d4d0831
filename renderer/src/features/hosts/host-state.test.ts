import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../../../shared/model/workspace';
import { describeState } from './host-state';

describe('describeState', () => {
  const cases: [ConnectionState, string, string][] = [
    [{ kind: 'idle' }, 'not connected', 'idle'],
    [{ kind: 'connecting' }, 'connecting', 'busy'],
    [{ kind: 'connected' }, 'connected', 'ok'],
    [{ kind: 'reconnecting', attempt: 3 }, 'reconnecting (attempt 3)', 'busy'],
    [{ kind: 'failed', reason: 'auth' }, 'failed: auth', 'error'],
  ];
  it.each(cases)('%j → %s (%s)', (state, label, tone) => {
    expect(describeState(state)).toEqual({ label, tone });
  });
});
