import { isStringArray, readStored, writeStored } from '../../state/local-storage';
import { remember } from './history';

const key = (workspaceId: string) => `kubelab.history.${workspaceId}`;

/** The workspace's command history, newest first. */
export function readHistory(workspaceId: string): string[] {
  return readStored(key(workspaceId), isStringArray) ?? [];
}

export function rememberCommand(workspaceId: string, command: string): void {
  writeStored(key(workspaceId), remember(readHistory(workspaceId), command));
}
