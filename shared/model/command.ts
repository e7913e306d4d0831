import { z } from 'zod';
import { Id } from './workspace';

/** The longest command line kubelab sends to a host. */
export const MAX_COMMAND_LENGTH = 8192;

/** A command line as typed by the user: one line, no NUL bytes. */
export const CommandLine = z
  .string()
  .min(1, 'the command is empty')
  .max(MAX_COMMAND_LENGTH, `the command is longer than ${MAX_COMMAND_LENGTH} characters`)
  .refine((s) => !s.includes('\0'), 'the command contains a NUL byte')
  .refine((s) => s.trim().length > 0, 'the command is empty');

/**
 * Why a host could not run a command at all (as opposed to a command that ran and failed).
 * `host-key` is a security refusal (a changed, revoked or rejected key), not a network fault;
 * `auth-failed` means every login method was tried and refused.
 */
export const HostError = z.object({
  code: z.enum([
    'unreachable',
    'host-key',
    'auth-failed',
    'timeout',
    'cancelled',
    'not-found',
    'internal',
  ]),
  message: z.string(),
});
export type HostError = z.infer<typeof HostError>;

/** The outcome of one command on one host. `ok` is true when it ran and exited 0. */
export const ExecResult = z.object({
  hostId: Id,
  ok: z.boolean(),
  exitCode: z.number().int().nullable(),
  signal: z.string().optional(),
  stdout: z.string(),
  stderr: z.string(),
  durationMs: z.number().nonnegative(),
  error: HostError.optional(),
});
export type ExecResult = z.infer<typeof ExecResult>;

/** How a stream of output ended. */
export const StreamEnd = z.object({
  streamId: z.string(),
  hostId: Id,
  exitCode: z.number().int().nullable(),
  signal: z.string().optional(),
  durationMs: z.number().nonnegative(),
  error: HostError.optional(),
});
export type StreamEnd = z.infer<typeof StreamEnd>;

/** A host error's code as a person reads it, e.g. in a badge: `host key refused`. */
export function hostErrorLabel(code: string): string {
  return Object.hasOwn(HOST_ERROR_LABELS, code)
    ? HOST_ERROR_LABELS[code as HostError['code']]
    : code;
}

const HOST_ERROR_LABELS: Record<HostError['code'], string> = {
  unreachable: 'unreachable',
  'host-key': 'host key refused',
  'auth-failed': 'login refused',
  timeout: 'timed out',
  cancelled: 'cancelled',
  'not-found': 'not found',
  internal: 'internal error',
};
