import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { requestNames } from '../../shared/api/contract';
import type { Reply } from '../../shared/api/reply';
import type { Backend } from '../core/backend';
import { isAppUrl } from '../security';

/**
 * The only code that touches ipcMain. Each request of the contract gets its own channel (named
 * as the request); the sender must be the window's own main frame on the app origin, and the
 * session validates every payload against the contract before any handler sees it.
 */
export function registerIpc(backend: Backend, win: BrowserWindow): () => void {
  const session = backend.openSession((name, payload) => {
    if (!win.isDestroyed()) win.webContents.send(name, payload);
  });

  for (const name of requestNames) {
    ipcMain.handle(name, (event: IpcMainInvokeEvent, params: unknown): Promise<Reply<unknown>> => {
      if (!isTrustedSender(event.senderFrame, win)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'unauthorized', message: 'request from an untrusted frame' },
        });
      }
      return session.handle(name, params);
    });
  }

  const dispose = (): void => {
    for (const name of requestNames) ipcMain.removeHandler(name);
    session.close();
  };
  win.on('closed', dispose);
  return dispose;
}

function isTrustedSender(frame: WebFrameMain | null, win: BrowserWindow): boolean {
  return frame !== null && frame === win.webContents.mainFrame && isAppUrl(frame.url);
}
