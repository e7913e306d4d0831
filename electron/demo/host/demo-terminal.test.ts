import { describe, expect, it } from 'vitest';
import type { ShellChannel } from '../../hosts/host';
import { createDemoLab } from '../index';
import { splitKeys } from './demo-terminal';
import { LineEditor } from './line-editor';

const PROMPT = /\[ec2-user@ip-192-168-\d+-\d+ ~\]\$ $/;

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** A shell on node1 driven by keystroke bytes, as a terminal view drives it. */
async function openShell(cols = 80) {
  const node1 = createDemoLab({ latencyMs: [0, 0] }).hosts[1]!;
  let output = '';
  let ended: { exitCode: number | null; signal?: string } | undefined;
  const channel: ShellChannel = await node1.shell(
    { size: { cols, rows: 24 } },
    { data: (chunk) => (output += chunk), end: (result) => (ended = result) },
  );
  await until(() => PROMPT.test(output));
  const mark = { at: 0 };
  return {
    channel,
    output: () => output,
    /** Output since the last `type`. */
    fresh: () => output.slice(mark.at),
    ended: () => ended,
    type(keys: string) {
      mark.at = output.length;
      channel.write(keys);
    },
    async runToPrompt(keys: string) {
      this.type(keys);
      await until(() => PROMPT.test(this.fresh()) && this.fresh().includes('\r\n'));
      return this.fresh();
    },
  };
}

