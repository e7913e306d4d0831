import path from 'node:path';
import { createAppBackend } from '../core/compose';
import { startServer } from '../serve/server';

export interface ServeCommandOptions {
  host: string;
  port: number;
  demo: boolean;
  rendererDir: string;
  version: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** `kubelab serve`: the backend and the UI for a browser, until interrupted. */
export async function runServe(
  options: ServeCommandOptions,
  log: (line: string) => void,
): Promise<void> {
  if (!LOOPBACK.has(options.host)) {
    log(
      `WARNING: serving on ${options.host}, not loopback: anyone who can reach it and learns the URL drives your hosts.`,
    );
  }
  const app = await createAppBackend({
    version: options.version,
    transport: 'websocket',
    platform: process.platform,
    log,
  });
  const { backend } = app;
  const server = await startServer({
    backend,
    rendererDir: path.resolve(options.rendererDir),
    host: options.host,
    port: options.port,
    log,
  });
  log(`kubelab ${options.version} serving the ${options.demo ? 'demo lab' : 'workspaces'}`);
  // The URL is the one line on stdout, so scripts can read it.
  process.stdout.write(`${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      app.close();
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
