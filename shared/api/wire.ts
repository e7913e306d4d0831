import { z } from 'zod';
import { ApiErrorShape } from './reply';

/**
 * The serve-mode WebSocket frames. Requests carry a client-chosen id that the reply echoes;
 * events carry no id. Payloads are validated again against the contract once the name is known.
 */
export const ClientFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('request'),
    id: z.number().int().nonnegative(),
    method: z.string().max(64),
    params: z.unknown(),
  }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('reply'),
    id: z.number().int().nonnegative(),
    reply: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: ApiErrorShape }),
    ]),
  }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** The path of the API socket in serve mode. */
export const SOCKET_PATH = '/api';
/**
 * Answers 204 for the run's token (sent as `Authorization: Bearer …`) and 401 for any other, so a
 * page whose socket was refused can tell a stale URL from a server that is down.
 */
export const TOKEN_CHECK_PATH = '/api/token-check';
/** The largest frame either side accepts. */
export const MAX_FRAME_BYTES = 1 << 20;
