/**
 * What the SSH integration suites share: whether real sshd can run here (a loud skip locally, a
 * failure under CI=true), and an `SshHost` for a target, named after it.
 */
import { SshHost, type SshPool } from '../../electron/ssh';
import type { SshTarget } from '../../electron/ssh/types';
import { requireCapability } from './require-capability';
import { sshdCapability } from './sshd';

/** True when the suite can start real sshd processes; call once at the top of a suite file. */
export function canRunSshd(): boolean {
  const capability = sshdCapability();
  return requireCapability('sshd (OpenSSH server) as root', capability.available, capability.hint);
}

/** A node host for `target`, its id and name the target's name. */
export function hostFor(target: SshTarget, pool: SshPool): SshHost {
  return new SshHost(
    { id: target.name, name: target.name, role: 'node', address: target.host, tags: [] },
    target,
    pool,
  );
}
