import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PromptAnswer, PromptRequest } from '../../../../shared/model/prompt';
import { useBackend } from '../../api/useBackend';
import { describeTarget, keyTypeLabel } from './prompt-queue';
import { usePrompts } from './usePrompts';
import './prompts.css';

/**
 * Asks the person at the keyboard what the backend cannot decide alone: whether to trust an
 * unknown host key, or a secret to log in with. One modal at a time, oldest question first.
 */
export function PromptDialog() {
  const backend = useBackend();
  const [queue, drop] = usePrompts(backend);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const current = queue[0];

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (current !== undefined && !element.open) element.showModal();
    if (current === undefined && element.open) element.close();
  }, [current]);

  const answer = async (request: PromptRequest, value: PromptAnswer) => {
    drop(request.promptId);
    setError(null);
    const reply = await backend.api.promptAnswer({ promptId: request.promptId, answer: value });
    if (!reply.ok) setError(reply.error.message);
  };

  // Escape declines, like closing a terminal prompt with Ctrl-C.
  const decline = (request: PromptRequest) =>
    void answer(
      request,
      request.kind === 'host-key'
        ? { kind: 'host-key', answer: 'reject' }
        : { kind: 'secret', value: null },
    );

  return (
    <dialog
      ref={dialog}
      className="prompt"
      aria-labelledby="prompt-title"
      onCancel={(event) => {
        event.preventDefault();
        if (current !== undefined) decline(current);
      }}
    >
      {current?.kind === 'host-key' && (
        <HostKeyQuestion
          key={current.promptId}
          request={current}
          onAnswer={(value) => void answer(current, { kind: 'host-key', answer: value })}
        />
      )}
      {current?.kind === 'secret' && (
        <SecretQuestion
          key={current.promptId}
          request={current}
          onAnswer={(value) => void answer(current, { kind: 'secret', value })}
        />
      )}
      {error !== null && <p className="inline-error">{error}</p>}
      {queue.length > 1 && <p className="prompt__more">{queue.length - 1} more waiting</p>}
    </dialog>
  );
}

type HostKeyChoice = Extract<PromptAnswer, { kind: 'host-key' }>['answer'];

function HostKeyQuestion(props: {
  request: Extract<PromptRequest, { kind: 'host-key' }>;
  onAnswer: (answer: HostKeyChoice) => void;
}) {
  const { request, onAnswer } = props;
  return (
    <div className="prompt__body" data-testid="prompt-host-key">
      <h2 id="prompt-title" className="prompt__title">
        Unknown host key
      </h2>
      <p>
        The authenticity of host <strong>{describeTarget(request.target)}</strong> can’t be
        established. Compare the fingerprint with the one the host’s owner gives you (on the host:{' '}
        <code>ssh-keygen -lf /etc/ssh/ssh_host_{keyFileName(request.algorithm)}_key.pub</code>).
      </p>
      <dl className="prompt__facts">
        <dt>{keyTypeLabel(request.algorithm)} key fingerprint</dt>
        <dd className="mono" data-testid="prompt-fingerprint">
          {request.fingerprint}
        </dd>
      </dl>
      <div className="prompt__actions">
        {/* The safe answer has the focus, so Enter never trusts a key by accident. */}
        <button type="button" className="button" autoFocus onClick={() => onAnswer('reject')}>
          Reject
        </button>
        <button type="button" className="button" onClick={() => onAnswer('accept-once')}>
          Accept once
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => onAnswer('accept-and-save')}
        >
          Accept and save
        </button>
      </div>
    </div>
  );
}

function SecretQuestion(props: {
  request: Extract<PromptRequest, { kind: 'secret' }>;
  onAnswer: (value: string | null) => void;
}) {
  const { request, onAnswer } = props;
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onAnswer(value);
  };
  const { user } = request.target;
  return (
    <form className="prompt__body" onSubmit={submit} data-testid="prompt-secret">
      <h2 id="prompt-title" className="prompt__title">
        {SECRET_TITLES[request.secretKind]} for {user}@{describeTarget(request.target)}
      </h2>
      <label className="prompt__field">
        <span>{request.prompt.trim() || 'Password:'}</span>
        <input
          className="prompt__input"
          type={request.echo ? 'text' : 'password'}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
      </label>
      <div className="prompt__actions">
        <button type="button" className="button" onClick={() => onAnswer(null)}>
          Cancel
        </button>
        <button type="submit" className="button button--primary">
          Log in
        </button>
      </div>
    </form>
  );
}

const SECRET_TITLES = {
  password: 'Password',
  passphrase: 'Key passphrase',
  'keyboard-interactive': 'Login',
} as const;

/** `ssh-ed25519` → `ed25519`, `ecdsa-sha2-nistp256` → `ecdsa`: the name in /etc/ssh's key files. */
function keyFileName(algorithm: string): string {
  return keyTypeLabel(algorithm)
    .toLowerCase()
    .replace(/-sha2-.*$/, '');
}
