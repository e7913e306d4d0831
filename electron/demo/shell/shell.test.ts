import { describe, expect, it } from 'vitest';
import { awk } from './awk';
import { egrep, grep } from './grep';
import { jq } from './jq';
import { UserFiles } from './files';
import { parseCommandLine } from './parse';
import { captureLine, type Command, type ShellEnvironment } from './run';
import { column, cut, head, sort, tail, uniq, wc } from './text-tools';

const echo: Command = async (ctx) => {
  await ctx.stdout.write(`${ctx.argv.slice(1).join(' ')}\n`);
  return 0;
};
const printf: Command = async (ctx) => {
  await ctx.stdout.write((ctx.argv[1] ?? '').replace(/\\n/g, '\n'));
  return 0;
};
const whoami: Command = async (ctx) => {
  await ctx.stdout.write(ctx.isRoot ? 'root\n' : 'ec2-user\n');
  return 0;
};
const fail: Command = async (ctx) => {
  await ctx.stderr.write('boom\n');
  return 3;
};
/** Writes lines forever, like `yes`, until its reader goes away. */
const forever: Command = async (ctx) => {
  let n = 0;
  while (!ctx.signal.aborted) await ctx.stdout.write(`line ${++n}\n`);
  return 141;
};

const env: ShellEnvironment = {
  commands: new Map<string, Command>([
    ['echo', echo],
    ['printf', printf],
    ['whoami', whoami],
    ['fail', fail],
    ['forever', forever],
    ['true', () => 0],
    ['false', () => 1],
    ['grep', grep],
    ['egrep', egrep],
    ['head', head],
    ['tail', tail],
    ['wc', wc],
    ['sort', sort],
    ['uniq', uniq],
    ['cut', cut],
    ['awk', awk],
    ['column', column],
    ['jq', jq],
  ]),
  variables: new Map([['HOME', '/home/ec2-user']]),
  isTty: false,
  notFound: (name) => `bash: ${name}: command not found`,
};

const sh = (line: string) => captureLine(env, line, new AbortController().signal);

describe('parseCommandLine', () => {
  it('splits lists, and-or chains and pipelines', () => {
    const parsed = parseCommandLine('a | b && c || d; e');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.script.lists).toHaveLength(2);
    expect(parsed.script.lists[0]?.first.commands).toHaveLength(2);
    expect(parsed.script.lists[0]?.rest.map((r) => r.op)).toEqual(['&&', '||']);
  });

  it('reports what it does not simulate, and syntax errors like bash', () => {
    const background = parseCommandLine('sleep 1 &');
    expect(background.ok).toBe(false);
    expect(background.ok ? '' : background.message).toContain('background');
    expect(parseCommandLine('for i in 1 2; do echo $i; done')).toMatchObject({ ok: false });
    expect(parseCommandLine('a |')).toEqual({
      ok: false,
      message: "bash: syntax error near unexpected token `newline'",
    });
    expect(parseCommandLine('echo $(date')).toMatchObject({ ok: false });
  });
});

describe('running command lines', () => {
  it('runs && and || on exit statuses and returns the last status', async () => {
    expect(await sh('false && echo no || echo yes')).toEqual({
      stdout: 'yes\n',
      stderr: '',
      status: 0,
    });
    expect((await sh('true; fail')).status).toBe(3);
    expect((await sh('fail; echo $?')).stdout).toBe('3\n');
  });

  it('expands variables at run time, assignments included', async () => {
    expect((await sh('A=1; echo $A ${HOME} "$A x" \'$A\'')).stdout).toBe(
      '1 /home/ec2-user 1 x $A\n',
    );
    expect((await sh('A=2 echo $A; echo ${UNSET}end')).stdout).toBe('\nend\n');
  });

  it('runs $(…) when the word is used, with earlier assignments visible', async () => {
    const r = await sh('T=$(echo tok) && echo "X-Token: $T" "$(echo a b | cut -d" " -f2)"');
    expect(r.stdout).toBe('X-Token: tok b\n');
    expect((await sh('X=$(false); echo $?')).stdout).toBe('1\n');
  });

  it('strips sudo and its options', async () => {
    expect((await sh('whoami; sudo whoami; sudo -n whoami')).stdout).toBe('ec2-user\nroot\nroot\n');
    expect((await sh('sudo')).status).toBe(1);
  });

  it('answers an unknown command with 127 (sudo: 1, in its own words)', async () => {
    expect(await sh('nope')).toEqual({
      stdout: '',
      stderr: 'bash: nope: command not found\n',
      status: 127,
    });
    expect(await sh('sudo nope')).toEqual({
      stdout: '',
      stderr: 'sudo: nope: command not found\n',
      status: 1,
    });
  });

  it('honours 2>/dev/null, >/dev/null and 2>&1', async () => {
    expect(await sh('fail 2>/dev/null')).toEqual({ stdout: '', stderr: '', status: 3 });
    expect(await sh('fail 2>&1 | wc -l')).toEqual({ stdout: '1\n', stderr: '', status: 0 });
    expect(await sh('echo hi > /dev/null')).toEqual({ stdout: '', stderr: '', status: 0 });
  });

  it('ends an endless writer when its reader is done (SIGPIPE), as `yes | head` does', async () => {
    expect(await sh('forever | head -n 3')).toEqual({
      stdout: 'line 1\nline 2\nline 3\n',
      stderr: '',
      status: 0,
    });
    expect((await sh('forever | grep -q "line 5"')).status).toBe(0);
  });
});

