import { create, type StateCreator } from 'zustand';
import { useShallow } from 'zustand/react/shallow';

/**
 * The only door to the store library: features define their slices through this, so swapping
 * zustand is one folder's change.
 */
export function defineStore<T>(initializer: StateCreator<T, [], []>) {
  return create<T>()(initializer);
}

/** Re-renders only when the selected object's fields change, not on every store update. */
export const useShallowSelector = useShallow;
