import type { EventName, EventPayload } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/reply';
import type { PromptAnswer, PromptClosed, PromptRequest } from '../../shared/model/prompt';
import type { HostKeyAnswer, HostKeyInfo, HostKeyTarget, Prompter } from '../ssh/types';

/** How a listener hears of prompts: the session's event emitter, narrowed to prompt events. */
export type PromptEmit = <E extends Extract<EventName, 'prompt:request' | 'prompt:closed'>>(
  name: E,
  payload: EventPayload<E>,
) => void;

interface Pending {
  request: PromptRequest;
  settle: (answer: PromptAnswer | null) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** A person gets this long to answer before the prompt is declined. */
export const PROMPT_TIMEOUT_MS = 120_000;

let lastPromptId = 0;

/**
 * The `Prompter` behind the UI: each question goes to every attached window (and to a window
 * attached later, such as a reloaded tab); the first answer wins, the others are told it closed.
 * Unanswered questions are declined after a timeout, so a connection never hangs on a prompt.
 * Secrets pass through memory only: they are never logged or stored here.
 */
export class PromptBroker implements Prompter {
  private readonly listeners = new Set<PromptEmit>();
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly timeoutMs = PROMPT_TIMEOUT_MS) {}

  /** Starts sending prompts to a window, including those already waiting; returns the detach. */
  attach(emit: PromptEmit): () => void {
    this.listeners.add(emit);
    for (const { request } of this.pending.values()) emit('prompt:request', request);
    return () => this.listeners.delete(emit);
  }

  /** Settles a prompt with a window's answer; an unknown or mismatched answer is an error. */
  answer(promptId: string, answer: PromptAnswer): void {
    const pending = this.pending.get(promptId);
    if (!pending)
      throw new ApiError('not-found', `no open prompt ${promptId} (answered or expired)`);
    if (pending.request.kind !== answer.kind)
      throw new ApiError('invalid-params', `prompt ${promptId} asks for a ${pending.request.kind}`);
    this.close(promptId, 'answered');
    pending.settle(answer);
  }

  async hostKey(request: { target: HostKeyTarget; key: HostKeyInfo }): Promise<HostKeyAnswer> {
    const answer = await this.ask({
      kind: 'host-key',
      promptId: nextPromptId(),
      target: { name: request.target.name, host: request.target.host, port: request.target.port },
      algorithm: request.key.algorithm,
      fingerprint: request.key.fingerprint,
    });
    return answer?.kind === 'host-key' ? answer.answer : 'reject';
  }

  async secret(request: Parameters<Prompter['secret']>[0]): Promise<string | null> {
    const answer = await this.ask({
      kind: 'secret',
      promptId: nextPromptId(),
      target: request.target,
      secretKind: request.kind,
      prompt: request.prompt.slice(0, 1024),
      echo: request.echo,
    });
    return answer?.kind === 'secret' ? answer.value : null;
  }

  /** Declines every open prompt (the backend is shutting down). */
  cancelAll(): void {
    for (const [promptId, pending] of [...this.pending]) {
      this.close(promptId, 'cancelled');
      pending.settle(null);
    }
  }

  private ask(request: PromptRequest): Promise<PromptAnswer | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.close(request.promptId, 'timed-out');
        resolve(null);
      }, this.timeoutMs);
      timer.unref?.();
      this.pending.set(request.promptId, { request, settle: resolve, timer });
      for (const emit of this.listeners) emit('prompt:request', request);
    });
  }

  private close(promptId: string, reason: PromptClosed['reason']): void {
    const pending = this.pending.get(promptId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(promptId);
    for (const emit of this.listeners) emit('prompt:closed', { promptId, reason });
  }
}

function nextPromptId(): string {
  lastPromptId += 1;
  return `p${lastPromptId}`;
}
