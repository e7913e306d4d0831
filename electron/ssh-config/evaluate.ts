/**
 * One pass over an ssh config for one host name, as ssh(1) makes it: top to bottom, `Host` and
 * `Match` lines switch blocks on and off, the first value obtained for a keyword wins (except
 * IdentityFile, which accumulates), and `Include` reads other files in place.
 */
import type { ConfigDirective } from './config-lines';
import { includeFiles } from './include';
import { KNOWN_KEYWORDS } from './keywords';
import { matchPatternList } from './patterns';
import { expandTokens } from './tokens';
import type { ConfigWarning } from './warnings';

/** A value and where it was set, so later steps can point at the line. */
export interface Setting {
  value: string;
  file: string;
  line: number;
}

/** The keywords kubelab acts on, as the pass left them (unexpanded). */
export interface Collected {
  hostname?: Setting;
  user?: Setting;
  port?: Setting;
  identityFiles: Setting[];
  identitiesOnly?: Setting;
  hostKeyAlias?: Setting;
  /** ProxyJump or ProxyCommand, whichever came first (ssh lets only the first one count). */
  proxy?: Setting & { kind: 'jump' | 'command' };
  canonicalizeHostname?: Setting;
}

export interface LoadedFile {
  directives: ConfigDirective[];
  warnings: ConfigWarning[];
}

export interface PassContext {
  /** The host name as given (an alias or an address). */
  name: string;
  localUser: string;
  homeDir: string;
  /** Reads and lexes a config file; undefined when it does not exist or cannot be read. */
  load: (file: string) => LoadedFile | undefined;
  /** Values fixed before the config is read (a `user@host:port` ProxyJump hop, like `-l`/`-p`). */
  preset?: { user?: Setting; port?: Setting };
  warn: (w: ConfigWarning) => void;
}

/** OpenSSH stops following Include after this many levels (READCONF_MAX_DEPTH). */
const MAX_INCLUDE_DEPTH = 16;

const SINGLE: Record<string, 'hostname' | 'user' | 'port' | 'identitiesOnly' | 'hostKeyAlias'> = {
  hostname: 'hostname',
  user: 'user',
  port: 'port',
  identitiesonly: 'identitiesOnly',
  hostkeyalias: 'hostKeyAlias',
};

