/** `ls` and `rm` over the files the user wrote on a demo host (shell/files.ts). */
import type { Command } from '../shell/run';
import { fail, ok, printing, type HostContext } from './context';

export function lsCommand(host: HostContext): Command {
  return printing((ctx) => {
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    const names = host.files?.list(args[0]) ?? [];
    if (args[0] !== undefined && names.length === 0 && host.files?.read(args[0]) !== undefined)
      return ok(`${args[0]}\n`);
    return ok(names.map((n) => `${n}\n`).join(''));
  });
}

export function rmCommand(host: HostContext): Command {
  return printing((ctx) => {
    const isForce = ctx.argv.slice(1).some((a) => /^-[a-z]*f/.test(a));
    const missing = ctx.argv
      .slice(1)
      .filter((a) => !a.startsWith('-'))
      .filter((f) => !(host.files?.remove(f) ?? false));
    if (missing.length === 0 || isForce) return ok('');
    return fail(
      missing.map((f) => `rm: cannot remove '${f}': No such file or directory\n`).join(''),
    );
  });
}
