import { createContext, useContext } from 'react';
import type { Backend } from './backend';

/** The one backend of the page, provided by main.tsx. */
export const BackendContext = createContext<Backend | null>(null);

/** The backend the app was started with. */
export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (backend === null) throw new Error('useBackend needs a BackendContext provider');
  return backend;
}