/** Runs the pass over the root config (the file ssh would be given with `-F`). */
export function evaluate(root: LoadedFile, ctx: PassContext): Collected {
  const out: Collected = { identityFiles: [] };
  if (ctx.preset?.user) out.user = ctx.preset.user;
  if (ctx.preset?.port) out.port = ctx.preset.port;
  let ignoreUnknown: string[] = [];

  const currentHost = (): string =>
    out.hostname ? expandTokens(out.hostname.value, { h: ctx.name }).value : ctx.name;

  const matchBlock = (d: ConfigDirective): boolean => {
    const args = d.args;
    if (args.length === 0) {
      ctx.warn({ file: d.file, line: d.line, message: 'Match without criteria; block ignored' });
      return false;
    }
    let result = true;
    for (let i = 0; i < args.length; i++) {
      const raw = args[i] ?? '';
      const isNegated = raw.startsWith('!');
      const criterion = (isNegated ? raw.slice(1) : raw).toLowerCase();
      let hit: boolean;
      if (criterion === 'all') {
        hit = true;
      } else if (criterion === 'canonical') {
        // kubelab does not canonicalize host names, so the canonical pass never happens.
        hit = false;
      } else if (criterion === 'final') {
        ctx.warn({ ...at(d), message: 'Match final is not supported by kubelab; block ignored' });
        return false;
      } else {
        const arg = args[i + 1];
        i++;
        if (arg === undefined) {
          ctx.warn({
            file: d.file,
            line: d.line,
            message: `Match ${raw} needs an argument; block ignored`,
          });
          return false;
        }
        const list = arg.split(',');
        switch (criterion) {
          case 'host':
            hit = matchPatternList(currentHost(), list, true);
            break;
          case 'originalhost':
            hit = matchPatternList(ctx.name, list, true);
            break;
          case 'user':
            hit = matchPatternList(out.user?.value ?? ctx.localUser, list, false);
            break;
          case 'localuser':
            hit = matchPatternList(ctx.localUser, list, false);
            break;
          default: {
            const why = criterion === 'exec' ? ' (it never runs commands from a config)' : '';
            ctx.warn({
              ...at(d),
              message: `Match ${raw} is not supported by kubelab${why}; block ignored`,
            });
            return false;
          }
        }
      }
      if (isNegated) hit = !hit;
      // ssh stops at the first failing criterion but still checks the rest's syntax; so do we.
      if (!hit) result = false;
    }
    return result;
  };

  const apply = (d: ConfigDirective): void => {
    const single = SINGLE[d.keyword];
    if (single) {
      if (out[single] === undefined) out[single] = { value: d.value, file: d.file, line: d.line };
      return;
    }
    switch (d.keyword) {
      case 'identityfile':
        out.identityFiles.push({ value: d.value, file: d.file, line: d.line });
        return;
      case 'proxyjump':
      case 'proxycommand':
        out.proxy ??= {
          kind: d.keyword === 'proxyjump' ? 'jump' : 'command',
          value: d.value,
          file: d.file,
          line: d.line,
        };
        return;
      case 'canonicalizehostname':
        out.canonicalizeHostname ??= { value: d.value, file: d.file, line: d.line };
        return;
      case 'ignoreunknown':
        if (ignoreUnknown.length === 0) ignoreUnknown = d.value.split(',');
        return;
      default:
        return;
    }
  };

  const walk = (loaded: LoadedFile, depth: number): void => {
    const { directives } = loaded;
    const next = blockStarts(loaded);
    for (let i = 0; i < directives.length; i++) {
      const d = directives[i];
      if (d === undefined) break;
      if (d.keyword === 'host' || d.keyword === 'match') {
        const isActive =
          d.keyword === 'host' ? matchPatternList(ctx.name, d.args, false) : matchBlock(d);
        // An inactive block is skipped whole: big configs are resolved once per alias.
        if (!isActive) i = (next[i] ?? directives.length) - 1;
        continue;
      }
      // Only lines that apply to this host are checked, so each warning concerns it.
      if (!KNOWN_KEYWORDS.has(d.keyword) && !matchPatternList(d.keyword, ignoreUnknown, true)) {
        ctx.warn({ ...at(d), message: `unknown keyword ${d.written}; ignored` });
        continue;
      }
      if (d.keyword === 'include') {
        if (depth >= MAX_INCLUDE_DEPTH) {
          ctx.warn({ ...at(d), message: 'Include nested too deeply; ignored' });
          continue;
        }
        for (const pattern of d.args) {
          for (const included of includeFiles(pattern, ctx.homeDir)) {
            const sub = ctx.load(included);
            if (sub) walk(sub, depth + 1);
            else ctx.warn({ ...at(d), message: `cannot read included ${included}` });
          }
        }
        continue;
      }
      apply(d);
    }
  };

  walk(root, 0);
  return out;
}

function at(d: ConfigDirective): { file: string; line: number } {
  return { file: d.file, line: d.line };
}

const blockStartCache = new WeakMap<LoadedFile, number[]>();

/** For each directive, the index of the next Host or Match line (the end of its block). */
function blockStarts(loaded: LoadedFile): number[] {
  const cached = blockStartCache.get(loaded);
  if (cached) return cached;
  const { directives } = loaded;
  const next = new Array<number>(directives.length);
  let upcoming = directives.length;
  for (let i = directives.length - 1; i >= 0; i--) {
    next[i] = upcoming;
    const keyword = directives[i]?.keyword;
    if (keyword === 'host' || keyword === 'match') upcoming = i;
  }
  blockStartCache.set(loaded, next);
  return next;
}
