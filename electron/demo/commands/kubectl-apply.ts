/**
 * The kubectl verbs that create and delete objects on the demo: `apply -f -` (a heredoc of
 * StatefulSets and Services, like seed 002's `a-app`), `run NAME --image=…` (a bare pod; with
 * `--rm` and a command it runs it once the pod is up, prints its output and deletes the pod) and
 * `delete KIND NAME` / `delete -f -`.
 */
import { applyService, applyStatefulSet, deleteObject, runPod } from '../model/objects';
import type { Cluster } from '../model/types';
import { sleep } from '../shell/io';
import type { CommandContext } from '../shell/run';
import { clusterOf, fail, nowOf, ok, type HostContext, type Printed } from './context';
import { readManifests, type ManifestObject } from './manifest';
import { podExec } from './kubectl-pod-exec';

/** The value of `-f`/`--filename` (`-` is stdin), and the namespace. */
function fileAndNamespace(args: readonly string[]): {
  file?: string;
  namespace: string;
  rest: string[];
} {
  let file: string | undefined;
  let namespace = 'default';
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-f' || a === '--filename') file = args[++i];
    else if (a.startsWith('--filename=')) file = a.slice(11);
    else if (a === '-n' || a === '--namespace') namespace = args[++i] ?? namespace;
    else if (a.startsWith('--namespace=')) namespace = a.slice(12);
    else rest.push(a);
  }
  return { ...(file === undefined ? {} : { file }), namespace, rest };
}

const noFile = (file: string): Printed => fail(`error: the path "${file}" does not exist\n`);

/** A Service's named targetPort (`web`) is the container port of that name in its pods' template. */
function namedPort(
  cluster: Cluster,
  objects: readonly ManifestObject[],
  svc: ManifestObject,
  name: string,
): number | undefined {
  if (svc.kind !== 'Service' || !svc.spec.selector) return undefined;
  const selector = svc.spec.selector;
  const templates = [
    ...objects.flatMap((o) => (o.kind === 'StatefulSet' ? [o.spec] : [])),
    ...cluster.statefulSets,
  ].filter((t) => Object.entries(selector).every(([k, v]) => t.podLabels[k] === v));
  for (const t of templates)
    for (const c of t.containers)
      for (const p of c.ports) if (p.name === name) return p.containerPort;
  return undefined;
}

/** The manifest text: stdin for `-f -`, else a file the user wrote on this host. */
function manifestText(host: HostContext, file: string, stdin: string): string | undefined {
  return file === '-' ? stdin : host.files?.read(file);
}

export function apply(host: HostContext, args: readonly string[], stdin: string): Printed {
  const { file, namespace } = fileAndNamespace(args);
  if (file === undefined) return fail('error: must specify one of -f and -k\n');
  const text = manifestText(host, file, stdin);
  if (text === undefined) return noFile(file);
  const read = readManifests(text, namespace);
  if (!read.ok) return fail(`${read.error}\n`);
  let out = '';
  for (const o of read.objects) {
    if (o.kind === 'StatefulSet') {
      let outcome = 'unchanged';
      host.store.change((c, now) => {
        const r = applyStatefulSet(c, o.spec, now);
        outcome = r.outcome;
        return r.cluster;
      });
      out += `statefulset.apps/${o.spec.name} ${outcome}\n`;
    } else {
      const ports = o.spec.ports.map((p, i) => {
        const named = o.namedTargets[i];
        const resolved =
          named === undefined ? undefined : namedPort(clusterOf(host), read.objects, o, named);
        return named === undefined
          ? p
          : { ...p, targetPort: resolved ?? p.targetPort, targetPortName: named };
      });
      let outcome = 'unchanged';
      let error: string | undefined;
      host.store.change((c, now) => {
        const r = applyService(c, { ...o.spec, ports }, now);
        outcome = r.outcome;
        error = r.error;
        return r.cluster;
      });
      if (error) return { stdout: out, stderr: `${error}\n`, status: 1 };
      out += `service/${o.spec.name} ${outcome}\n`;
    }
  }
  return ok(out);
}

const KINDS: Record<string, 'pod' | 'service' | 'statefulset'> = {
  pod: 'pod',
  pods: 'pod',
  po: 'pod',
  service: 'service',
  services: 'service',
  svc: 'service',
  statefulset: 'statefulset',
  statefulsets: 'statefulset',
  sts: 'statefulset',
  'statefulset.apps': 'statefulset',
};
const PRINTED = { pod: 'pod', service: 'service', statefulset: 'statefulset.apps' } as const;

