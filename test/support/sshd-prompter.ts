/**
 * A prompter for tests that answers from a script and records every question, so a test can
 * check what a person would have been asked (and that nothing was asked when nothing should be).
 */
import type { HostKeyAnswer, Prompter } from '../../electron/ssh/types';

type SecretRequest = Parameters<Prompter['secret']>[0];
type HostKeyRequest = Parameters<Prompter['hostKey']>[0];

export interface ScriptedPrompter extends Prompter {
  secrets: SecretRequest[];
  hostKeys: HostKeyRequest[];
}

/** `answers` are handed out in order for secrets; null means the person cancelled. */
export function scriptedPrompter(
  answers: Array<string | null> = [],
  hostKeyAnswer: HostKeyAnswer = 'reject',
): ScriptedPrompter {
  const queue = [...answers];
  const secrets: SecretRequest[] = [];
  const hostKeys: HostKeyRequest[] = [];
  return {
    secrets,
    hostKeys,
    secret(request) {
      secrets.push(request);
      return Promise.resolve(queue.length > 0 ? (queue.shift() ?? null) : null);
    },
    hostKey(request) {
      hostKeys.push(request);
      return Promise.resolve(hostKeyAnswer);
    },
  };
}
