import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { events } from '../../shared/api/contract';
import {
  ClientFrame,
  MAX_FRAME_BYTES,
  SOCKET_PATH,
  TOKEN_CHECK_PATH,
  type ServerFrame,
} from '../../shared/api/wire';
import type { Backend } from '../core/backend';
import { CONTENT_SECURITY_POLICY } from '../security';
import { serveFile } from './static-files';

export interface ServeOptions {
  backend: Backend;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Fixed token for tests; a random one is made per run otherwise. */
  token?: string;
  log?: (message: string) => void;
}

export interface RunningServer {
  /** The address to open, with the token in the fragment (never sent to the server in requests). */
  url: string;
  origin: string;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Serves the renderer and the API over a WebSocket, for a browser. The socket is accepted only
 * with the run's token and from the server's own origin, and requests naming another Host are
 * refused, so neither another local user's page nor a DNS-rebinding site can drive the backend.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  let allowedHosts = new Set<string>();

  const server = createServer((req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('wrong host\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    if (urlPath === TOKEN_CHECK_PATH) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      res.writeHead(sameSecret(given, token) ? 204 : 401, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    serveFile(options.rendererDir, urlPath, res, SECURITY_HEADERS).catch((cause: unknown) => {
      options.log?.(`serving ${urlPath} failed: ${String(cause)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(req, token, allowedHosts);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, options));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${hostPart}:${port}`;
  allowedHosts = new Set([
    `${hostPart}:${port}`,
    `localhost:${port}`,
    `127.0.0.1:${port}`,
    `[::1]:${port}`,
  ]);

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Why an upgrade is refused (an HTTP status line), or undefined to accept it. */
export function checkUpgrade(
  req: IncomingMessage,
  token: string,
  allowedHosts: ReadonlySet<string>,
): string | undefined {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname !== SOCKET_PATH) return '404 Not Found';
  if (!allowedHosts.has(req.headers.host ?? '')) return '421 Misdirected Request';
  const origin = req.headers.origin;
  if (origin === undefined || !allowedHosts.has(hostOfOrigin(origin))) return '403 Forbidden';
  if (!sameSecret(url.searchParams.get('token') ?? '', token)) return '401 Unauthorized';
  return undefined;
}

function hostOfOrigin(origin: string): string {
  try {
    const parsed = new URL(origin);
    return parsed.protocol === 'http:' ? parsed.host : '';
  } catch {
    return '';
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function attach(ws: WebSocket, options: ServeOptions): void {
  const send = (frame: ServerFrame): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const session = options.backend.openSession((name, payload) => {
    // Events are checked against the contract on the way out, so a bug shows up here, not in the UI.
    const checked = events[name].safeParse(payload);
    if (checked.success) send({ type: 'event', name, payload: checked.data });
    else options.log?.(`dropped an invalid ${name} event: ${checked.error.message}`);
  });
  ws.on('message', (raw, isBinary) => {
    const frame = isBinary ? undefined : parseFrame(Buffer.from(raw as Buffer).toString('utf8'));
    if (!frame) {
      ws.close(1003, 'malformed frame');
      return;
    }
    void session.handle(frame.method, frame.params).then((reply) => {
      send({ type: 'reply', id: frame.id, reply });
    });
  });
  ws.on('close', () => session.close());
  ws.on('error', (cause) => options.log?.(`socket error: ${cause.message}`));
}

function parseFrame(text: string): ClientFrame | undefined {
  try {
    const parsed = ClientFrame.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
