import type { KubelabApi } from '../../../shared/api/client';
import { methodName, requestNames } from '../../../shared/api/contract';
import type { Reply } from '../../../shared/api/reply';
import type { Backend } from './backend';

type Request = (params: unknown) => Promise<Reply<unknown>>;

/**
 * The Electron transport: the preload's bridge object, with every request guarded so a rejected
 * `invoke` (a handler missing after an upgrade, a crashed main process) still arrives as a reply.
 */
export function createElectronBackend(bridge: KubelabApi): Backend {
  const functions = bridge as unknown as Record<string, Request | undefined>;
  const api: Record<string, unknown> = { on: bridge.on.bind(bridge) };
  for (const name of requestNames) {
    const method = methodName(name);
    api[method] = async (params: unknown): Promise<Reply<unknown>> => {
      const call = functions[method];
      if (call === undefined) {
        return { ok: false, error: { code: 'unknown-request', message: `${name} is missing` } };
      }
      try {
        return await call(params);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'internal', message } };
      }
    };
  }
  return {
    api: api as unknown as KubelabApi,
    transport: 'electron',
    status: () => ({ kind: 'connected' }),
    onStatus: () => () => undefined,
    reconnectNow: () => undefined,
  };
}
