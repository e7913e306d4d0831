import { describe, expect, it } from 'vitest';
import {
  EMPTY_TERMINALS,
  MAX_PANES,
  addTab,
  closePane,
  gridShape,
  paneCell,
  removeTab,
  showTab,
  splitPane,
  type TerminalTab,
  type TerminalsState,
} from './terminal-model';

const tab = (id: string): TerminalTab => ({
  id,
  workspaceId: 'demo',
  hostId: 'node1',
  hostName: 'node1',
  terminalId: `t${id.slice(1)}`,
  phase: 'open',
});

function withTabs(...ids: string[]): TerminalsState {
  return ids.reduce((state, id) => addTab(state, tab(id)), EMPTY_TERMINALS);
}

describe('terminal layout', () => {
  it('shows a new tab in the focused pane', () => {
    const state = withTabs('k1', 'k2');
    expect(state.layout.panes).toEqual(['k2']);
    expect(state.tabs.map((t) => t.id)).toEqual(['k1', 'k2']);
  });

  it('splits beside the focused pane with a tab no pane shows, and focuses it', () => {
    const state = splitPane(withTabs('k1', 'k2'), 'column');
    expect(state.layout).toEqual({ panes: ['k2', 'k1'], direction: 'column', focused: 1 });
    // Nothing left to show: the new pane waits for a terminal.
    expect(splitPane(state, 'row').layout.panes).toEqual(['k2', 'k1', null]);
  });

  it('focuses the pane already showing a tab instead of showing it twice', () => {
    const split = splitPane(withTabs('k1', 'k2'), 'row');
    expect(showTab(split, 'k2').layout).toMatchObject({ panes: ['k2', 'k1'], focused: 0 });
    const three = addTab(split, tab('k3'));
    expect(three.layout.panes).toEqual(['k2', 'k3']);
  });

  it('closing a tab shows the nearest unshown tab in its pane and leaves the broadcast set', () => {
    let state = withTabs('k1', 'k2', 'k3');
    state = { ...state, broadcast: { isOn: true, members: ['k2', 'k3'] } };
    state = removeTab(state, 'k3');
    expect(state.layout.panes).toEqual(['k2']);
    expect(state.broadcast).toEqual({ isOn: true, members: ['k2'] });
    state = removeTab(removeTab(state, 'k2'), 'k1');
    expect(state.layout.panes).toEqual([null]);
    expect(state.broadcast).toEqual({ isOn: false, members: [] });
  });

  it('closes panes but never the last, and caps their number', () => {
    let state = splitPane(withTabs('k1', 'k2'), 'row');
    state = closePane(state, 1);
    expect(state.layout).toMatchObject({ panes: ['k2'], focused: 0 });
    expect(closePane(state, 0)).toBe(state);
    for (let i = 0; i < 20; i++) state = splitPane(state, 'row');
    expect(state.layout.panes).toHaveLength(MAX_PANES);
  });

  it.each([
    [1, 'row', { cols: 1, rows: 1 }],
    [2, 'row', { cols: 2, rows: 1 }],
    [2, 'column', { cols: 1, rows: 2 }],
    [3, 'row', { cols: 2, rows: 2 }],
    [8, 'column', { cols: 4, rows: 2 }],
  ] as const)('lays %i panes (%s) on a grid', (count, direction, shape) => {
    expect(gridShape(count, direction)).toEqual(shape);
  });

  it('places pane 5 of 8 on the second row', () => {
    expect(paneCell(5, 8, 'row')).toEqual({ row: 2, col: 2 });
  });
});
