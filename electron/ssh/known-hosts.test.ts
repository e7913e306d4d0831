import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSurvives, mutationsOf } from '../../test/support/fuzz';
import { globMatch } from './host-key-pattern';
import {
  appendKnownHost,
  entryMatches,
  fingerprintOf,
  knownHostsName,
  lookupKnownHost,
  parseKnownHosts,
  type KnownHostsFile,
} from './known-hosts';

// Real keys and real OpenSSH tools: ssh-keygen is the oracle for fingerprints and for which
// known_hosts lines cover a name (`ssh-keygen -F`), including hashed ones made by `ssh-keygen -H`.
const dir = mkdtempSync(path.join(tmpdir(), 'kubelab-known-hosts-'));
const keygen = (...args: string[]): string =>
  execFileSync('ssh-keygen', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface PubKey {
  type: string;
  base64: string;
  blob: Buffer;
  file: string;
}
const keys: Record<string, PubKey> = {};

function makeKey(name: string, ...spec: string[]): PubKey {
  const file = path.join(dir, name);
  keygen('-q', ...spec, '-N', '', '-C', `${name}@test`, '-f', file);
  const [type = '', base64 = ''] = readFileSync(`${file}.pub`, 'utf8').trim().split(' ');
  return { type, base64, blob: Buffer.from(base64, 'base64'), file: `${file}.pub` };
}

const key = (name: string): PubKey => {
  const k = keys[name];
  if (!k) throw new Error(`no key ${name}`);
  return k;
};
const line = (hosts: string, name: string, comment = ''): string =>
  `${hosts} ${key(name).type} ${key(name).base64}${comment ? ' ' + comment : ''}`;

beforeAll(() => {
  keys.ed = makeKey('ed', '-t', 'ed25519');
  keys.ed2 = makeKey('ed2', '-t', 'ed25519');
  keys.ec = makeKey('ec', '-t', 'ecdsa', '-b', '256');
  keys.ec384 = makeKey('ec384', '-t', 'ecdsa', '-b', '384');
  keys.rsa = makeKey('rsa', '-t', 'rsa', '-b', '2048');
  keys.ca = makeKey('ca', '-t', 'ed25519');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Line numbers `ssh-keygen -F name -f file` reports as matching. */
function oracleLines(file: string, name: string): number[] {
  let out: string;
  try {
    out = keygen('-F', name, '-f', file);
  } catch (error) {
    // Exit 1 means "not found"; anything printed is still the answer.
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  return [...out.matchAll(/found: line (\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

function ourLines(file: string, name: string): number[] {
  const parsed = parseKnownHosts(readFileSync(file, 'utf8'), file);
  return parsed.entries.filter((e) => entryMatches(e, name)).map((e) => e.line);
}

describe('fingerprints', () => {
  it('equal ssh-keygen -lf for ed25519, ecdsa 256/384 and rsa keys', () => {
    for (const name of ['ed', 'ec', 'ec384', 'rsa']) {
      const expected = keygen('-lf', key(name).file).split(' ')[1];
      expect(fingerprintOf(key(name).blob), name).toBe(expected);
    }
  });
});

describe('host matching agrees with ssh-keygen -F', () => {
  const plain = () => [
    '# a comment, then a blank line',
    '',
    line('node1,10.0.0.11', 'ed', 'root@node1'),
    line('[10.0.0.12]:2222', 'ec'),
    line('*.lab.internal,!secret.lab.internal', 'rsa'),
    line('node?', 'ec384'),
    line('[127.0.0.1]:*', 'ed2'),
    line('Bastion.Example.COM', 'ed'),
    '@revoked ' + line('*', 'ed2'),
    '@cert-authority ' + line('*.lab.internal', 'ca'),
    line('!node9,node*', 'rsa'),
  ];
  const names = [
    'node1',
    'NODE1',
    '10.0.0.11',
    '[10.0.0.12]:2222',
    '10.0.0.12',
    '[10.0.0.12]:22',
    'a.lab.internal',
    'secret.lab.internal',
    'lab.internal',
    'node2',
    'node12',
    'node9',
    '[127.0.0.1]:2222',
    '127.0.0.1',
    'bastion.example.com',
    'nothing',
  ];

  it('on plain patterns: comma lists, [host]:port, *, ?, !negation, markers, case', () => {
    const file = path.join(dir, 'plain');
    writeFileSync(file, plain().join('\n') + '\n');
    for (const name of names) expect(ourLines(file, name), name).toEqual(oracleLines(file, name));
    // The oracle must have found something, or the comparison proves nothing.
    expect(oracleLines(file, 'node1')).toEqual([3, 6, 9, 11]);
    expect(oracleLines(file, 'node9')).toEqual([6, 9]);
  });

  it('on entries hashed by ssh-keygen -H (one hashed line per name)', () => {
    const file = path.join(dir, 'hashed');
    writeFileSync(file, plain().join('\n') + '\n');
    keygen('-H', '-f', file);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\|1\|/m);
    // ssh lowercases the host name before it hashes it; `ssh-keygen -F` hashes what it is given.
    for (const name of names)
      expect(ourLines(file, name), name).toEqual(oracleLines(file, name.toLowerCase()));
    // …and the hashed lines themselves were matched, not only the wildcard ones -H leaves alone.
    const lines = text.split('\n');
    const hashedHits = oracleLines(file, '[10.0.0.12]:2222').filter((n) =>
      lines[n - 1]?.startsWith('|1|'),
    );
    expect(hashedHits).toHaveLength(1);
  });

  it('with CRLF line ends like a file edited on Windows', () => {
    const file = path.join(dir, 'crlf');
    writeFileSync(file, plain().join('\r\n') + '\r\n');
    const parsed = parseKnownHosts(readFileSync(file, 'utf8'), file);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.entries.find((e) => e.line === 3)?.comment).toBe('root@node1');
    expect(ourLines(file, 'node1')).toEqual([3, 6, 9, 11]);
  });
});

describe('lookup verdicts', () => {
  const files = (): KnownHostsFile[] => [
    parseKnownHosts(
      [
        line('node1', 'ed'),
        line('[10.0.0.5]:2222', 'ec'),
        line('rsa-only', 'rsa'),
        '@revoked ' + line('*', 'ed2'),
        '@cert-authority ' + line('*.lab', 'ca'),
      ].join('\n'),
      '/home/u/.ssh/known_hosts',
    ),
    parseKnownHosts(
      line('node1', 'ed2') + '\n' + line('n2', 'ec384') + '\n',
      '/etc/ssh/ssh_known_hosts',
    ),
  ];

  it('trusts an equal key and names where it was found', () => {
    const r = lookupKnownHost(files(), 'node1', key('ed').blob);
    expect(r.verdict).toEqual({
      kind: 'trusted',
      source: {
        file: '/home/u/.ssh/known_hosts',
        line: 1,
        algorithm: 'ssh-ed25519',
        fingerprint: fingerprintOf(key('ed').blob),
      },
    });
  });

  it('calls a different key changed, listing every old fingerprint with file:line', () => {
    const r = lookupKnownHost(files(), '[10.0.0.5]:2222', key('ed').blob);
    expect(r.verdict).toEqual({
      kind: 'changed',
      known: [
        {
          file: '/home/u/.ssh/known_hosts',
          line: 2,
          algorithm: 'ecdsa-sha2-nistp256',
          fingerprint: fingerprintOf(key('ec').blob),
        },
      ],
    });
    // A key of another type than the known one is refused too: OpenSSH 9 says "REMOTE HOST
    // IDENTIFICATION HAS CHANGED" for it, and treating it as new would let an attacker pick a type.
    expect(lookupKnownHost(files(), 'rsa-only', key('ed').blob).verdict.kind).toBe('changed');
  });

  it('says revoked for a key under @revoked, even where another line would trust it', () => {
    const r = lookupKnownHost(files(), 'node1', key('ed2').blob);
    expect(r.verdict).toMatchObject({ kind: 'revoked', source: { line: 4 } });
  });

  it('notes @cert-authority lines but does not let them vouch for a plain key', () => {
    const r = lookupKnownHost(files(), 'x.lab', key('ca').blob);
    expect(r.verdict).toEqual({ kind: 'unknown' });
    expect(r.certAuthorities).toMatchObject([{ line: 5, algorithm: 'ssh-ed25519' }]);
  });

  it('looks up [host]:port off port 22 and the HostKeyAlias verbatim', () => {
    expect(knownHostsName('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
    expect(knownHostsName('Node1', 22)).toBe('node1');
    expect(knownHostsName('10.0.0.5', 2222, 'n2')).toBe('n2');
    expect(lookupKnownHost(files(), '10.0.0.5', key('ec').blob).verdict.kind).toBe('unknown');
    const alias = lookupKnownHost(
      files(),
      knownHostsName('10.9.9.9', 2200, 'n2'),
      key('ec384').blob,
    );
    expect(alias.verdict).toMatchObject({
      kind: 'trusted',
      source: { file: '/etc/ssh/ssh_known_hosts' },
    });
  });
});

describe('bad lines', () => {
  it('become warnings with line numbers, and the good lines around them still count', () => {
    const text = [
      line('good1', 'ed'),
      '@bogus ' + line('x', 'ed'),
      'lonely-host',
      'host ssh-ed25519',
      'host ssh-ed25519 !!!notbase64!!!',
      `host ssh-rsa ${key('ed').base64}`,
      '|1|short|hash ' + key('ed').type + ' ' + key('ed').base64,
      'host 2048 65537 1234567890',
      'host ssh-ed25519 AAAA',
      line('good2', 'rsa'),
    ].join('\n');
    const parsed = parseKnownHosts(text, 'kh');
    expect(parsed.entries.map((e) => e.line)).toEqual([1, 10]);
    expect(parsed.warnings.map((w) => [w.line, w.message])).toEqual([
      [2, 'unknown marker @bogus (only @revoked and @cert-authority exist)'],
      [3, 'truncated before the key type'],
      [4, 'truncated after the key type "ssh-ed25519"'],
      [5, 'the ssh-ed25519 key is not valid base64'],
      [6, 'the line says ssh-rsa but the key is ssh-ed25519'],
      [7, 'bad hashed host |1|short|hash (expected |1|salt|hmac)'],
      [8, 'SSH protocol 1 RSA key (bits exponent modulus): not supported'],
      [9, 'the ssh-ed25519 key is not an SSH public key blob'],
    ]);
  });

  it('never make the parser throw (seeded mutations of a real file)', () => {
    const text = [
      line('node1,10.0.0.11', 'ed', 'c'),
      line('[h]:2222', 'rsa'),
      '@revoked ' + line('*', 'ec'),
    ].join('\n');
    expectSurvives((t) => {
      const r = parseKnownHosts(t);
      return { value: r.entries, warnings: r.warnings };
    }, mutationsOf(text));
  });

  it('glob matching stays linear on adversarial patterns', () => {
    expect(globMatch('a'.repeat(5000), '*a*a*a*a*a*a*a*a*a*a*b')).toBe(false);
    expect(globMatch('node1.lab', 'n*?.l*b')).toBe(true);
  });
});

describe('appendKnownHost', () => {
  it('creates the directory and a 0600 file with a hashed line ssh-keygen -F finds', async () => {
    const file = path.join(dir, 'own/sub/known_hosts');
    await appendKnownHost(file, '[127.0.0.1]:2222', key('ed').blob);
    await appendKnownHost(file, 'node1', key('rsa').blob, { hash: false });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^\|1\|[^ ]+ ssh-ed25519 /);
    expect(text).toContain(`node1 ssh-rsa ${key('rsa').base64}\n`);
    expect(oracleLines(file, '[127.0.0.1]:2222')).toEqual([1]);
    expect(oracleLines(file, 'node1')).toEqual([2]);
  });

  it('adds a newline to a file that lacks one, and parallel appends keep whole lines', async () => {
    const file = path.join(dir, 'unterminated');
    writeFileSync(file, line('old', 'ed'));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => appendKnownHost(file, `host${i}`, key('rsa').blob)),
    );
    const parsed = parseKnownHosts(readFileSync(file, 'utf8'), file);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.entries).toHaveLength(21);
    for (let i = 0; i < 20; i++) expect(oracleLines(file, `host${i}`)).toHaveLength(1);
  });
});
