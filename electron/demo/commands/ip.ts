/**
 * iproute2's `ip` on a demo host: `addr`, `link`, `route` (show, get), `rule`, `neigh` and
 * `netns`, with `-j`, `-p`, `-br`, `-4`, `-6` and `-c`, and iproute2's own errors for the rest.
 */
import { attachedEnis, hostNet, networkedPods, type HostNet, type Link } from '../net/host-net';
import { paint, type Paint } from '../render/colors';
import {
  renderAddr,
  renderAddrJson,
  renderBriefAddr,
  renderBriefAddrJson,
  renderBriefLink,
  renderBriefLinkJson,
  renderLink,
  renderLinkJson,
  type LinkView,
} from '../render/ip-link';
import {
  lookupRoute,
  renderNeighbours,
  renderNeighboursJson,
  renderRouteGet,
  renderRoutes,
  renderRoutesJson,
  renderRules,
  renderRulesJson,
  selectRoutes,
} from '../render/ip-route';
import { isIPv4 } from '../model/ipv4';
import type { Command } from '../shell/run';
import {
  clusterOf,
  fail,
  instanceOf,
  nowOf,
  ok,
  printing,
  type HostContext,
  type Printed,
} from './context';
import { IP_USAGE as USAGE } from './ip-usage';

interface Options {
  json: boolean;
  pretty: boolean;
  brief: boolean;
  family?: 4 | 6;
  paint: Paint;
  /** `-d`: a link's kind and settings (printed for links that carry them). */
  details?: boolean;
}

const OBJECTS = [
  'address',
  'addrlabel',
  'route',
  'rule',
  'neighbour',
  'neighbor',
  'link',
  'netns',
  'help',
];

/** iproute2 accepts any prefix of an object or command name. */
function matches(word: string, full: string): boolean {
  return word.length > 0 && full.startsWith(word);
}

function parseGlobal(argv: string[]): { options: Options; rest: string[] } | Printed {
  const options: Options = { json: false, pretty: false, brief: false, paint: paint(false) };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-')) break;
    const opt = arg.replace(/^--?/, '');
    if (opt === '4') options.family = 4;
    else if (opt === '6') options.family = 6;
    else if (matches(opt, 'json')) options.json = true;
    else if (matches(opt, 'pretty')) options.pretty = true;
    else if (opt.length >= 2 && matches(opt, 'brief')) options.brief = true;
    else if (opt === 'c' || opt.startsWith('color')) options.paint = paint(!opt.endsWith('=never'));
    else if (matches(opt, 'details')) options.details = true;
    else if (matches(opt, 'statistics') || opt === 'N' || matches(opt, 'numeric')) continue;
    else return fail(`Option "${arg}" is unknown, try "ip -help".\n`, 255);
  }
  return { options, rest: argv.slice(i) };
}

export function ipCommand(host: HostContext): Command {
  return printing((ctx) => {
    const parsed = parseGlobal(ctx.argv.slice(1));
    if ('status' in parsed) return parsed;
    const { options, rest } = parsed;
    const [objectWord, ...args] = rest;
    if (objectWord === undefined) return fail(USAGE, 255);
    const object = OBJECTS.find((o) => matches(objectWord, o));
    const net = hostNet(clusterOf(host), instanceOf(host), nowOf(host));
    const uid = ctx.isRoot ? 0 : 1000;
    switch (object) {
      case 'address':
        return links(net, args, options, 'addr', 'address');
      case 'link':
        return links(net, args, options, 'link', 'link');
      case 'route':
        return route(host, net, args, options, uid);
      case 'rule':
        return rule(net, args, options);
      case 'neighbour':
      case 'neighbor':
        return neigh(net, args, options);
      case 'netns':
        return netns(host, args);
      case 'help':
        return fail(USAGE, 255);
      case 'addrlabel':
      case undefined:
      default:
        return fail(`Object "${objectWord}" is unknown, try "ip help".\n`, 255);
    }
  });
}

function pretty(json: string, options: Options): string {
  return options.pretty ? `${JSON.stringify(JSON.parse(json), null, 4)}\n` : json;
}

function unsupportedChange(object: string): Printed {
  return fail(
    `RTNETLINK answers: Operation not permitted\nkubelab demo lab: changing the ${object} is not simulated\n`,
    2,
  );
}

function links(
  net: HostNet,
  args: string[],
  options: Options,
  mode: 'addr' | 'link',
  name: string,
): Printed {
  const [command = 'show', ...rest] = args;
  if (!['show', 'list', 'lst'].some((c) => matches(command, c))) {
    if (['add', 'delete', 'change', 'replace', 'set', 'flush'].some((c) => matches(command, c)))
      return unsupportedChange(name);
    return fail(`Command "${command}" is unknown, try "ip ${name} help".\n`, 255);
  }
  let selected: Link[] = net.links;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? '';
    if (word === 'up') selected = selected.filter((l) => l.flags.includes('UP'));
    else if (word === 'master') {
      const master = rest[++i] ?? '';
      if (!net.links.some((l) => l.ifname === master))
        return fail(`Device "${master}" does not exist.\n`, 1);
      selected = selected.filter((l) => l.master === master);
    } else {
      const dev = word === 'dev' ? rest[++i] : word;
      const link = net.links.find((l) => l.ifname === dev || l.altname === dev);
      if (!link) return fail(`Device "${dev ?? ''}" does not exist.\n`, 1);
      selected = selected.filter((l) => l === link);
    }
  }
  const family = options.family === 4 ? 'inet' : options.family === 6 ? 'inet6' : undefined;
  const view: LinkView = {
    paint: options.paint,
    ...(family && mode === 'addr' ? { family } : {}),
    ...(options.details ? { details: true } : {}),
  };
  if (options.json) {
    if (options.brief)
      return ok(
        pretty(
          mode === 'addr' ? renderBriefAddrJson(selected, view) : renderBriefLinkJson(selected),
          options,
        ),
      );
    return ok(
      pretty(
        mode === 'addr' ? renderAddrJson(selected, view) : renderLinkJson(selected, view),
        options,
      ),
    );
  }
  if (options.brief)
    return ok(mode === 'addr' ? renderBriefAddr(selected, view) : renderBriefLink(selected, view));
  return ok(mode === 'addr' ? renderAddr(selected, view) : renderLink(selected, view));
}

