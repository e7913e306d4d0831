import { z } from 'zod';

/** Why a request failed, in words a UI can show and a code a program can branch on. */
export const ErrorCode = z.enum([
  'invalid-params',
  'unknown-request',
  'not-found',
  'unauthorized',
  'unavailable',
  'timeout',
  'cancelled',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiErrorShape = z.object({ code: ErrorCode, message: z.string() });
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

/**
 * Every answer crosses the boundary as data, never as a thrown error (Electron passes only an
 * error's message through `invoke`, and a WebSocket passes nothing at all).
 */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

/** An error the backend raises on purpose; its code and message reach the UI unchanged. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Turns a zod failure into one readable line: `hostIds: choose at least one host`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ` : '') + issue.message)
    .join('; ');
}