describe('demo terminal', () => {
  it('greets with the login banner and a bash prompt naming the node', async () => {
    const t = await openShell();
    expect(t.output()).toContain('Amazon Linux 2023');
    expect(t.output()).toMatch(/\r\n\[ec2-user@ip-192-168-\d+-\d+ ~\]\$ $/);
  });

  it('echoes keys and runs the line through the demo shell with CR LF line ends', async () => {
    const t = await openShell();
    t.type('ip -br');
    expect(t.fresh()).toBe('ip -br');
    const out = await t.runToPrompt(' addr\r');
    expect(out).toMatch(/\r\nens5 +UP +192\.168\.\d+\.\d+\/\d+/);
    expect(out).not.toMatch(/[^\r]\n/);
  });

  it('edits the line: backspace, arrows, Ctrl-A/E, Ctrl-U, Ctrl-W, Delete', async () => {
    const t = await openShell();
    // "echo hllo", left ×3, "e" → "echo hello"; then End and a backspaced typo.
    let out = await t.runToPrompt('echo hllo\u001b[D\u001b[D\u001b[De\u0005x\u007f\r');
    expect(out).toContain('\r\nhello\r\n');
    out = await t.runToPrompt('name\u0001host\u0005\r');
    expect(out).toMatch(/\r\nip-192-168-\d+-\d+\.ap-northeast-2\.compute\.internal\r\n/);
    out = await t.runToPrompt('rm -rf junk\u0015echo kept\r');
    expect(out).toContain('\r\nkept\r\n');
    expect(out).not.toContain('command not found');
    out = await t.runToPrompt('echo a bad\u0017good\r');
    expect(out).toContain('\r\na good\r\n');
    out = await t.runToPrompt('echo xab\u0001\u001b[C\u001b[C\u001b[C\u001b[C\u001b[C\u001b[3~\r');
    expect(out).toContain('\r\nab\r\n');
  });

  it('recalls history with up and down, keeping the unfinished line', async () => {
    const t = await openShell();
    await t.runToPrompt('echo one\r');
    await t.runToPrompt('echo two\r');
    let out = await t.runToPrompt('\u001b[A\u001b[A\r');
    expect(out).toContain('\r\none\r\n');
    t.type('echo draft\u001b[A\u001b[B');
    out = await t.runToPrompt('\r');
    expect(out).toContain('\r\ndraft\r\n');
  });

  it('clears the screen on Ctrl-L and redraws the line being typed', async () => {
    const t = await openShell();
    t.type('echo hi\u000c');
    const fresh = t.fresh();
    expect(fresh).toContain('\u001b[H\u001b[2J');
    expect(fresh.slice(fresh.indexOf('\u001b[H\u001b[2J'))).toMatch(
      /\[ec2-user@ip-[\d-]+ ~\]\$ echo hi$/,
    );
  });

  it('interrupts a flood on Ctrl-C: ^C, then a prompt, and the flood stops', async () => {
    const t = await openShell();
    t.type('yes\r');
    await until(() => t.fresh().includes('y\r\ny\r\n'));
    t.type('\u0003');
    await until(() => PROMPT.test(t.output()));
    expect(t.fresh()).toMatch(/^\^C\r\n\[ec2-user@/);
    const length = t.output().length;
    await new Promise((r) => setTimeout(r, 30));
    expect(t.output().length).toBe(length);
    // The interrupted command does not end the shell.
    expect(await t.runToPrompt('echo still here\r')).toContain('still here');
  });

  it('ends watch on Ctrl-C and leaves its alternate screen', async () => {
    // watch fits its title to $COLUMNS: wide enough here for the title and the hostname.
    const t = await openShell(160);
    t.type('watch -n 0.1 date\r');
    await until(() => t.fresh().includes('Every 0.1s: date'));
    expect(t.fresh()).toContain('\u001b[?1049h');
    t.type('\u0003');
    await until(() => PROMPT.test(t.output()));
    expect(t.fresh()).toContain('\u001b[?1049l');
  });

  it('holds a running command while paused: a paused yes stops within one chunk', async () => {
    const t = await openShell();
    t.type('yes\r');
    await until(() => t.fresh().length > 100_000);
    t.channel.pause();
    const atPause = t.output().length;
    await new Promise((r) => setTimeout(r, 60));
    const held = t.output().length;
    // yes writes 4096 lines per chunk: at most one more chunk ("y\r\n" × 4096) gets out.
    expect(held - atPause).toBeLessThanOrEqual(4096 * 3);
    await new Promise((r) => setTimeout(r, 60));
    expect(t.output().length).toBe(held);
    t.channel.resume();
    await until(() => t.output().length > held + 100_000);
    // Ctrl-C is heard while paused, too.
    t.channel.pause();
    t.type('\u0003');
    await until(() => PROMPT.test(t.output()));
  });

  it('types ahead: keys sent while a command runs are read at the next prompt', async () => {
    const t = await openShell();
    t.type('sleep 0.05\recho after\r');
    await until(() => t.output().includes('\r\nafter\r\n'));
  });

  it('logs out on exit with its status, and on Ctrl-D at an empty line', async () => {
    const first = await openShell();
    first.type('exit 3\r');
    await until(() => first.ended() !== undefined);
    expect(first.ended()).toEqual({ exitCode: 3 });
    expect(first.output()).toMatch(/exit 3\r\nlogout\r\n$/);

    const second = await openShell();
    second.type('echo x\u0004\u007f\u007f\u007f\u007f\u007f\u007f\u0004');
    await until(() => second.ended() !== undefined);
    expect(second.ended()).toEqual({ exitCode: 0 });
  });

  it('hangs up on close, ending a running command', async () => {
    const t = await openShell();
    t.type('yes\r');
    await until(() => t.fresh().length > 1000);
    t.channel.close();
    expect(t.ended()).toEqual({ exitCode: null, signal: 'HUP' });
    const length = t.output().length;
    await new Promise((r) => setTimeout(r, 30));
    expect(t.output().length).toBe(length);
  });
});

describe('splitKeys', () => {
  it.each([
    ['ab', ['a', 'b']],
    ['\u001b[A\u001b[3~x', ['\u001b[A', '\u001b[3~', 'x']],
    ['\u001bOH\r', ['\u001bOH', '\r']],
    ['한글', ['한', '글']],
    ['\u001b', ['\u001b']],
  ])('splits %j', (input, keys) => {
    expect(splitKeys(input)).toEqual(keys);
  });
});

describe('LineEditor wrapping', () => {
  it('wraps a line typed past the margin and moves the cursor across rows', () => {
    const editor = new LineEditor('$ ', 10);
    expect(editor.begin()).toBe('$ ');
    expect(editor.insert('1234567')).toBe('1234567');
    // The 8th character reaches the margin: the line is redrawn and the wrap made explicit.
    expect(editor.insert('8')).toBe('\r\u001b[J$ 12345678\r\n');
    expect(editor.insert('9')).toBe('9');
    // Home from row 1 goes up a row to just after the prompt.
    expect(editor.home()).toBe('\u001b[1A\r\u001b[2C');
    expect(editor.end()).toBe('\u001b[1B\r\u001b[1C');
  });

  it('counts Hangul as two cells', () => {
    const editor = new LineEditor('$ ', 80);
    editor.begin();
    editor.insert('한');
    expect(editor.left()).toBe('\r\u001b[2C');
  });

  it('prompts `> ` for the lines of a here-document and runs it at its delimiter', async () => {
    const t = await openShell();
    t.type("grep -c kind <<'EOF'\r");
    await until(() => t.fresh().endsWith('\r\n> '));
    t.type('kind: A\r');
    await until(() => t.fresh().endsWith('\r\n> '));
    const out = await t.runToPrompt('EOF\r');
    expect(out).toMatch(/^EOF\r\n1\r\n\[ec2-user@/);
  });
});
