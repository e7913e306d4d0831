import { describe, expect, it } from 'vitest';
import type { BackendStatus } from '../api/backend';
import { describeBackend } from './backend-status';

describe('describeBackend', () => {
  const cases: [BackendStatus, string, string][] = [
    [{ kind: 'connected' }, 'Connected', 'ok'],
    [{ kind: 'connecting', attempt: 1 }, 'Connecting…', 'busy'],
    [{ kind: 'connecting', attempt: 3 }, 'Reconnecting (attempt 3)…', 'busy'],
    [{ kind: 'waiting', attempt: 2, retryAt: 5_200 }, 'Disconnected · retrying in 5 s', 'error'],
    [{ kind: 'waiting', attempt: 2, retryAt: 0 }, 'Disconnected · retrying in 0 s', 'error'],
    [{ kind: 'unauthorized', message: 'no token' }, 'Not authorized', 'error'],
  ];
  it.each(cases)('%j → %s', (status, label, tone) => {
    const described = describeBackend(status, 1_000);
    expect(described.label).toBe(label);
    expect(described.tone).toBe(tone);
  });
});
