/**
 * Everyday commands of an Amazon Linux 2023 host: echo, true/false, date, whoami, id, hostname,
 * hostnamectl, uname, cat (a handful of real files), env, pwd, clear, and a helpful `ssh`.
 */
import type { Command } from '../shell/run';
import { formatFlow, hostFlows } from './conntrack';
import {
  clusterOf,
  fail,
  hostnameOf,
  instanceOf,
  nowOf,
  ok,
  printing,
  type HostContext,
} from './context';
import { ctime } from './streams';

export const trueCommand: Command = () => 0;
export const falseCommand: Command = () => 1;

export const echo: Command = printing((ctx) => {
  let args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args[0] && /^-[neE]+$/.test(args[0])) {
    newline &&= !args[0].includes('n');
    escapes = args[0].includes('e') || (escapes && !args[0].includes('E'));
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
  return ok(newline ? `${text}\n` : text);
});

/** The part of strftime that `date +FORMAT` one-liners use. */
export function strftime(format: string, ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const parts: Record<string, string> = {
    Y: String(d.getUTCFullYear()),
    m: pad(d.getUTCMonth() + 1),
    d: pad(d.getUTCDate()),
    e: String(d.getUTCDate()).padStart(2, ' '),
    H: pad(d.getUTCHours()),
    M: pad(d.getUTCMinutes()),
    S: pad(d.getUTCSeconds()),
    s: String(Math.floor(ms / 1000)),
    a: d.toUTCString().slice(0, 3),
    b: d.toUTCString().slice(8, 11),
    Z: 'UTC',
    z: '+0000',
    N: pad((ms % 1000) * 1_000_000, 9),
    '%': '%',
  };
  parts.F = `${parts.Y}-${parts.m}-${parts.d}`;
  parts.T = `${parts.H}:${parts.M}:${parts.S}`;
  return format.replace(/%([A-Za-z%])/g, (all, c: string) => parts[c] ?? all);
}

export function dateCommand(host: HostContext): Command {
  return printing((ctx) => {
    const now = nowOf(host);
    const format = ctx.argv.slice(1).find((a) => a.startsWith('+'));
    if (format) return ok(`${strftime(format.slice(1), now)}\n`);
    // The hosts run in UTC, so -u changes nothing.
    const text = ctime(now);
    return ok(`${text.slice(0, 19)} UTC ${text.slice(20)}\n`);
  });
}

/** The login user from the session's environment (`ec2-user`, or `docker`/`ubuntu` in the overlay labs). */
const loginUser = (env: ReadonlyMap<string, string>) => env.get('LOGNAME') ?? 'ec2-user';

export const whoami: Command = printing((ctx) =>
  ok(ctx.isRoot ? 'root\n' : `${loginUser(ctx.env)}\n`),
);

export const id: Command = printing((ctx) => {
  const user = loginUser(ctx.env);
  if (!ctx.isRoot && user !== 'ec2-user')
    return ok(`uid=1000(${user}) gid=1000(${user}) groups=1000(${user}),27(sudo)\n`);
  return ok(
    ctx.isRoot
      ? 'uid=0(root) gid=0(root) groups=0(root) context=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023\n'
      : 'uid=1000(ec2-user) gid=1000(ec2-user) groups=1000(ec2-user),4(adm),10(wheel),190(systemd-journal) context=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023\n',
  );
});

export function hostnameCommand(host: HostContext): Command {
  return printing((ctx) => {
    const flag = ctx.argv[1];
    if (flag === '-i' || flag === '-I')
      return ok(`${instanceOf(host).privateIp}${flag === '-I' ? ' ' : ''}\n`);
    if (flag === '-s') return ok(`${hostnameOf(host).split('.')[0] ?? ''}\n`);
    return ok(`${hostnameOf(host)}\n`);
  });
}

function unameFields(host: HostContext): Record<string, string> {
  const kernel = instanceOf(host).kernelRelease;
  return {
    s: 'Linux',
    n: hostnameOf(host),
    r: kernel,
    v: '#1 SMP PREEMPT_DYNAMIC Wed May  7 09:10:59 UTC 2025',
    m: 'x86_64',
    p: 'x86_64',
    i: 'x86_64',
    o: 'GNU/Linux',
  };
}

export function unameCommand(host: HostContext): Command {
  return printing((ctx) => {
    const f = unameFields(host);
    const flags = ctx.argv.slice(1).join('').replace(/-/g, '');
    if (flags.includes('a'))
      return ok(`${['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o'].map((k) => f[k]).join(' ')}\n`);
    const wanted = flags
      ? ['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o'].filter((k) => flags.includes(k))
      : ['s'];
    if (flags && wanted.length === 0)
      return fail(
        `uname: invalid option -- '${flags[0] ?? ''}'\nTry 'uname --help' for more information.\n`,
      );
    return ok(`${wanted.map((k) => f[k]).join(' ')}\n`);
  });
}

