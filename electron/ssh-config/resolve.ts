/**
 * Resolves a host name through an ssh config into an `SshTarget`, computing what `ssh -G` would
 * (HostName, User, Port, IdentityFile, IdentitiesOnly, HostKeyAlias, ProxyJump), and follows
 * ProxyJump the way ssh does: for `ProxyJump a,b` the last hop `b` is reached through `a` (its
 * own ProxyJump is overridden, as ssh passes `-J a`), while a single hop keeps its own ProxyJump.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SshTarget } from '../ssh/types';
import { readConfigText } from './config-lines';
import { evaluate, type LoadedFile, type Setting } from './evaluate';
import { formatJumpHop, parseJumpHop, proxyCommandAsJump, type JumpHop } from './jump-spec';
import { expandTilde, expandTokens, type TokenValues } from './tokens';
import { SshConfigError, type ConfigWarning } from './warnings';

/** Where the config comes from and whose machine it describes. */
export interface SshConfigSource {
  /** The config's text. When given, `configPath` only names it in messages. */
  configText?: string;
  /** The config file (`ssh -F`); default `<homeDir>/.ssh/config`, empty if it does not exist. */
  configPath?: string;
  /** The account's home: `~`, `%d` and relative `Include`s. Default: the current account's. */
  homeDir?: string;
  /** The local user name: the default `User`, `%u`. Default: the current account's. */
  localUser?: string;
}

export interface SshConfigResolution {
  target: SshTarget;
  /** The ProxyJump hops as written for this host (aliases unresolved), `[]` for none. */
  hops: JumpHop[];
  /** Whether an IdentityFile was configured (else `identityFiles` are ssh's defaults). */
  hasIdentityFile: boolean;
  /** Lines kubelab ignored or read differently than ssh(1) might, with file and line. */
  warnings: ConfigWarning[];
}

/** Values a caller fixes before the config is read, like `ssh -l user -p port`. */
export interface ResolvePreset {
  user?: string;
  port?: number;
}

/** The keys ssh offers when no IdentityFile is configured (ssh -G lists them the same way). */
const DEFAULT_IDENTITIES = [
  'id_rsa',
  'id_ecdsa',
  'id_ecdsa_sk',
  'id_ed25519',
  'id_ed25519_sk',
  'id_xmss',
  'id_dsa',
].map((f) => `~/.ssh/${f}`);

/** Beyond this many hops something is wrong even without a cycle. */
const MAX_HOPS = 32;

/** A config loaded once, for resolving many names (import resolves every alias). */
export interface SshConfig {
  readonly rootFile: string;
  readonly homeDir: string;
  readonly localUser: string;
  /** Resolves a name; throws `SshConfigError` for a ProxyJump cycle or an invalid ProxyJump. */
  resolve(name: string, preset?: ResolvePreset): SshConfigResolution;
  /** Reads a file of the config (the root or an Include), cached. */
  load: (file: string) => LoadedFile | undefined;
}

function currentAccount(): { homeDir: string; user: string } {
  try {
    const info = os.userInfo();
    return { homeDir: info.homedir, user: info.username };
  } catch {
    return { homeDir: os.homedir(), user: process.env.USER ?? process.env.USERNAME ?? 'root' };
  }
}

/** Loads the root config (throws `SshConfigError` if an explicit `configPath` is unreadable). */
export function loadSshConfig(source: SshConfigSource = {}): SshConfig {
  const account = currentAccount();
  const homeDir = source.homeDir ?? account.homeDir;
  const localUser = source.localUser ?? account.user;
  const rootFile = source.configPath ?? path.join(homeDir, '.ssh', 'config');
  const cache = new Map<string, LoadedFile | undefined>();

  const load = (file: string): LoadedFile | undefined => {
    if (cache.has(file)) return cache.get(file);
    let loaded: LoadedFile | undefined;
    try {
      loaded = readConfigText(readFileSync(file, 'utf8'), file);
    } catch {
      loaded = undefined;
    }
    cache.set(file, loaded);
    return loaded;
  };

  if (source.configText !== undefined) {
    cache.set(rootFile, readConfigText(source.configText, rootFile));
  } else if (source.configPath !== undefined && !load(rootFile)) {
    throw new SshConfigError(`cannot read ssh config ${rootFile}`);
  }
  const root = (): LoadedFile => load(rootFile) ?? { directives: [], warnings: [] };

  const resolve = (name: string, preset: ResolvePreset = {}): SshConfigResolution => {
    const warnings = new Map<string, ConfigWarning>();
    const warn = (w: ConfigWarning): void => {
      warnings.set(`${w.file}:${w.line}:${w.message}`, w);
    };
    for (const w of root().warnings) warn(w);
    const resolved = resolveOne(
      { rootFile, homeDir, localUser, load, root: root(), warn },
      name,
      preset,
      undefined,
      [`${name.toLowerCase()}|||`],
    );
    // Lexing warnings of included files are known only once they are loaded.
    for (const [file, loaded] of cache) if (file !== rootFile) loaded?.warnings.forEach(warn);
    return { ...resolved, warnings: [...warnings.values()] };
  };

  return { rootFile, homeDir, localUser, resolve, load };
}

/** Resolves one name like `ssh -G -F <configPath> <name>`, ProxyJump hops included. */
export function resolveSshTarget(name: string, source: SshConfigSource = {}): SshConfigResolution {
  return loadSshConfig(source).resolve(name);
}

interface ResolveContext {
  rootFile: string;
  homeDir: string;
  localUser: string;
  load: (file: string) => LoadedFile | undefined;
  root: LoadedFile;
  warn: (w: ConfigWarning) => void;
}