describe('filters', () => {
  const text = String.raw`printf 'ens5 UP 1\neni1 UP 2\nens6 UP 3\neni2 DOWN 4\n'`;

  it('grep: BRE and ERE alternation, -v -c -i -w -o', async () => {
    expect((await sh(`${text} | grep 'ens|eni'`)).status).toBe(1);
    expect((await sh(`${text} | grep 'ens\\|eni' | wc -l`)).stdout).toBe('4\n');
    expect((await sh(`${text} | egrep 'ens|eni' | grep -v DOWN | grep -c eni`)).stdout).toBe('1\n');
    expect((await sh(`${text} | grep -i down`)).stdout).toBe('eni2 DOWN 4\n');
    expect((await sh(`${text} | grep -w UP -c`)).stdout).toBe('3\n');
    expect((await sh(`${text} | grep -oE 'eni[0-9]'`)).stdout).toBe('eni1\neni2\n');
    expect((await sh('grep -x')).status).toBe(2);
  });

  it('head, tail, wc, sort, uniq, cut', async () => {
    expect((await sh(`${text} | head -2`)).stdout).toBe('ens5 UP 1\neni1 UP 2\n');
    expect((await sh(`${text} | tail -n 1`)).stdout).toBe('eni2 DOWN 4\n');
    expect((await sh(`${text} | wc`)).stdout).toBe('      4      12      42\n');
    expect((await sh(`${text} | sort -k3 -nr | head -n 1`)).stdout).toBe('eni2 DOWN 4\n');
    expect((await sh(`${text} | cut -d' ' -f2 | sort | uniq -c`)).stdout).toBe(
      '      1 DOWN\n      3 UP\n',
    );
    expect((await sh(`printf 'a:b:c\\n' | cut -d: -f2-`)).stdout).toBe('b:c\n');
  });

  it('awk prints fields and concatenations, column -t aligns', async () => {
    expect((await sh(`${text} | awk '{print $1, $NF}'`)).stdout).toBe(
      'ens5 1\neni1 2\nens6 3\neni2 4\n',
    );
    expect((await sh(`${text} | awk '/DOWN/ { print "URL = http://"$1":8080" }'`)).stdout).toBe(
      'URL = http://eni2:8080\n',
    );
    expect((await sh(`${text} | awk 'NR>3{print}'`)).stdout).toBe('eni2 DOWN 4\n');
    expect((await sh(`printf 'NAME READY\\nnginx-1 1/1\\n' | column -t`)).stdout).toBe(
      'NAME     READY\nnginx-1  1/1\n',
    );
  });

  it('jq pretty-prints and follows paths', async () => {
    const doc = String.raw`printf '{"0":{"ENIs":{"eni-1":{"ID":"eni-1"}},"TotalIPs":5}}'`;
    expect((await sh(`${doc} | jq`)).stdout).toBe(
      '{\n  "0": {\n    "ENIs": {\n      "eni-1": {\n        "ID": "eni-1"\n      }\n    },\n    "TotalIPs": 5\n  }\n}\n',
    );
    expect((await sh(`${doc} | jq -r '.["0"].ENIs[].ID'`)).stdout).toBe('eni-1\n');
    expect((await sh(`${doc} | jq '.["0"] | keys'`)).stdout).toBe(
      '[\n  "ENIs",\n  "TotalIPs"\n]\n',
    );
  });
});

describe('here-documents', () => {
  it('gives the body to the command as stdin, literally, up to the delimiter line', async () => {
    const parsed = parseCommandLine("grep -c kind <<'EOF'\nkind: A\nname: $HOME\nkind: B\nEOF");
    expect(parsed.ok && parsed.script.lists[0]?.first.commands[0]).toMatchObject({
      words: ['grep', '-c', 'kind'],
      stdin: 'kind: A\nname: $HOME\nkind: B\n',
    });
    expect(await sh('grep -c kind <<EOF\nkind: A\nkind: B\nEOF')).toMatchObject({
      stdout: '2\n',
      status: 0,
    });
  });

  it('strips leading tabs with <<-, and starts a new command after the delimiter', async () => {
    expect(await sh('grep b <<-END\n\ta\n\tb\n\tEND\necho next')).toMatchObject({
      stdout: 'b\nnext\n',
    });
  });
});

describe('files in the home directory', () => {
  it('writes with > and >>, resolves ~ and relative paths, refuses the rest', async () => {
    const files = new UserFiles('/home/ec2-user');
    const withFiles: ShellEnvironment = { ...env, files };
    const run = (line: string) => captureLine(withFiles, line, new AbortController().signal);
    await run('echo one > notes.txt');
    await run('echo two >> ~/notes.txt');
    expect(files.read('/home/ec2-user/notes.txt')).toBe('one\ntwo\n');
    await run('echo three > ./notes.txt');
    expect(files.read('notes.txt')).toBe('three\n');
    expect(files.list()).toEqual(['notes.txt']);
    expect(await run('echo x > /etc/passwd')).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^bash: \/etc\/passwd: Read-only file system/) as unknown,
    });
    expect(files.isWritable('/tmp/x')).toBe(true);
    expect(files.isWritable('~/a/b')).toBe(false);
  });
});
