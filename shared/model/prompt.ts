import { z } from 'zod';

/**
 * Questions the backend asks a person while connecting: whether to trust an unknown host key,
 * and secrets (a password, a key's passphrase, a keyboard-interactive answer). They reach every
 * open window; the first answer wins and the others are told the prompt is closed.
 */

export const PromptId = z.string().regex(/^p[0-9]{1,12}$/, 'not a prompt id');

/** The host a prompt is about, as the person knows it. */
export const PromptHost = z.object({
  /** The host's name in the workspace or ssh config. */
  name: z.string(),
  host: z.string(),
  port: z.number().int().min(1).max(65535),
});

/** An unknown host key: shown with its SHA256 fingerprint; a changed key is never asked about. */
export const HostKeyPrompt = z.object({
  kind: z.literal('host-key'),
  promptId: PromptId,
  target: PromptHost,
  algorithm: z.string(),
  /** `SHA256:…` as `ssh-keygen -lf` prints it. */
  fingerprint: z.string(),
});
export type HostKeyPrompt = z.infer<typeof HostKeyPrompt>;

export const SecretKind = z.enum(['password', 'passphrase', 'keyboard-interactive']);
export type SecretKind = z.infer<typeof SecretKind>;

/** A secret to type. `echo` false means the field masks what is typed. */
export const SecretPrompt = z.object({
  kind: z.literal('secret'),
  promptId: PromptId,
  target: PromptHost.extend({ user: z.string() }),
  secretKind: SecretKind,
  prompt: z.string().max(1024),
  echo: z.boolean(),
});
export type SecretPrompt = z.infer<typeof SecretPrompt>;

export const PromptRequest = z.discriminatedUnion('kind', [HostKeyPrompt, SecretPrompt]);
export type PromptRequest = z.infer<typeof PromptRequest>;

/** The answer to a prompt; `null` secret means the person cancelled. */
export const PromptAnswer = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('host-key'),
    answer: z.enum(['reject', 'accept-once', 'accept-and-save']),
  }),
  z.object({ kind: z.literal('secret'), value: z.string().max(4096).nullable() }),
]);
export type PromptAnswer = z.infer<typeof PromptAnswer>;

/** Why a prompt went away without this window answering it. */
export const PromptClosed = z.object({
  promptId: PromptId,
  reason: z.enum(['answered', 'timed-out', 'cancelled']),
});
export type PromptClosed = z.infer<typeof PromptClosed>;
