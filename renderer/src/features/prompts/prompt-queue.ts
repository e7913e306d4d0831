import type { PromptClosed, PromptRequest } from '../../../../shared/model/prompt';

/**
 * The prompts waiting for an answer, oldest first: the dialog shows the first one. A prompt seen
 * twice (the backend replays open prompts to a reconnected window) is kept once.
 */
export type PromptQueue = readonly PromptRequest[];

export function enqueuePrompt(queue: PromptQueue, request: PromptRequest): PromptQueue {
  if (queue.some((p) => p.promptId === request.promptId)) return queue;
  return [...queue, request];
}

export function removePrompt(queue: PromptQueue, promptId: PromptClosed['promptId']): PromptQueue {
  const next = queue.filter((p) => p.promptId !== promptId);
  return next.length === queue.length ? queue : next;
}

/** The key type as people say it: `ssh-ed25519` → `ED25519`, `ecdsa-sha2-nistp256` → `ECDSA`. */
export function keyTypeLabel(algorithm: string): string {
  if (algorithm.startsWith('ecdsa-')) return 'ECDSA';
  if (algorithm.startsWith('sk-ecdsa-')) return 'ECDSA-SK';
  if (algorithm.startsWith('sk-ssh-ed25519')) return 'ED25519-SK';
  const name = algorithm.startsWith('ssh-') ? algorithm.slice(4) : algorithm;
  return name.toUpperCase();
}

/** `name (host:port)`, leaving out what repeats: `node1 (10.0.1.5)` or just `10.0.1.5`. */
export function describeTarget(target: { name: string; host: string; port: number }): string {
  const address = target.port === 22 ? target.host : `${target.host}:${target.port}`;
  return target.name === target.host ? address : `${target.name} (${address})`;
}
