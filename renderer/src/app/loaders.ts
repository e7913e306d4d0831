import type { Backend } from '../api/backend';
import { useAppStore } from '../state/app-store';

/** Fetches the workspaces with their hosts into the app store. */
export async function loadWorkspaces(backend: Backend): Promise<void> {
  const app = useAppStore.getState();
  app.workspacesLoading();
  const reply = await backend.api.workspaceList({});
  if (reply.ok) app.workspacesLoaded(reply.value);
  else app.workspacesFailed(reply.error.message);
}

export async function loadAppInfo(backend: Backend): Promise<void> {
  const reply = await backend.api.appInfo({});
  if (reply.ok) useAppStore.getState().setAppInfo(reply.value);
}
