import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBackend } from '../core/compose';
import { startServer, type RunningServer } from './server';

let server: RunningServer;
let port: string;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelab-renderer-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>kubelab</title>');
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(path.dirname(dir), 'secret.txt'), 'secret');
  const backend = createBackend({ version: 'test', transport: 'websocket', platform: 'linux' });
  server = await startServer({ backend, rendererDir: dir, token: 'T0ken' });
  port = new URL(server.origin).port;
});

afterAll(() => server.close());

function get(
  urlPath: string,
  host = `127.0.0.1:${port}`,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, headers: { host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=T0ken`, { origin: server.origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, id: number, method: string, params: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (raw: WebSocket.RawData): void => {
      const frame = JSON.parse(Buffer.from(raw as Buffer).toString('utf8')) as {
        type: string;
        id?: number;
        reply?: unknown;
      };
      if (frame.type === 'reply' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.reply);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'request', id, method, params }));
  });
}

describe('serve mode HTTP', () => {
  it('serves the renderer with a strict CSP', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('never serves a file outside the renderer', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00',
    ]) {
      expect((await get(p)).status).toBe(404);
    }
    expect((await get('/assets/app.js')).status).toBe(200);
  });

  it('tells a page whether its token is the run’s', async () => {
    const check = (auth?: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string> = { host: `127.0.0.1:${port}` };
        if (auth !== undefined) headers.authorization = auth;
        const req = request(
          { host: '127.0.0.1', port, path: '/api/token-check', headers },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
    await expect(check('Bearer T0ken')).resolves.toBe(204);
    await expect(check('Bearer nope')).resolves.toBe(401);
    await expect(check()).resolves.toBe(401);
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    expect((await get('/', `evil.example:${port}`)).status).toBe(421);
  });
});

describe('serve mode API socket', () => {
  it('answers requests validated against the contract', async () => {
    const ws = await connect();
    const list = (await call(ws, 1, 'workspace:list', {})) as {
      ok: boolean;
      value: { id: string }[];
    };
    expect(list.ok).toBe(true);
    expect(list.value.map((w) => w.id)).toContain('demo');

    await expect(
      call(ws, 2, 'command:exec', { workspaceId: 'demo', hostIds: [], command: 'ls' }),
    ).resolves.toEqual({
      ok: false,
      error: { code: 'invalid-params', message: 'hostIds: choose at least one host' },
    });
    await expect(call(ws, 3, 'shell:rm-rf', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown-request' },
    });
    await expect(
      call(ws, 4, 'command:exec', { workspaceId: 'demo', hostIds: ['node9'], command: 'ls' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
    await expect(
      call(ws, 5, 'command:exec', {
        workspaceId: 'demo',
        hostIds: ['node1'],
        command: 'hostname',
        extra: 1,
      }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    ws.close();
  });

  it('closes the socket on a malformed frame and keeps serving others', async () => {
    const ws = await connect();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{not json');
    await expect(closed).resolves.toBe(1003);
    const again = await connect();
    const info = (await call(again, 1, 'app:info', {})) as { ok: boolean };
    expect(info.ok).toBe(true);
    again.close();
  });
});
