import { describe, expect, it } from 'vitest';
import { redactSecrets, WITHHELD } from './redact';

describe('redactSecrets', () => {
  it('withholds private keys, whole or cut off', () => {
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    expect(redactSecrets(`before\n${key}\nafter`)).toBe(
      `before\n-----OPENSSH PRIVATE KEY ${WITHHELD}-----\nafter`,
    );
    expect(redactSecrets('-----BEGIN RSA PRIVATE KEY-----\nMIIEow')).toBe(
      `-----RSA PRIVATE KEY ${WITHHELD}-----`,
    );
    const pub = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA root@node1';
    expect(redactSecrets(pub)).toBe(pub);
  });

  it('withholds credential values and keeps their names', () => {
    expect(redactSecrets('export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG')).toBe(
      `export AWS_SECRET_ACCESS_KEY=${WITHHELD}`,
    );
    expect(redactSecrets('{ "SecretAccessKey": "abc/def", "AccessKeyId": "AKIA1" }')).toBe(
      `{ "SecretAccessKey": "${WITHHELD}", "AccessKeyId": "AKIA1" }`,
    );
    expect(redactSecrets('aws_session_token = FwoGZXIvYXdz')).toBe(
      `aws_session_token = ${WITHHELD}`,
    );
    expect(redactSecrets('ip route show table 2')).toBe('ip route show table 2');
  });
});