function route(
  host: HostContext,
  net: HostNet,
  args: string[],
  options: Options,
  uid: number,
): Printed {
  const [command = 'show', ...rest] = args;
  if (matches(command, 'get')) {
    const dst = rest.filter((w) => !['to', 'from', 'oif', 'iif'].includes(w))[0];
    if (!dst || !isIPv4(dst))
      return fail(`Error: any valid prefix is expected rather than "${dst ?? ''}".\n`, 1);
    // An ENI still attaching has no address on the node yet.
    const local = attachedEnis(instanceOf(host), nowOf(host)).map((e) => e.primaryIp);
    const found = lookupRoute(net, dst, local);
    if (!found) return fail('RTNETLINK answers: Network is unreachable\n', 2);
    if (options.json) {
      const o = {
        ...(found.type ? { type: found.type } : {}),
        dst: found.dst,
        ...(found.gateway ? { gateway: found.gateway } : {}),
        dev: found.dev,
        ...(found.table ? { table: found.table } : {}),
        prefsrc: found.prefsrc,
        flags: [],
        uid,
        cache: found.type ? ['local'] : [],
      };
      return ok(pretty(`${JSON.stringify([o])}\n`, options));
    }
    return ok(renderRouteGet(found, uid, options.paint));
  }
  if (!['show', 'list', 'lst'].some((c) => matches(command, c))) {
    if (['add', 'delete', 'change', 'replace', 'append', 'flush'].some((c) => matches(command, c)))
      return unsupportedChange('routes');
    return fail(`Command "${command}" is unknown, try "ip route help".\n`, 255);
  }
  let table = 'main';
  let dev: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? '';
    if (word === 'table') table = rest[++i] ?? '';
    else if (word === 'dev') dev = rest[++i];
    else return fail(`Error: either "to" is duplicate, or "${word}" is a garbage.\n`, 1);
  }
  if (!/^(all|main|local|default|\d+)$/.test(table)) {
    return fail(`Error: argument "${table}" is wrong: table id value is invalid\n\n`, 255);
  }
  if (dev && !net.links.some((l) => l.ifname === dev))
    return fail(`Cannot find device "${dev}"\n`, 1);
  const query = {
    table,
    ...(options.family ? { family: options.family } : {}),
    ...(dev ? { dev } : {}),
  };
  const routes = selectRoutes(net, query);
  if (!routes) return fail('Error: ipv4: FIB table does not exist.\nDump terminated\n', 2);
  return ok(
    options.json
      ? pretty(renderRoutesJson(routes, query), options)
      : renderRoutes(routes, query, options.paint),
  );
}

function rule(net: HostNet, args: string[], options: Options): Printed {
  const [command = 'list'] = args;
  if (!['list', 'show', 'lst'].some((c) => matches(command, c))) {
    if (['add', 'delete', 'flush'].some((c) => matches(command, c)))
      return unsupportedChange('rules');
    return fail(`Command "${command}" is unknown, try "ip rule help".\n`, 255);
  }
  if (options.family === 6) {
    const v6 = [
      { priority: 0, from: 'all', table: 'local' },
      { priority: 32766, from: 'all', table: 'main' },
    ];
    return ok(options.json ? pretty(renderRulesJson(v6), options) : renderRules(v6, options.paint));
  }
  return ok(
    options.json
      ? pretty(renderRulesJson(net.rules), options)
      : renderRules(net.rules, options.paint),
  );
}

function neigh(net: HostNet, args: string[], options: Options): Printed {
  const [command = 'show', ...rest] = args;
  if (!['show', 'list', 'lst'].some((c) => matches(command, c))) {
    return fail(`Command "${command}" is unknown, try "ip neigh help".\n`, 255);
  }
  const dev = rest[0] === 'dev' ? rest[1] : undefined;
  if (dev && !net.links.some((l) => l.ifname === dev))
    return fail(`Cannot find device "${dev}"\n`, 1);
  const list = options.family === 6 ? [] : net.neighbours;
  return ok(
    options.json
      ? pretty(renderNeighboursJson(list, dev), options)
      : renderNeighbours(list, dev, options.paint),
  );
}

/** `ip netns list`: the CNI names each pod's namespace `cni-<uuid>`. */
function netns(host: HostContext, args: string[]): Printed {
  const [command = 'list'] = args;
  if (!['list', 'show'].some((c) => matches(command, c)))
    return unsupportedChange('network namespaces');
  const pods = networkedPods(clusterOf(host), instanceOf(host), nowOf(host));
  const lines = [...pods]
    .reverse()
    .map((p) => `${p.network?.netnsName ?? ''} (id: ${p.network?.netnsId ?? 0})`);
  return ok(lines.length ? `${lines.join('\n')}\n` : '');
}
