/** kubectl's command-line flags, with kubectl's messages for the ones it does not know. */
import { fail, type Printed } from './context';

/** kubectl's flags as the demo understands them, wherever they appear on the line. */
export interface Flags {
  namespace?: string;
  allNamespaces: boolean;
  output?: string;
  selector?: string;
  noHeaders: boolean;
  replicas?: string;
  positional: string[];
}

const FLAGS_WITH_VALUE: Record<string, keyof Flags> = {
  '-n': 'namespace',
  '--namespace': 'namespace',
  '-o': 'output',
  '--output': 'output',
  '-l': 'selector',
  '--selector': 'selector',
  '--replicas': 'replicas',
};

export function parseFlags(args: string[], verb: string): Flags | Printed {
  const flags: Flags = { allNamespaces: false, noHeaders: false, positional: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const name =
      arg.startsWith('--') && eq > 0
        ? arg.slice(0, eq)
        : arg.startsWith('-') &&
            !arg.startsWith('--') &&
            arg.length > 2 &&
            FLAGS_WITH_VALUE[arg.slice(0, 2)]
          ? arg.slice(0, 2)
          : arg;
    const key = FLAGS_WITH_VALUE[name];
    if (key) {
      const inline = name !== arg ? arg.slice(name.length).replace(/^=/, '') : undefined;
      const value = inline ?? args[++i];
      if (value === undefined)
        return fail(
          `error: flag needs an argument: '${name.replace(/^-+/, '')}' in ${name}\nSee 'kubectl ${verb} --help' for usage.\n`,
        );
      (flags as unknown as Record<string, string>)[key] = value;
    } else if (arg === '-A' || arg === '--all-namespaces') flags.allNamespaces = true;
    else if (arg === '--no-headers') flags.noHeaders = true;
    else if (arg === '-w' || arg === '--watch')
      return fail(
        'error: kubelab demo lab: kubectl --watch is not simulated; use `watch kubectl get …`\n',
      );
    else if (arg.startsWith('--'))
      return fail(
        `error: unknown flag: ${arg.split('=')[0] ?? arg}\nSee 'kubectl ${verb} --help' for usage.\n`,
      );
    else if (arg.startsWith('-') && arg.length > 1)
      return fail(
        `error: unknown shorthand flag: '${arg[1] ?? ''}' in ${arg}\nSee 'kubectl ${verb} --help' for usage.\n`,
      );
    else flags.positional.push(arg);
  }
  return flags;
}
