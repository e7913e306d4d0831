import { useBackend } from '../../api/useBackend';
import { terminalClientFor, type TerminalClient } from './terminal-client';

/** The page's terminal client, bound to the app's backend. */
export function useTerminalClient(): TerminalClient {
  return terminalClientFor(useBackend());
}
