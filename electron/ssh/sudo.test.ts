import { describe, expect, it } from 'vitest';
import { needsSudoPassword, sudoCommand } from './sudo';

describe('sudoCommand', () => {
  it('runs sudo -n for a non-root login, with every argument quoted', () => {
    expect(sudoCommand('ec2-user', ['iptables', '-t', 'nat', '-S'])).toBe(
      'sudo -n -- iptables -t nat -S',
    );
    expect(sudoCommand('ec2-user', ['echo', 'x;touch /tmp/p'])).toBe(
      "sudo -n -- echo 'x;touch /tmp/p'",
    );
  });

  it('needs no sudo when already root', () => {
    expect(sudoCommand('root', ['tcpdump', '-i', 'eni$(id)'])).toBe('tcpdump -i eni\\$\\(id\\)');
  });

  it('refuses an empty command', () => {
    expect(() => sudoCommand('root', [])).toThrow(/needs a command/);
  });

  it("recognizes sudo's password-required messages", () => {
    expect(needsSudoPassword('sudo: a password is required\n')).toBe(true);
    expect(needsSudoPassword('sudo: a terminal is required to read the password')).toBe(true);
    expect(needsSudoPassword('iptables: Permission denied')).toBe(false);
  });
});
