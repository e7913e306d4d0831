import type { Prompter } from '../ssh/types';

type SecretRequest = Parameters<Prompter['secret']>[0];

/** What the prompter needs of standard input: a TTY can be put in raw mode. */
export interface TtyInput {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  removeListener(event: 'data', listener: (chunk: string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface TtyPrompterOptions {
  input?: TtyInput;
  /** Where prompts and refusals go: stderr, so stdout stays the command's output. */
  output?: { write(text: string): unknown };
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const BACKSPACES = new Set(['\u007f', '\b']);

/**
 * The CLI's Prompter. Secrets (passwords, passphrases, keyboard-interactive answers) are read
 * from the terminal with echo off, one question at a time even when many hosts ask at once.
 * When standard input is not a terminal nothing is read from it — a pipe could feed a secret
 * from anywhere — and the request is declined with a message saying why. Host keys are never
 * asked about: the CLI decides them by policy (strict, or `--accept-new`).
 */
export function createTtyPrompter(options: TtyPrompterOptions = {}): Prompter {
  const input: TtyInput = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  let queue: Promise<unknown> = Promise.resolve();

  const ask = async (request: SecretRequest): Promise<string | null> => {
    const who = `${request.target.user}@${request.target.name}`;
    if (!input.isTTY || !input.setRawMode) {
      output.write(
        `kubelab: ${who} asks for a ${request.kind} (${request.prompt.trim()}), but standard ` +
          `input is not a terminal, so kubelab will not ask for it. Use ssh-agent, an ` +
          `unencrypted key, or run kubelab from a terminal.\n`,
      );
      return null;
    }
    const prompt = `[${who}] ${request.prompt.trimEnd()} `;
    const answer = await readLine(input, output, prompt, request.echo);
    output.write('\n');
    return answer;
  };

  return {
    hostKey: () => Promise.resolve('reject'),
    secret(request) {
      const answer = queue.then(() => ask(request));
      queue = answer.catch(() => undefined);
      return answer;
    },
  };
}

/** One line from a raw-mode TTY; Ctrl-C or Ctrl-D on an empty line cancel (null). */
function readLine(
  input: TtyInput,
  output: { write(text: string): unknown },
  prompt: string,
  isEchoed: boolean,
): Promise<string | null> {
  const echo = isEchoed ? output : undefined;
  return new Promise((resolve) => {
    let value = '';
    const finish = (result: string | null) => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      // Paused again so a waiting stdin does not keep the process alive after the last host.
      input.pause();
      resolve(result);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(value);
        if (ch === CTRL_C || (ch === CTRL_D && value === '')) return finish(null);
        if (ch === CTRL_U) value = '';
        else if (BACKSPACES.has(ch)) {
          if (value !== '' && echo) echo.write('\b \b');
          value = value.slice(0, -1);
        } else if (ch >= ' ') {
          value += ch;
          echo?.write(ch);
        }
      }
    };
    input.setEncoding('utf8');
    // Echo goes off before the prompt shows, so an answer typed the moment it appears is hidden.
    input.setRawMode?.(true);
    input.on('data', onData);
    input.resume();
    output.write(prompt);
  });
}
