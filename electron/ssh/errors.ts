/**
 * Turns what ssh2 and the socket report into `HostUnavailableError`s a person can act on: which
 * host and port, through which jump hosts, and what to do (key fingerprints, methods tried).
 */
import { HostUnavailableError } from '../hosts/host';
import type { HostKeyDecision, SshTarget } from './types';

export interface HopContext {
  target: SshTarget;
  /** Names of the jump hosts in front of this hop, first first. */
  via: string[];
  /** Auth methods offered so far. */
  tried: readonly string[];
}

/** `node1 (root@10.0.2.2:22 via operator)`. */
export function describeHop(hop: Pick<HopContext, 'target' | 'via'>): string {
  const { target } = hop;
  const where = `${target.user}@${target.host}:${target.port}`;
  const via = hop.via.length > 0 ? ` via ${hop.via.join(' → ')}` : '';
  return target.name === target.host ? `${where}${via}` : `${target.name} (${where}${via})`;
}

function codeOf(error: Error): string | undefined {
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function levelOf(error: Error): string | undefined {
  const level = (error as Error & { level?: unknown }).level;
  return typeof level === 'string' ? level : undefined;
}

/**
 * True when the server dropped the connection before or during the key exchange, as sshd does
 * past MaxStartups ("kex_exchange_identification" in its log): worth retrying after a pause.
 */
export function isDroppedConnect(error: unknown): boolean {
  if (error instanceof HostUnavailableError)
    return error.message.includes('closed the connection before');
  if (!(error instanceof Error)) return false;
  const code = codeOf(error);
  return (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /Connection lost before handshake|kex_exchange_identification/i.test(error.message)
  );
}

export function describeConnectError(
  error: Error,
  hop: HopContext,
  decision: HostKeyDecision | undefined,
): HostUnavailableError {
  const name = describeHop(hop);
  if (decision && !decision.accept) {
    // The verifier's reason leads (it names the key and says what is wrong with it); the hop
    // follows, so a clamped one-line view still shows what matters.
    return new HostUnavailableError(
      'host-key',
      `${decision.reason} — refused connecting to ${name}`,
    );
  }
  const code = codeOf(error);
  if (levelOf(error) === 'client-authentication') {
    const tried = hop.tried.length > 0 ? hop.tried.join(', ') : 'none that the server accepts';
    return new HostUnavailableError(
      'auth-failed',
      `authentication failed for ${name}; tried: ${tried}`,
    );
  }
  switch (code ?? '') {
    case 'ECONNREFUSED':
      return new HostUnavailableError(
        'unreachable',
        `connection refused by ${name}: is sshd running there?`,
      );
    case 'ETIMEDOUT':
      return new HostUnavailableError('timeout', `connecting to ${name} timed out`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new HostUnavailableError(
        'unreachable',
        `cannot resolve ${hop.target.host} for ${name}`,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new HostUnavailableError('unreachable', `no route to ${name}`);
    default:
      break;
  }
  if (/Timed out while waiting for handshake/i.test(error.message)) {
    return new HostUnavailableError(
      'timeout',
      `${name} did not complete the SSH handshake in time`,
    );
  }
  if (isDroppedConnect(error)) {
    return new HostUnavailableError(
      'unreachable',
      `${name} closed the connection before the SSH handshake (too many connections at once? sshd MaxStartups)`,
    );
  }
  return new HostUnavailableError('unreachable', `cannot connect to ${name}: ${error.message}`);
}

/** A jump host could not open the TCP stream to the next hop. */
export function describeForwardError(
  error: Error,
  jump: string,
  next: HopContext,
): HostUnavailableError {
  return new HostUnavailableError(
    'unreachable',
    `jump host ${jump} could not reach ${describeHop(next)}: ${error.message}`,
  );
}
