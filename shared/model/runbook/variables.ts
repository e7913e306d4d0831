import { quote } from 'shell-quote';
import type { KubePod } from '../../parsers/kubectl/types';
import type { PodRequirement } from './schema';
import { VAR_REF } from './schema';

/** Variable values by name (`podIp`, `web.0.ip`). */
export type Variables = Record<string, string>;

export type Substituted = { ok: true; value: string } | { ok: false; error: string };

/**
 * Replaces every `${name}` in `text`. For a command line (`shell: true`) each value is quoted
 * with shell-quote, so a bound value can never add words or operators to the command.
 */
export function substitute(text: string, vars: Variables, shell = false): Substituted {
  const missing: string[] = [];
  const value = text.replace(VAR_REF, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) {
      missing.push(name);
      return '';
    }
    return shell ? shellWord(v) : v;
  });
  if (missing.length > 0)
    return { ok: false, error: `not bound: ${missing.map((m) => `\${${m}}`).join(', ')}` };
  return { ok: true, value };
}

/** Characters no shell treats specially; a value made only of them needs no quoting. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word for `value`: as is when plain (IPs, MACs, names), else quoted by shell-quote. */
export function shellWord(value: string): string {
  return PLAIN.test(value) ? value : quote([value]);
}

/**
 * The value a `bind:` regex captures from an output: its first group (or the whole match), the
 * first match only. Undefined when it does not match or the regex is invalid.
 */
export function bindFromOutput(pattern: string, output: string): string | undefined {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'm');
  } catch {
    return undefined;
  }
  const m = re.exec(output);
  if (!m) return undefined;
  return (m[1] ?? m[0]).trim();
}

/** A pod as the runner found it, with the workspace host it runs on (matched by node IP). */
export interface FoundPod {
  name: string;
  ip: string;
  node: string;
  hostId?: string;
}

/**
 * The pods a requirement asks for out of `kubectl get pods -o json`: running, with an IP, not
 * host-network; when `nodes` is set, one pod per node first so `${web.0}` and `${web.1}` sit on
 * different nodes. `hostOfIp` maps a node's IP to the workspace host id.
 */
export function pickPods(
  req: PodRequirement,
  pods: readonly KubePod[],
  hostOfIp: (ip: string) => string | undefined,
): { pods: FoundPod[]; problem?: string } {
  const wanted = req.selector.split(',').map((kv) => kv.split('=') as [string, string]);
  const matching = pods
    .filter(
      (p) =>
        p.namespace === req.namespace &&
        !p.hostNetwork &&
        p.phase === 'Running' &&
        p.podIP !== undefined &&
        wanted.every(([k, v]) => p.labels[k] === v),
    )
    .map((p): FoundPod => {
      const hostId = p.hostIP === undefined ? undefined : hostOfIp(p.hostIP);
      return {
        name: p.name,
        ip: p.podIP ?? '',
        node: p.nodeName ?? '',
        ...(hostId === undefined ? {} : { hostId }),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  // Spread over nodes: the first pod of each node, then the rest.
  const seen = new Set<string>();
  const first: FoundPod[] = [];
  const rest: FoundPod[] = [];
  for (const p of matching) {
    (seen.has(p.node) ? rest : first).push(p);
    seen.add(p.node);
  }
  const ordered = [...first, ...rest];
  const where = `${req.namespace} -l ${req.selector}`;
  if (ordered.length < req.min)
    return {
      pods: ordered,
      problem: `needs ${req.min} running pods (${where}), found ${ordered.length}`,
    };
  if (req.nodes !== undefined && seen.size < req.nodes)
    return {
      pods: ordered,
      problem: `needs pods on ${req.nodes} nodes (${where}), found them on ${seen.size}`,
    };
  return { pods: ordered };
}

/** `${web.count}`, `${web.0.ip}`, `${web.0.name}`, `${web.0.node}`, `${web.0.host}` for found pods. */
export function podVariables(name: string, pods: readonly FoundPod[]): Variables {
  const vars: Variables = { [`${name}.count`]: String(pods.length) };
  pods.forEach((p, i) => {
    vars[`${name}.${i}.ip`] = p.ip;
    vars[`${name}.${i}.name`] = p.name;
    vars[`${name}.${i}.node`] = p.node;
    if (p.hostId !== undefined) vars[`${name}.${i}.host`] = p.hostId;
  });
  return vars;
}
