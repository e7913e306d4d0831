import { describe, expect, it } from 'vitest';
import type { PromptRequest } from '../../../../shared/model/prompt';
import { describeTarget, enqueuePrompt, keyTypeLabel, removePrompt } from './prompt-queue';

const hostKey = (promptId: string): PromptRequest => ({
  kind: 'host-key',
  promptId,
  target: { name: 'node1', host: '192.168.1.50', port: 22 },
  algorithm: 'ssh-ed25519',
  fingerprint: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU',
});

describe('prompt queue', () => {
  it('keeps prompts in arrival order and a replayed prompt once', () => {
    let queue = enqueuePrompt([], hostKey('p1'));
    queue = enqueuePrompt(queue, hostKey('p2'));
    queue = enqueuePrompt(queue, hostKey('p1'));
    expect(queue.map((p) => p.promptId)).toEqual(['p1', 'p2']);
  });

  it('removes a closed prompt and leaves the queue alone for an unknown one', () => {
    const queue = enqueuePrompt(enqueuePrompt([], hostKey('p1')), hostKey('p2'));
    expect(removePrompt(queue, 'p1').map((p) => p.promptId)).toEqual(['p2']);
    expect(removePrompt(queue, 'p9')).toBe(queue);
  });
});

describe('labels', () => {
  it('names key types the way ssh does', () => {
    expect(keyTypeLabel('ssh-ed25519')).toBe('ED25519');
    expect(keyTypeLabel('ecdsa-sha2-nistp256')).toBe('ECDSA');
    expect(keyTypeLabel('ssh-rsa')).toBe('RSA');
    expect(keyTypeLabel('rsa-sha2-512')).toBe('RSA-SHA2-512');
  });

  it('describes a target without repeating itself', () => {
    expect(describeTarget({ name: 'node1', host: '10.0.1.5', port: 22 })).toBe('node1 (10.0.1.5)');
    expect(describeTarget({ name: '10.0.1.5', host: '10.0.1.5', port: 2222 })).toBe(
      '10.0.1.5:2222',
    );
  });
});