export function hostnamectlCommand(host: HostContext): Command {
  return printing(() => {
    const inst = instanceOf(host);
    return ok(
      [
        ` Static hostname: ${hostnameOf(host)}`,
        '       Icon name: computer-vm',
        '         Chassis: vm 🖴',
        `      Machine ID: ec2${inst.instanceId.slice(2).padEnd(29, '0')}`,
        '  Virtualization: amazon',
        'Operating System: Amazon Linux 2023.7.20250512',
        '     CPE OS Name: cpe:2.3:o:amazon:amazon_linux:2023',
        `          Kernel: Linux ${inst.kernelRelease}`,
        '    Architecture: x86-64',
        ' Hardware Vendor: Amazon EC2',
        `  Hardware Model: ${inst.instanceType}`,
        'Firmware Version: 1.0',
        '   Firmware Date: Mon 2017-10-16',
        '',
      ].join('\n'),
    );
  });
}

const RESOLV_CONF = `# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).
# Do not edit.
#
# This file might be symlinked as /etc/resolv.conf. If you're looking at
# /etc/resolv.conf and seeing this text, you have followed the symlink.
#
# This is a dynamic resolv.conf file for connecting local clients to the
# internal DNS stub resolver of systemd-resolved. This file lists all
# configured search domains.
#
# Run "resolvectl status" to see details about the uplink DNS servers
# currently in use.
#
# Third party programs should typically not access this file directly, but only
# through the symlink at /etc/resolv.conf. To manage man:systemd-resolved(8) in a
# different way, configure /etc/resolv.conf to be a symlink to
# /run/systemd/resolve/resolv.conf.

nameserver 127.0.0.53
options edns0 trust-ad
`;

const OS_RELEASE = `NAME="Amazon Linux"
VERSION="2023"
ID="amzn"
ID_LIKE="fedora"
VERSION_ID="2023"
PLATFORM_ID="platform:al2023"
PRETTY_NAME="Amazon Linux 2023.7.20250512"
ANSI_COLOR="0;33"
CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2023"
HOME_URL="https://aws.amazon.com/linux/amazon-linux-2023/"
DOCUMENTATION_URL="https://docs.aws.amazon.com/linux/"
SUPPORT_URL="https://aws.amazon.com/premiumsupport/"
BUG_REPORT_URL="https://github.com/amazonlinux/amazon-linux-2023"
VENDOR_NAME="AWS"
VENDOR_URL="https://aws.amazon.com/"
SUPPORT_END="2029-06-30"
`;

/** The files `cat` can read; `undefined` content means the file needs root. */
function readFile(host: HostContext, path: string, isRoot: boolean): string | undefined | null {
  const inst = instanceOf(host);
  const cluster = clusterOf(host);
  switch (path) {
    case '/etc/resolv.conf':
      return `${RESOLV_CONF}search ${cluster.region}.compute.internal\n`;
    case '/etc/os-release':
      return OS_RELEASE;
    case '/etc/hostname':
      return `${hostnameOf(host)}\n`;
    case '/proc/sys/net/ipv4/ip_forward':
      return inst.role === 'node' ? '1\n' : '0\n';
    case '/proc/net/nf_conntrack': {
      if (!isRoot) return undefined;
      const flows = hostFlows(host).map(
        (f) => `ipv4     2 ${formatFlow(f).replace(' use=1', ' zone=0 use=2')}`,
      );
      return flows.length ? `${flows.join('\n')}\n` : '';
    }
    default:
      return null;
  }
}

export function catCommand(host: HostContext): Command {
  return async (ctx) => {
    const files = ctx.argv.slice(1).filter((a) => a !== '-');
    if (files.length === 0) {
      for await (const chunk of ctx.stdin.chunks()) await ctx.stdout.write(chunk);
      return 0;
    }
    let status = 0;
    for (const file of files) {
      const content = host.files?.read(file) ?? readFile(host, file, ctx.isRoot);
      if (content === undefined) {
        await ctx.stderr.write(`cat: ${file}: Permission denied\n`);
        status = 1;
      } else if (content === null) {
        await ctx.stderr.write(`cat: ${file}: No such file or directory\n`);
        status = 1;
      } else await ctx.stdout.write(content);
    }
    return status;
  };
}

export const env: Command = printing((ctx) =>
  ok(
    [...ctx.env.entries()]
      .filter(([k]) => !k.startsWith('__'))
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  ),
);

export const pwd: Command = printing((ctx) =>
  ok(`${ctx.env.get('PWD') ?? `/home/${loginUser(ctx.env)}`}\n`),
);

export const clear: Command = printing(() => ok('\u001b[H\u001b[2J\u001b[3J'));

export const ssh: Command = printing(() =>
  fail(
    "ssh: kubelab demo lab: the lab's hosts are simulated, so there is nothing to ssh into.\n" +
      'Pick operator, node1, node2 or node3 in the hosts list instead (several at once run the command on each).\n',
    255,
  ),
);
