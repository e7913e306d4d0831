/**
 * The one place ssh2 is loaded. It is CommonJS, and Node's ESM loader detects only the first few
 * of its named exports (`utils` and `OpenSSHAgent` are missed), so the bundled CLI would fail on
 * `import { utils } from 'ssh2'`: take the module object and pick from it instead.
 */
import ssh2, { type Client as Ssh2Client } from 'ssh2';

export const { Client, OpenSSHAgent, utils } = ssh2;
export type Client = Ssh2Client;
export type {
  AnyAuthMethod,
  AuthHandlerMiddleware,
  AuthenticationType,
  ClientChannel,
  IdentityCallback,
  ParsedKey,
  ServerHostKeyAlgorithm,
} from 'ssh2';