function resolveOne(
  ctx: ResolveContext,
  name: string,
  hop: { user?: string; port?: number },
  jumpOverride: string | undefined,
  chain: string[],
): Omit<SshConfigResolution, 'warnings'> {
  const origin = { file: '(ProxyJump)', line: 0 };
  const collected = evaluate(ctx.root, {
    name,
    localUser: ctx.localUser,
    homeDir: ctx.homeDir,
    load: ctx.load,
    warn: ctx.warn,
    preset: {
      ...(hop.user !== undefined && { user: { value: hop.user, ...origin } }),
      ...(hop.port !== undefined && { port: { value: String(hop.port), ...origin } }),
    },
  });

  const expand = (s: Setting, values: TokenValues): string => {
    const { value, unknownTokens } = expandTokens(s.value, values);
    if (unknownTokens.length > 0)
      ctx.warn({
        file: s.file,
        line: s.line,
        message: `unsupported token ${unknownTokens.join(', ')} left as written`,
      });
    return value;
  };

  const rawHost = collected.hostname ? expand(collected.hostname, { h: name }) : name;
  // ssh lower-cases the host name, but leaves anything with a colon (IPv6) as written.
  const host = rawHost.includes(':') ? rawHost : rawHost.toLowerCase();
  const user = collected.user?.value ?? ctx.localUser;
  let port = 22;
  if (collected.port) {
    const n = Number(collected.port.value);
    if (Number.isInteger(n) && n >= 1 && n <= 65535) port = n;
    else
      ctx.warn({
        ...at(collected.port),
        message: `Port ${collected.port.value} is not a port; using 22`,
      });
  }
  const tokens: TokenValues = {
    d: ctx.homeDir,
    u: ctx.localUser,
    h: host,
    r: user,
    n: name,
    p: String(port),
    l: os.hostname(),
    L: os.hostname().split('.')[0] ?? '',
  };
  const rawIdentities = collected.identityFiles.length
    ? collected.identityFiles
    : DEFAULT_IDENTITIES.map((value) => ({ value, file: '(default)', line: 0 }));
  const seen = new Set<string>();
  const identityFiles: string[] = [];
  for (const s of rawIdentities) {
    if (seen.has(s.value)) continue; // ssh registers each IdentityFile once
    seen.add(s.value);
    const file = expand({ ...s, value: expandTilde(s.value, ctx.homeDir) }, tokens);
    if (!path.isAbsolute(file))
      ctx.warn({
        ...at(s),
        message: `IdentityFile ${s.value} is relative: ssh reads it from its working directory`,
      });
    identityFiles.push(file);
  }

  let identitiesOnly = false;
  if (collected.identitiesOnly) {
    const v = collected.identitiesOnly.value.toLowerCase();
    if (v === 'yes' || v === 'true') identitiesOnly = true;
    else if (v !== 'no' && v !== 'false')
      ctx.warn({
        ...at(collected.identitiesOnly),
        message: `IdentitiesOnly ${v}: expected yes or no`,
      });
  }
  if (collected.canonicalizeHostname && collected.canonicalizeHostname.value.toLowerCase() !== 'no')
    ctx.warn({
      ...at(collected.canonicalizeHostname),
      message: 'CanonicalizeHostname is not supported; names are used as written',
    });

  const target: SshTarget = {
    name,
    host,
    port,
    user,
    identityFiles,
    identitiesOnly,
    jumps: [],
    ...(collected.hostKeyAlias && { hostKeyAlias: collected.hostKeyAlias.value }),
  };

  let spec: Setting | undefined;
  if (jumpOverride !== undefined) spec = { value: jumpOverride, ...origin };
  else if (collected.proxy?.kind === 'jump') spec = collected.proxy;
  else if (collected.proxy?.kind === 'command' && collected.proxy.value.toLowerCase() !== 'none') {
    const jump = proxyCommandAsJump(collected.proxy.value);
    if (jump !== undefined) {
      spec = { ...collected.proxy, value: jump };
      ctx.warn({ ...at(collected.proxy), message: `ProxyCommand read as ProxyJump ${jump}` });
    } else
      ctx.warn({
        ...at(collected.proxy),
        message: 'ProxyCommand is not supported; kubelab connects directly (use ProxyJump)',
      });
  }
  const hasIdentityFile = collected.identityFiles.length > 0;
  if (!spec || spec.value.toLowerCase() === 'none') return { target, hops: [], hasIdentityFile };

  const hops: JumpHop[] = [];
  for (const part of spec.value.split(',')) {
    const parsed = parseJumpHop(part);
    if (!parsed)
      throw new SshConfigError(`${where(spec)}invalid ProxyJump hop "${part}" for ${name}`);
    hops.push(parsed);
  }
  const last = hops[hops.length - 1];
  if (!last) return { target, hops, hasIdentityFile };
  const rest = hops.slice(0, -1).map(formatJumpHop).join(',');
  const key = `${last.host.toLowerCase()}|${last.user ?? ''}|${last.port ?? ''}|${rest}`;
  if (chain.includes(key) || chain.length > MAX_HOPS) {
    const trail = [...chain, key].map((k) => k.split('|')[0]).join(' → ');
    throw new SshConfigError(`ProxyJump cycle: ${trail} (${where(spec)}ProxyJump ${spec.value})`);
  }
  const through = resolveOne(
    ctx,
    last.host,
    {
      ...(last.user !== undefined && { user: last.user }),
      ...(last.port !== undefined && { port: last.port }),
    },
    rest === '' ? undefined : rest,
    [...chain, key],
  ).target;
  target.jumps = [...through.jumps, { ...through, jumps: [] }];
  return { target, hops, hasIdentityFile };
}

function at(s: Setting): { file: string; line: number } {
  return { file: s.file, line: s.line };
}

function where(s: Setting): string {
  return s.line > 0 ? `${s.file}:${s.line}: ` : '';
}
