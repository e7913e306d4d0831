/** The SSH layer's public face: hosts, the connection pool, sudo and quoting helpers. */
export { SshHost, EXEC_OUTPUT_LIMIT } from './ssh-host';
export { SshPool, PooledConnection, HANDSHAKE_LIMIT, hopKey, type SshPoolOptions } from './pool';
export { execAsRoot, sudoCommand, needsSudoPassword, SudoPasswordRequiredError } from './sudo';
export { fingerprint, keyAlgorithm, hostKeyInfo } from './fingerprint';
export { describeHop } from './errors';
export { Limiter } from './limiter';
export type * from './types';
