/**
 * Client authentication in OpenSSH's order: the ssh-agent, then identity files, then password,
 * then keyboard-interactive. Secrets are asked lazily (only when the server still accepts that
 * method) and live only in this closure; nothing here logs them.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import {
  OpenSSHAgent,
  utils,
  type AnyAuthMethod,
  type AuthHandlerMiddleware,
  type AuthenticationType,
  type IdentityCallback,
  type ParsedKey,
} from './ssh2';
import type { Prompter, SshTarget } from './types';

/** How many times a password, passphrase or keyboard-interactive round is asked, like OpenSSH. */
export const MAX_SECRET_ATTEMPTS = 3;

export interface AuthOptions {
  target: SshTarget;
  prompter: Prompter;
  /** The ssh-agent socket (`SSH_AUTH_SOCK`); the agent is never forwarded. */
  agent?: string;
  /** Keys tried when the target names none and `identitiesOnly` is off (~/.ssh/id_*). */
  defaultIdentityFiles: string[];
  /** Called before a person is asked anything, so the caller can stop timing the handshake. */
  onPrompt?: () => void;
}

/** The auth handler for ssh2 plus what it tried, for an "authentication failed" message. */
export interface Authenticator {
  handler: AuthHandlerMiddleware;
  tried: string[];
}

/** An agent that offers only the keys whose public halves sit beside the given identity files. */
class FilteredAgent extends OpenSSHAgent {
  constructor(
    socketPath: string,
    private readonly allowed: Buffer[],
  ) {
    super(socketPath);
  }

  override getIdentities(cb: IdentityCallback<ParsedKey>): void {
    super.getIdentities((error, keys) => {
      if (error || !keys) return cb(error ?? new Error('no identities'));
      cb(
        null,
        // OpenSSHAgent hands out parsed keys; the wider type covers other agents.
        keys.filter((key) =>
          this.allowed.some((blob) => blob.equals((key as ParsedKey).getPublicSSH())),
        ),
      );
    });
  }
}

function publicBlob(identityFile: string): Buffer | undefined {
  try {
    const line = readFileSync(`${identityFile}.pub`, 'utf8').trim().split(/\s+/);
    return line[1] ? Buffer.from(line[1], 'base64') : undefined;
  } catch {
    return undefined;
  }
}

function isEncryptedKeyError(error: Error): boolean {
  return /encrypted|passphrase/i.test(error.message);
}

type Step = (methodsLeft: readonly string[]) => Promise<AnyAuthMethod | undefined>;

export function createAuthenticator(options: AuthOptions): Authenticator {
  const { target, prompter } = options;
  const username = target.user;
  const who = { name: target.name, host: target.host, port: target.port, user: target.user };
  const tried: string[] = [];
  const ask = (
    kind: 'password' | 'passphrase' | 'keyboard-interactive',
    prompt: string,
    echo: boolean,
  ) => {
    options.onPrompt?.();
    return prompter.secret({ target: who, kind, prompt, echo });
  };
  const allows = (methodsLeft: readonly string[], method: string) => methodsLeft.includes(method);

  const steps: Step[] = [];
  // `none` first, as OpenSSH does: it tells which methods the server takes before anything is asked.
  steps.push(() => Promise.resolve({ type: 'none', username }));

  if (options.agent) {
    const socket = options.agent;
    steps.push((left) => {
      if (!allows(left, 'publickey')) return Promise.resolve(undefined);
      tried.push('publickey (agent)');
      const allowed = target.identityFiles.map(publicBlob).filter((b) => b !== undefined);
      const agent = target.identitiesOnly ? new FilteredAgent(socket, allowed) : socket;
      return Promise.resolve({ type: 'agent', username, agent });
    });
  }

  const files =
    target.identityFiles.length > 0 || target.identitiesOnly
      ? target.identityFiles
      : options.defaultIdentityFiles;
  for (const file of files) {
    steps.push(async (left) => {
      if (!allows(left, 'publickey')) return undefined;
      let data: Buffer;
      try {
        data = await readFile(file);
      } catch {
        return undefined; // A missing default key is normal; OpenSSH skips it silently too.
      }
      const plain = utils.parseKey(data);
      if (!(plain instanceof Error)) {
        tried.push(`publickey (${file})`);
        return { type: 'publickey', username, key: data };
      }
      if (!isEncryptedKeyError(plain)) return undefined;
      for (let attempt = 0; attempt < MAX_SECRET_ATTEMPTS; attempt++) {
        const suffix = attempt === 0 ? '' : ' (wrong passphrase, try again)';
        const passphrase = await ask(
          'passphrase',
          `Enter passphrase for key ${file}${suffix}`,
          false,
        );
        if (passphrase === null) return undefined;
        // The decrypted key is handed over parsed: decrypting (bcrypt KDF) again costs ~1 s.
        const key = utils.parseKey(data, passphrase);
        if (!(key instanceof Error)) {
          tried.push(`publickey (${file})`);
          return { type: 'publickey', username, key };
        }
      }
      return undefined;
    });
  }

  let isPasswordCancelled = false;
  for (let attempt = 0; attempt < MAX_SECRET_ATTEMPTS; attempt++) {
    steps.push(async (left) => {
      if (isPasswordCancelled || !allows(left, 'password')) return undefined;
      const again = attempt === 0 ? '' : 'Permission denied, please try again. ';
      const password = await ask(
        'password',
        `${again}${username}@${target.host}'s password: `,
        false,
      );
      if (password === null) {
        isPasswordCancelled = true;
        return undefined;
      }
      if (attempt === 0) tried.push('password');
      return { type: 'password', username, password };
    });
  }

  let isKbdCancelled = false;
  for (let attempt = 0; attempt < MAX_SECRET_ATTEMPTS; attempt++) {
    steps.push((left) => {
      if (isKbdCancelled || !allows(left, 'keyboard-interactive'))
        return Promise.resolve(undefined);
      if (attempt === 0) tried.push('keyboard-interactive');
      return Promise.resolve({
        type: 'keyboard-interactive',
        username,
        prompt: (_name, _instructions, _lang, prompts, finish) => {
          void (async () => {
            const answers: string[] = [];
            for (const p of prompts) {
              const answer = await ask('keyboard-interactive', p.prompt, p.echo ?? false);
              if (answer === null) {
                isKbdCancelled = true;
                return finish([]);
              }
              answers.push(answer);
            }
            finish(answers);
          })();
        },
      });
    });
  }

  let next = 0;
  const handler: AuthHandlerMiddleware = (methodsLeft, _partial, callback) => {
    // ssh2 passes null before the first attempt; only `none` runs then.
    const left: readonly AuthenticationType[] = methodsLeft ?? ['none'];
    void (async () => {
      while (next < steps.length) {
        const step = steps[next++];
        const method = step ? await step(left) : undefined;
        if (method) return callback(method);
      }
      callback(false as unknown as AnyAuthMethod);
    })();
  };
  return { handler, tried };
}
