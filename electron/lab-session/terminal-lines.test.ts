import { describe, expect, it } from 'vitest';
import { TerminalLineTracker, type TerminalRecord } from './terminal-lines';
import { cookTerminalText, isSecretPrompt } from './terminal-text';

const PROMPT = 'root@node-1:~# ';

function tracker(idleMs = 60_000) {
  const records: TerminalRecord[] = [];
  const t = new TerminalLineTracker({ emit: (r) => records.push(r), idleMs });
  t.output(`Welcome\r\n${PROMPT}`);
  const commands = () =>
    records.flatMap((r) =>
      r.kind === 'command' ? [{ command: r.command, output: r.output }] : [],
    );
  const notes = () => records.flatMap((r) => (r.kind === 'note' ? [r.text] : []));
  return { t, records, commands, notes };
}

/** Types `keys` one at a time, echoing each as bash's readline does. */
function typeSlowly(t: TerminalLineTracker, keys: string) {
  for (const k of keys) {
    t.input(k);
    if (k === '\u007f') t.output('\b\u001b[K');
    else if (k !== '\r') t.output(k);
  }
}

describe('TerminalLineTracker', () => {
  it('journals a typed line after backspace edits, with the output up to the next prompt', () => {
    const { t, commands } = tracker();
    typeSlowly(t, 'ecx\u007fho hi\r');
    t.output('\r\nhi\r\n' + PROMPT);
    typeSlowly(t, 'uname\r');
    t.output('\r\nLinux\r\n' + PROMPT);
    t.end();
    expect(commands()).toEqual([
      { command: 'echo hi', output: 'hi' },
      { command: 'uname', output: 'Linux' },
    ]);
  });

  it('takes a line sent in one piece, its echo arriving after Enter', () => {
    const { t, commands } = tracker();
    t.input('ls /\r');
    t.output('ls /\r\nbin  etc\r\n' + PROMPT);
    t.input('ps\u0008\u0008pwd\r');
    t.output('pwd\r\n/root\r\n' + PROMPT);
    t.end();
    expect(commands()).toEqual([
      { command: 'ls /', output: 'bin  etc' },
      { command: 'pwd', output: '/root' },
    ]);
  });

  it('withholds what is typed at a sudo password prompt, keeping the command’s output', () => {
    const { t, records, commands, notes } = tracker();
    typeSlowly(t, 'sudo ls\r');
    t.output('\r\n[sudo] password for alice: ');
    t.input('hunter2\r');
    t.output('\r\nfile-a\r\n' + PROMPT);
    t.end();
    expect(commands()).toEqual([
      { command: 'sudo ls', output: '[sudo] password for alice: \nfile-a' },
    ]);
    expect(notes()[0]).toMatch(/password prompt .*withheld/);
    expect(JSON.stringify(records)).not.toContain('hunter2');
  });

  it('withholds a line the terminal did not echo, even without a known prompt', () => {
    const { t, records, notes } = tracker();
    typeSlowly(t, 'read -s x\r');
    t.output('\r\n');
    t.input('s3cret\r');
    t.output('\r\n' + PROMPT);
    t.end();
    expect(notes().some((n) => /not echoed/.test(n))).toBe(true);
    expect(JSON.stringify(records)).not.toContain('s3cret');
  });

  it('does not guess lines recalled from history or completed with Tab', () => {
    const { t, commands, notes } = tracker();
    t.input('\u001b[A');
    t.output('echo recalled');
    t.input('\r');
    t.output('\r\nrecalled\r\n' + PROMPT);
    t.input('ca\t');
    t.output('t ');
    t.input('/etc/hostname\r');
    t.output('\r\nnode-1\r\n' + PROMPT);
    t.end();
    expect(commands()).toEqual([]);
    expect(notes()).toEqual([
      expect.stringContaining('history recall (↑)'),
      expect.stringContaining('Tab completion'),
    ]);
  });

  it('marks a full-screen program instead of journaling its screens and keys', () => {
    const { t, commands } = tracker();
    t.input('vim /etc/hosts\r');
    t.output('vim /etc/hosts\r\n\u001b[?1049h\u001b[H~\r\n~\r\n');
    t.input(':q\r');
    t.output('\u001b[?1049l' + PROMPT);
    t.input('true\r');
    t.output('true\r\n' + PROMPT);
    t.end();
    expect(commands()).toEqual([
      {
        command: 'vim /etc/hosts',
        output: '[full-screen program: its screens and keys are not journaled]',
      },
      { command: 'true', output: '' },
    ]);
  });

  it('follows Ctrl-U, Ctrl-W, Ctrl-C and a bracketed multi-line paste', () => {
    const { t, commands } = tracker();
    t.input('rm -rf \u0015echo one two\u0017three\r');
    t.output('echo one three\r\none three\r\n' + PROMPT);
    t.input('abandoned\u0003');
    t.output('abandoned^C\r\n' + PROMPT);
    t.input('\u001b[200~echo a\recho b\u001b[201~\r');
    t.output('echo a\r\na\r\n' + PROMPT + 'echo b\r\nb\r\n' + PROMPT);
    t.end();
    expect(commands().map((c) => c.command)).toEqual(['echo one three', 'echo a', 'echo b']);
  });

  it('writes a quiet command after the idle time, and later output as its continuation', async () => {
    const { t, records } = tracker(30);
    t.input('sleep 1; echo done\r');
    t.output('sleep 1; echo done\r\n');
    await new Promise((r) => setTimeout(r, 80));
    expect(records).toHaveLength(1);
    t.output('done\r\n' + PROMPT);
    await new Promise((r) => setTimeout(r, 80));
    expect(records).toMatchObject([
      { kind: 'command', command: 'sleep 1; echo done', output: '', isContinued: false },
      { kind: 'command', command: 'sleep 1; echo done', output: 'done', isContinued: true },
    ]);
  });

  it('bounds a flood of output and counts what it dropped', () => {
    const records: TerminalRecord[] = [];
    const t = new TerminalLineTracker({ emit: (r) => records.push(r), maxOutput: 100 });
    t.input('yes\r');
    t.output('yes\r\n' + 'y\r\n'.repeat(1000));
    t.end();
    const [entry] = records;
    expect(entry).toMatchObject({ kind: 'command', command: 'yes' });
    if (entry?.kind !== 'command') throw new Error('no entry');
    expect(entry.output.length).toBe(100);
    expect(entry.dropped).toBeGreaterThan(1500);
  });
});

describe('terminal text', () => {
  it('renders carriage returns, backspaces, erases and drops colours', () => {
    expect(cookTerminalText('10%\r50%\r100%\r\n\u001b[01;34mdir\u001b[0m\r\nab\b\u001b[Kc')).toBe(
      '100%\ndir\nac',
    );
    expect(cookTerminalText('\u001b]0;title\u0007x')).toBe('x');
  });

  it('knows secret prompts, not shell prompts', () => {
    for (const p of [
      '[sudo] password for alice: ',
      'Password: ',
      "Enter passphrase for key '/root/.ssh/id_ed25519': ",
      'alice@10.0.0.1’s password: ',
      'Verification code: ',
    ])
      expect(isSecretPrompt(p), p).toBe(true);
    for (const p of ['root@secret-box:~# ', '$ ', 'password-reset$ ', '>>> '])
      expect(isSecretPrompt(p), p).toBe(false);
  });
});
