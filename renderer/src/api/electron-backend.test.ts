import { describe, expect, it, vi } from 'vitest';
import type { KubelabApi } from '../../../shared/api/client';
import { createElectronBackend } from './electron-backend';

function bridge(functions: Record<string, unknown>): KubelabApi {
  return { on: vi.fn(() => () => undefined), ...functions } as unknown as KubelabApi;
}

describe('createElectronBackend', () => {
  it('passes requests and replies through unchanged', async () => {
    const appInfo = vi.fn(() =>
      Promise.resolve({
        ok: true,
        value: { version: '1', transport: 'electron', platform: 'linux' },
      }),
    );
    const backend = createElectronBackend(bridge({ appInfo }));
    await expect(backend.api.appInfo({})).resolves.toEqual({
      ok: true,
      value: { version: '1', transport: 'electron', platform: 'linux' },
    });
    expect(appInfo).toHaveBeenCalledWith({});
    expect(backend.transport).toBe('electron');
    expect(backend.status()).toEqual({ kind: 'connected' });
  });

  it('turns a rejected invoke into an internal error reply', async () => {
    const workspaceList = vi.fn(() => Promise.reject(new Error('no handler for workspace:list')));
    const backend = createElectronBackend(bridge({ workspaceList }));
    await expect(backend.api.workspaceList({})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'no handler for workspace:list' },
    });
  });

  it('answers unknown-request for a function the preload lacks', async () => {
    const reply = await createElectronBackend(bridge({})).api.labOverview({ workspaceId: 'demo' });
    expect(reply.ok ? null : reply.error.code).toBe('unknown-request');
  });

  it('subscribes through the bridge', () => {
    const on = vi.fn(() => () => undefined);
    const listener = () => undefined;
    createElectronBackend(bridge({ on })).api.on('host:state', listener);
    expect(on).toHaveBeenCalledWith('host:state', listener);
  });
});
