/**
 * Suites that need something from the machine (root, Chromium, sshd) call this: without CI it
 * warns loudly and the suite is skipped; under CI=true a missing capability is a failure, so CI
 * can never pass by not running them.
 */
export function requireCapability(what: string, isAvailable: boolean, hint: string): boolean {
  if (isAvailable) return true;
  const message = `${what} is not available here (${hint})`;
  if (process.env.CI) throw new Error(`${message}; CI must run this suite`);
  console.warn(`\n!!! SKIPPING: ${message}. Set it up to run this suite. !!!\n`);
  return false;
}
