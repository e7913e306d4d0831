import { defineStore } from '../../state/define-store';
import { toggleBroadcast, toggleMember } from './broadcast';
import {
  EMPTY_TERMINALS,
  addTab,
  closePane,
  focusPane,
  removeTab,
  showTab,
  splitPane,
  updateTab,
  type SplitDirection,
  type TerminalTab,
  type TerminalsState,
} from './terminal-model';

interface TerminalActions {
  /** A new tab in 'opening'; its view opens the shell once it knows its size. */
  add: (tab: Omit<TerminalTab, 'id' | 'terminalId' | 'phase'>) => string;
  update: (tabId: string, change: Partial<Omit<TerminalTab, 'id'>>) => void;
  remove: (tabId: string) => void;
  show: (tabId: string) => void;
  split: (direction: SplitDirection) => void;
  closePane: (index: number) => void;
  focusPane: (index: number) => void;
  toggleBroadcast: () => void;
  toggleMember: (tabId: string) => void;
}

let lastTabId = 0;

/** The terminals' tabs, panes and broadcast set; the logic lives in terminal-model.ts. */
export const useTerminalStore = defineStore<TerminalsState & TerminalActions>((set, get) => {
  const apply = (change: (state: TerminalsState) => TerminalsState) => set(change(get()));
  return {
    ...EMPTY_TERMINALS,
    add: (fields) => {
      const id = `k${++lastTabId}`;
      apply((s) => addTab(s, { ...fields, id, terminalId: null, phase: 'opening' }));
      return id;
    },
    update: (tabId, change) => apply((s) => updateTab(s, tabId, change)),
    remove: (tabId) => apply((s) => removeTab(s, tabId)),
    show: (tabId) => apply((s) => showTab(s, tabId)),
    split: (direction) => apply((s) => splitPane(s, direction)),
    closePane: (index) => apply((s) => closePane(s, index)),
    focusPane: (index) => apply((s) => focusPane(s, index)),
    toggleBroadcast: () => apply(toggleBroadcast),
    toggleMember: (tabId) => apply((s) => toggleMember(s, tabId)),
  };
});
