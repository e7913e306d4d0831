import { createContext, useContext } from 'react';
import type { CommandRunner } from './command-runner';

/** The page's one command runner, created beside the backend in main.tsx. */
export const CommandRunnerContext = createContext<CommandRunner | null>(null);

export function useCommandRunner(): CommandRunner {
  const runner = useContext(CommandRunnerContext);
  if (runner === null) throw new Error('useCommandRunner needs a CommandRunnerContext provider');
  return runner;
}
