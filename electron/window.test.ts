import { beforeEach, describe, expect, it, vi } from 'vitest';

// The Electron binary cannot run here, so its module is replaced by a recorder: the test checks
// what window.ts asks Electron to do, which is exactly what a hardening regression would change.
interface Recorded {
  options: unknown;
  openHandler?: (d: { url: string }) => { action: string };
  listeners: Map<string, (event: { preventDefault(): void }, url: string) => void>;
  opened: string[];
  loaded: string[];
}
const recorded = vi.hoisted((): Recorded => ({
  options: undefined,
  listeners: new Map(),
  opened: [],
  loaded: [],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => {
        recorded.openHandler = fn;
      },
      on: (name: string, fn: (event: { preventDefault(): void }, url: string) => void) => {
        recorded.listeners.set(name, fn);
      },
    };
    constructor(options: unknown) {
      recorded.options = options;
    }
    once(): void {}
    loadURL(url: string): Promise<void> {
      recorded.loaded.push(url);
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow,
    shell: { openExternal: (url: string) => recorded.opened.push(url) },
    app: {},
    net: {},
    protocol: {},
    session: {},
  };
});

const { createMainWindow } = await import('./window');

describe('createMainWindow', () => {
  beforeEach(() => {
    recorded.listeners.clear();
    recorded.opened.length = 0;
    createMainWindow('/opt/kubelab/dist/electron/preload.cjs');
  });

  it('creates the window with the hardened webPreferences', () => {
    const options = recorded.options as { webPreferences: Record<string, unknown> };
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/opt/kubelab/dist/electron/preload.cjs',
    });
    expect(recorded.loaded.at(-1)).toBe('app://kubelab/index.html');
  });

  it('denies every new window and opens only allowlisted links outside', () => {
    expect(recorded.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(recorded.openHandler?.({ url: 'https://kubernetes.io/docs/' })).toEqual({
      action: 'deny',
    });
    expect(recorded.opened).toEqual(['https://kubernetes.io/docs/']);
  });

  it.each(['will-navigate', 'will-redirect'])('blocks %s away from the app origin', (name) => {
    const listener = recorded.listeners.get(name);
    expect(listener).toBeDefined();
    const prevented: string[] = [];
    for (const url of [
      'https://evil.example/',
      'app://kubelab.evil/',
      'file:///etc/passwd',
      'app://kubelab/index.html',
    ]) {
      listener?.({ preventDefault: () => prevented.push(url) }, url);
    }
    expect(prevented).toEqual([
      'https://evil.example/',
      'app://kubelab.evil/',
      'file:///etc/passwd',
    ]);
  });
});
