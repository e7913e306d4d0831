import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/api/contract';
import { PromptBroker, type PromptEmit } from './prompt-broker';

type Seen = { name: string; payload: unknown }[];

function listener(): { emit: PromptEmit; seen: Seen } {
  const seen: Seen = [];
  return { emit: (name, payload) => seen.push({ name, payload }), seen };
}

const key = {
  algorithm: 'ssh-ed25519',
  key: new Uint8Array([1, 2, 3]),
  fingerprint: 'SHA256:abc',
};
const target = { name: 'node1', host: '10.0.1.5', port: 22 };

describe('PromptBroker', () => {
  it('asks every window and takes the first answer; the others see it closed', async () => {
    const broker = new PromptBroker();
    const a = listener();
    const b = listener();
    broker.attach(a.emit);
    broker.attach(b.emit);
    const answer = broker.hostKey({ target, key });
    const request = a.seen[0]?.payload as EventPayload<'prompt:request'>;
    expect(request).toMatchObject({ kind: 'host-key', fingerprint: 'SHA256:abc', target });
    expect(b.seen[0]?.payload).toEqual(request);
    broker.answer(request.promptId, { kind: 'host-key', answer: 'accept-once' });
    await expect(answer).resolves.toBe('accept-once');
    expect(b.seen.at(-1)).toEqual({
      name: 'prompt:closed',
      payload: { promptId: request.promptId, reason: 'answered' },
    });
    expect(() => broker.answer(request.promptId, { kind: 'host-key', answer: 'reject' })).toThrow(
      /no open prompt/,
    );
  });

  it('replays open prompts to a window that attaches later, such as a reloaded tab', async () => {
    const broker = new PromptBroker();
    const secret = broker.secret({
      target: { ...target, user: 'ec2-user' },
      kind: 'password',
      prompt: 'Password: ',
      echo: false,
    });
    const late = listener();
    broker.attach(late.emit);
    const request = late.seen[0]?.payload as EventPayload<'prompt:request'>;
    expect(request).toMatchObject({ kind: 'secret', secretKind: 'password', echo: false });
    expect(() => broker.answer(request.promptId, { kind: 'host-key', answer: 'reject' })).toThrow(
      /asks for a secret/,
    );
    broker.answer(request.promptId, { kind: 'secret', value: 'hunter2' });
    await expect(secret).resolves.toBe('hunter2');
  });

  it('declines what nobody answers in time, and everything on shutdown', async () => {
    const broker = new PromptBroker(20);
    const seen = listener();
    broker.attach(seen.emit);
    await expect(broker.hostKey({ target, key })).resolves.toBe('reject');
    expect(seen.seen.at(-1)?.payload).toMatchObject({ reason: 'timed-out' });
    const pending = broker.secret({
      target: { ...target, user: 'root' },
      kind: 'passphrase',
      prompt: 'Passphrase',
      echo: false,
    });
    broker.cancelAll();
    await expect(pending).resolves.toBeNull();
  });

  it('stops sending to a detached window', () => {
    const broker = new PromptBroker();
    const gone = listener();
    const detach = broker.attach(gone.emit);
    detach();
    void broker.hostKey({ target, key });
    expect(gone.seen).toEqual([]);
    broker.cancelAll();
  });
});
