import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { createAppBackend } from './core/compose';
import { registerIpc } from './ipc/register';
import { applySecurityPolicy, createMainWindow, registerAppScheme } from './window';

// main.ts only composes: the backend is plain Node, the window and IPC are the Electron shell.
registerAppScheme();
app.enableSandbox();

void app.whenReady().then(async () => {
  const distDir = path.resolve(__dirname, '..');
  applySecurityPolicy(path.join(distDir, 'renderer'));
  const appBackend = await createAppBackend({
    version: app.getVersion(),
    transport: 'electron',
    platform: process.platform,
    configDir: app.getPath('userData'),
    log: (message) => console.error(message),
  });
  const { backend } = appBackend;
  app.on('will-quit', () => appBackend.close());
  const open = (): void => {
    const win = createMainWindow(path.join(__dirname, 'preload.cjs'));
    registerIpc(backend, win);
  };
  open();
  // macOS keeps the app running without windows; the dock icon brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
