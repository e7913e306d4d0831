/**
 * Who receives what a terminal's user types. Broadcast is a set of tabs chosen by the user; it
 * stays on whatever has focus until it is turned off, and covers pastes as well as keys (both
 * reach us as the same input).
 */
import type { TerminalsState } from './terminal-model';

/** Turning broadcast on starts with every live terminal in the set; off empties it. */
export function toggleBroadcast(state: TerminalsState): TerminalsState {
  if (state.broadcast.isOn) return { ...state, broadcast: { isOn: false, members: [] } };
  const members = state.tabs.filter((t) => t.phase === 'open').map((t) => t.id);
  return { ...state, broadcast: { isOn: members.length > 0, members } };
}

/** Adds or removes one tab from the broadcast set (broadcast must be on). */
export function toggleMember(state: TerminalsState, tabId: string): TerminalsState {
  if (!state.broadcast.isOn) return state;
  const { members } = state.broadcast;
  const next = members.includes(tabId) ? members.filter((m) => m !== tabId) : [...members, tabId];
  return { ...state, broadcast: { isOn: true, members: next } };
}

/** Whether a tab receives broadcast input now. */
export function isReceiving(state: TerminalsState, tabId: string): boolean {
  return state.broadcast.isOn && state.broadcast.members.includes(tabId);
}

/**
 * The backend terminals that get input typed into `sourceTabId`: every live member when the
 * source is in the broadcast set, else the source alone (if it is live).
 */
export function inputTargets(state: TerminalsState, sourceTabId: string): string[] {
  const live = (id: string) => {
    const tab = state.tabs.find((t) => t.id === id);
    return tab?.phase === 'open' && tab.terminalId !== null ? [tab.terminalId] : [];
  };
  if (!isReceiving(state, sourceTabId)) return live(sourceTabId);
  return state.broadcast.members.flatMap(live);
}

/** The API takes at most this much input per request; a big paste goes in several. */
export const MAX_INPUT_CHUNK = 64 * 1024;

/** Splits input into request-sized pieces without cutting a surrogate pair in two. */
export function chunkInput(data: string, size = MAX_INPUT_CHUNK): string[] {
  const chunks: string[] = [];
  let at = 0;
  while (at < data.length) {
    let end = Math.min(data.length, at + size);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    chunks.push(data.slice(at, end));
    at = end;
  }
  return chunks;
}