export function remove(host: HostContext, args: readonly string[], stdin: string): Printed {
  const { file, namespace, rest } = fileAndNamespace(args);
  const words = rest.filter((a) => !a.startsWith('-'));
  const targets: { kind: 'pod' | 'service' | 'statefulset'; name: string }[] = [];
  if (file !== undefined) {
    const text = manifestText(host, file, stdin);
    if (text === undefined) return noFile(file);
    const read = readManifests(text, namespace);
    if (!read.ok) return fail(`${read.error}\n`);
    for (const o of read.objects)
      targets.push({ kind: o.kind === 'Service' ? 'service' : 'statefulset', name: o.spec.name });
  } else {
    const [first, ...names] = words;
    const pairs = first?.includes('/')
      ? words.map((w) => w.split('/'))
      : names.map((n) => [first, n]);
    for (const [k, name] of pairs) {
      const kind = KINDS[(k ?? '').toLowerCase()];
      if (!kind || !name)
        return fail(
          `error: kubelab demo lab: kubectl delete takes pod, svc and statefulset names (or -f -)\n`,
        );
      targets.push({ kind, name });
    }
    if (targets.length === 0)
      return fail('error: resource(s) were provided, but no name was specified\n');
  }
  let out = '';
  let err = '';
  for (const t of targets) {
    const next = deleteObject(clusterOf(host), t.kind, namespace, t.name);
    if (!next) {
      err += `Error from server (NotFound): ${t.kind === 'statefulset' ? 'statefulsets.apps' : `${t.kind}s`} "${t.name}" not found\n`;
      continue;
    }
    host.store.change(() => next);
    out += `${PRINTED[t.kind]} "${t.name}" deleted\n`;
  }
  return { stdout: out, stderr: err, status: err ? 1 : 0 };
}

/** `kubectl run NAME --image=IMG [--rm] [-it] [--restart=Never] [-- CMD …]`. */
export async function run(
  host: HostContext,
  args: readonly string[],
  ctx: CommandContext,
): Promise<Printed> {
  const dash = args.indexOf('--');
  const flags = dash < 0 ? args : args.slice(0, dash);
  const command = dash < 0 ? [] : args.slice(dash + 1);
  const { namespace, rest } = fileAndNamespace(flags);
  let image: string | undefined;
  let isRm = false;
  let isTty = false;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] ?? '';
    if (a.startsWith('--image=')) image = a.slice(8);
    else if (a === '--image') image = rest[++i];
    else if (a === '--rm') isRm = true;
    else if (/^-(it|ti|t)$/.test(a) || a === '--tty') isTty = true;
    else if (
      a === '-i' ||
      a === '--stdin' ||
      a.startsWith('--restart') ||
      a.startsWith('--command')
    )
      continue;
    else if (a.startsWith('-'))
      return fail(`error: unknown flag: ${a}\nSee 'kubectl run --help' for usage.\n`);
    else positional.push(a);
  }
  const name = positional[0];
  if (!name)
    return fail("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n");
  if (!image) return fail('error: required flag(s) "image" not set\n');
  if (positional.length > 1 && command.length === 0) command.push(...positional.slice(1));
  if (clusterOf(host).pods.some((p) => p.namespace === namespace && p.name === name))
    return fail(`Error from server (AlreadyExists): pods "${name}" already exists\n`);
  host.store.change((c, now) =>
    runPod(
      c,
      { namespace, name, labels: { run: name }, containers: [{ name, image, ports: [] }] },
      now,
    ),
  );
  if (!isRm || command.length === 0) return ok(`pod/${name} created\n`);
  // Attached: kubectl waits for the container, prints its output, then deletes the pod.
  const pod = clusterOf(host).pods.find((p) => p.namespace === namespace && p.name === name);
  const wait = (pod?.readyAt ?? 0) - nowOf(host);
  if (wait > 0) await sleep(Math.min(wait + 20, 30_000), ctx.signal);
  const result = podExec(host, namespace, name, command);
  const next = deleteObject(clusterOf(host), 'pod', namespace, name);
  if (next) host.store.change(() => next);
  const warning =
    isTty && !ctx.isTty
      ? 'Unable to use a TTY - input is not a terminal or the right kind of file\n'
      : '';
  return {
    stdout: `${result.stdout ?? ''}pod "${name}" deleted\n`,
    stderr:
      warning +
      (result.stderr ?? '').replace(
        /command terminated with exit code \d+\n/,
        `pod ${namespace}/${name} terminated (Error)\n`,
      ),
    status: result.status,
  };
}
