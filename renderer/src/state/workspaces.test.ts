import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../../shared/model/workspace';
import { orderWorkspaces, pickWorkspace, withHostState } from './workspaces';

function workspace(id: string, kind: Workspace['kind'], hostIds: string[] = []): Workspace {
  return {
    id,
    name: id,
    kind,
    description: '',
    hosts: hostIds.map((hostId) => ({
      id: hostId,
      name: hostId,
      role: 'node',
      address: '10.0.0.1',
      tags: [],
      state: { kind: 'idle' },
    })),
  };
}

describe('orderWorkspaces', () => {
  it('lists the demo first and keeps the rest in order', () => {
    const list = [workspace('b', 'ssh'), workspace('demo', 'demo'), workspace('a', 'ssh')];
    expect(orderWorkspaces(list).map((w) => w.id)).toEqual(['demo', 'b', 'a']);
  });
});

describe('pickWorkspace', () => {
  const list = [workspace('demo', 'demo'), workspace('lab', 'ssh')];
  it.each([
    ['lab', 'lab'],
    ['deleted', 'demo'],
    [null, 'demo'],
  ])('remembered %s → %s', (remembered, expected) => {
    expect(pickWorkspace(list, remembered)).toBe(expected);
  });
  it('takes the first without a demo, and nothing from nothing', () => {
    expect(pickWorkspace([workspace('lab', 'ssh')], null)).toBe('lab');
    expect(pickWorkspace([], 'lab')).toBeNull();
  });
});

describe('withHostState', () => {
  it('replaces one host state and keeps everything else', () => {
    const list = [workspace('demo', 'demo', ['n1', 'n2']), workspace('lab', 'ssh', ['n1'])];
    const next = withHostState(list, 'demo', 'n2', { kind: 'connected' });
    expect(next[0]?.hosts.map((h) => h.state.kind)).toEqual(['idle', 'connected']);
    expect(next[1]).toBe(list[1]);
    expect(next[0]?.hosts[0]).toBe(list[0]?.hosts[0]);
  });
});
