/**
 * The terminals of the page as data: tabs, the panes that show them, and the broadcast set.
 * Every change is a pure function of the state, so the store and the tests share one truth.
 */

export type TerminalPhase = 'opening' | 'open' | 'exited' | 'failed';

export interface TerminalTab {
  /** The page's own id for the tab; the backend's `terminalId` comes once the shell is open. */
  id: string;
  workspaceId: string;
  hostId: string;
  hostName: string;
  terminalId: string | null;
  phase: TerminalPhase;
  /** Why it failed or how it ended, for the tab's tooltip and the pane's note. */
  message?: string;
}

export type SplitDirection = 'row' | 'column';

export interface TerminalLayout {
  /** The tab each pane shows; null for a pane waiting for a terminal. */
  panes: (string | null)[];
  direction: SplitDirection;
  focused: number;
}

export interface TerminalsState {
  tabs: TerminalTab[];
  layout: TerminalLayout;
  /** While on, keys and pastes typed in a member go to every member. */
  broadcast: { isOn: boolean; members: string[] };
}

/** More panes than this stop being readable on a laptop screen. */
export const MAX_PANES = 8;

export const EMPTY_TERMINALS: TerminalsState = {
  tabs: [],
  layout: { panes: [null], direction: 'row', focused: 0 },
  broadcast: { isOn: false, members: [] },
};

function withPanes(state: TerminalsState, panes: (string | null)[], focused: number) {
  const clamped = Math.max(0, Math.min(focused, panes.length - 1));
  return { ...state, layout: { ...state.layout, panes, focused: clamped } };
}

/** A new tab, shown in the focused pane. */
export function addTab(state: TerminalsState, tab: TerminalTab): TerminalsState {
  const next = { ...state, tabs: [...state.tabs, tab] };
  return showTab(next, tab.id);
}

/** Shows a tab: focuses the pane already showing it, else puts it in the focused pane. */
export function showTab(state: TerminalsState, tabId: string): TerminalsState {
  const { panes, focused } = state.layout;
  const at = panes.indexOf(tabId);
  if (at !== -1) return withPanes(state, panes, at);
  return withPanes(
    state,
    panes.map((p, i) => (i === focused ? tabId : p)),
    focused,
  );
}

export function updateTab(
  state: TerminalsState,
  tabId: string,
  change: Partial<Omit<TerminalTab, 'id'>>,
): TerminalsState {
  return { ...state, tabs: state.tabs.map((t) => (t.id === tabId ? { ...t, ...change } : t)) };
}

/** The first tab, nearest to `near`, that no pane shows. */
function unshownTab(state: TerminalsState, near: number, panes: (string | null)[]): string | null {
  const order = state.tabs
    .map((t, i) => ({ id: t.id, distance: Math.abs(i - near) }))
    .filter((t) => !panes.includes(t.id))
    .sort((a, b) => a.distance - b.distance);
  return order[0]?.id ?? null;
}

/** Drops a tab; panes that showed it show the nearest tab no other pane shows. */
export function removeTab(state: TerminalsState, tabId: string): TerminalsState {
  const index = state.tabs.findIndex((t) => t.id === tabId);
  if (index === -1) return state;
  const rest = { ...state, tabs: state.tabs.filter((t) => t.id !== tabId) };
  const panes = state.layout.panes.map((p) => (p === tabId ? null : p));
  for (let i = 0; i < panes.length; i++) {
    if (state.layout.panes[i] === tabId) panes[i] = unshownTab(rest, index, panes);
  }
  const members = state.broadcast.members.filter((m) => m !== tabId);
  return {
    ...withPanes(rest, panes, state.layout.focused),
    broadcast: { isOn: state.broadcast.isOn && members.length > 0, members },
  };
}

/** Adds a pane beside the focused one, showing a tab no pane shows yet. */
export function splitPane(state: TerminalsState, direction: SplitDirection): TerminalsState {
  const { panes, focused } = state.layout;
  if (panes.length >= MAX_PANES) return state;
  const next = [...panes];
  next.splice(focused + 1, 0, unshownTab(state, state.tabs.length - 1, panes));
  return { ...state, layout: { panes: next, direction, focused: focused + 1 } };
}

/** Removes a pane (its tab stays open, in the tab strip); the last pane stays. */
export function closePane(state: TerminalsState, index: number): TerminalsState {
  const { panes, focused } = state.layout;
  if (panes.length <= 1 || index < 0 || index >= panes.length) return state;
  return withPanes(
    state,
    panes.filter((_, i) => i !== index),
    focused > index ? focused - 1 : focused,
  );
}

export function focusPane(state: TerminalsState, index: number): TerminalsState {
  return withPanes(state, state.layout.panes, index);
}

/** Columns and rows of the pane grid: side by side or stacked for two, a grid beyond. */
export function gridShape(
  count: number,
  direction: SplitDirection,
): { cols: number; rows: number } {
  if (count <= 2) return direction === 'row' ? { cols: count, rows: 1 } : { cols: 1, rows: count };
  const cols = count <= 4 ? 2 : Math.ceil(count / 2);
  return { cols, rows: Math.ceil(count / cols) };
}

/** The grid cell (1-based) of pane `index`. */
export function paneCell(
  index: number,
  count: number,
  direction: SplitDirection,
): { row: number; col: number } {
  const { cols } = gridShape(count, direction);
  return { row: Math.floor(index / cols) + 1, col: (index % cols) + 1 };
}
