import { describe, expect, it } from 'vitest';
import { chunkInput, inputTargets, isReceiving, toggleBroadcast, toggleMember } from './broadcast';
import { EMPTY_TERMINALS, addTab, type TerminalTab, type TerminalsState } from './terminal-model';

const tab = (id: string, phase: TerminalTab['phase'] = 'open'): TerminalTab => ({
  id,
  workspaceId: 'demo',
  hostId: 'node1',
  hostName: 'node1',
  terminalId: phase === 'opening' ? null : `t${id.slice(1)}`,
  phase,
});

const state: TerminalsState = [tab('k1'), tab('k2'), tab('k3'), tab('k4', 'exited')].reduce(
  addTab,
  EMPTY_TERMINALS,
);

describe('broadcast input', () => {
  it('sends to the source alone while broadcast is off', () => {
    expect(inputTargets(state, 'k2')).toEqual(['t2']);
    expect(inputTargets(state, 'k4')).toEqual([]);
  });

  it('turning it on takes every live terminal; typing in any member reaches all members', () => {
    const on = toggleBroadcast(state);
    expect(on.broadcast).toEqual({ isOn: true, members: ['k1', 'k2', 'k3'] });
    expect(inputTargets(on, 'k3')).toEqual(['t1', 't2', 't3']);
  });

  it('a chosen set: only members receive, and a non-member types only to itself', () => {
    const chosen = toggleMember(toggleBroadcast(state), 'k2');
    expect(isReceiving(chosen, 'k2')).toBe(false);
    expect(inputTargets(chosen, 'k1')).toEqual(['t1', 't3']);
    expect(inputTargets(chosen, 'k2')).toEqual(['t2']);
  });

  it('stays on whichever tab has focus until turned off', () => {
    const on = toggleBroadcast(state);
    // Focus is not part of the decision: every member's input fans out.
    for (const source of ['k1', 'k2', 'k3']) expect(inputTargets(on, source)).toHaveLength(3);
    expect(toggleBroadcast(on).broadcast).toEqual({ isOn: false, members: [] });
  });

  it('skips members whose shell has ended', () => {
    const on = toggleBroadcast(state);
    const ended = {
      ...on,
      tabs: on.tabs.map((t) => (t.id === 'k1' ? { ...t, phase: 'exited' as const } : t)),
    };
    expect(inputTargets(ended, 'k2')).toEqual(['t2', 't3']);
  });
});

describe('chunkInput', () => {
  it('splits a large paste and keeps surrogate pairs whole', () => {
    expect(chunkInput('abcdef', 4)).toEqual(['abcd', 'ef']);
    expect(chunkInput('abc😀d', 4)).toEqual(['abc', '😀d']);
    expect(chunkInput('')).toEqual([]);
  });
});
