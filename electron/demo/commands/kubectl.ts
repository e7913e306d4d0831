/**
 * `kubectl` on the operator host: `get` (tables, -o wide|json|name|jsonpath|custom-columns, -A,
 * -n, -l, several kinds at once), `scale` (drives the model: new pods, IPs, ENIs), `version`,
 * and kubectl's own errors. Worker nodes have no kubectl, as on a real EKS node.
 */
import { kubeJson, listOf } from '../render/kube-objects';
import { matchesSelector } from '../render/kube-state';
import { findKind, tabwrite, type Item, type ResourceKind } from '../render/kubectl-resources';
import {
  evaluate,
  formatValue,
  parsePath,
  parseTemplate,
  renderTemplate,
} from '../render/kube-jsonpath';
import type { Command } from '../shell/run';
import { clusterOf, fail, nowOf, ok, printing, type HostContext, type Printed } from './context';

interface Flags {
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

function parseFlags(args: string[], verb: string): Flags | Printed {
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

export function kubectlCommand(host: HostContext): Command {
  return printing((ctx) => {
    const [verb, ...rest] = ctx.argv.slice(1);
    switch (verb) {
      case undefined:
        return ok(
          'kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nBasic Commands (Beginner):\n  create          Create a resource from a file or from stdin\n  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service\n  run             Run a particular image on the cluster\n  set             Set specific features on objects\n\nBasic Commands (Intermediate):\n  explain         Get documentation for a resource\n  get             Display one or many resources\n  edit            Edit a resource on the server\n  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector\n\nDeploy Commands:\n  rollout         Manage the rollout of a resource\n  scale           Set a new size for a deployment, replica set, or replication controller\n  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller\n\nUsage:\n  kubectl [flags] [options]\n\nUse "kubectl <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n',
        );
      case 'get':
        return get(host, rest);
      case 'scale':
        return scale(host, rest);
      case 'create':
        return create(host, rest);
      case 'version':
        return ok(
          `Client Version: v1.31.2\nKustomize Version: v5.4.2\nServer Version: ${clusterOf(host).kubernetesVersion}\n`,
        );
      case 'cluster-info':
        return ok(
          `\u001b[0;32mKubernetes control plane\u001b[0m is running at \u001b[0;33mhttps://${clusterOf(host).accountId.slice(0, 8).toUpperCase()}A1B2C3D4E5F6A7B8C9D0.gr7.${clusterOf(host).region}.eks.amazonaws.com\u001b[0m\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`,
        );
      default:
        if (/^[a-z][a-z-]*$/.test(verb) && KNOWN_VERBS.has(verb)) {
          return fail(
            `error: kubelab demo lab: "kubectl ${verb}" is not simulated; the demo answers get, scale and version\n`,
          );
        }
        return fail(
          `error: unknown command "${verb}" for "kubectl"\n\nDid you mean this?\n\tget\n\nRun 'kubectl --help' for usage.\n`,
        );
    }
  });
}

const KNOWN_VERBS = new Set([
  'describe',
  'exec',
  'logs',
  'apply',
  'delete',
  'edit',
  'expose',
  'run',
  'set',
  'rollout',
  'patch',
  'label',
  'annotate',
  'top',
  'port-forward',
  'cp',
  'explain',
  'config',
  'api-resources',
  'auth',
  'debug',
  'drain',
  'cordon',
  'uncordon',
  'taint',
  'wait',
  'autoscale',
  'attach',
  'proxy',
  'replace',
  'diff',
  'kustomize',
  'plugin',
  'certificate',
  'events',
]);

function parseSelector(text: string | undefined): Record<string, string> | string | undefined {
  if (text === undefined) return undefined;
  const selector: Record<string, string> = {};
  for (const part of text.split(',')) {
    const m = /^([A-Za-z0-9./_-]+)==?([A-Za-z0-9._-]*)$/.exec(part.trim());
    if (!m) return `error: kubelab demo lab: only key=value label selectors are simulated: ${text}`;
    selector[m[1] ?? ''] = m[2] ?? '';
  }
  return selector;
}

function get(host: HostContext, args: string[]): Printed {
  const flags = parseFlags(args, 'get');
  if ('status' in flags) return flags;
  const [kindWords, ...names] = flags.positional;
  if (!kindWords) {
    return fail(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n',
    );
  }
  const kinds: ResourceKind[] = [];
  for (const word of kindWords.split(',')) {
    const kind = findKind(word);
    if (!kind) return fail(`error: the server doesn't have a resource type "${word}"\n`);
    kinds.push(kind);
  }
  const selector = parseSelector(flags.selector);
  if (typeof selector === 'string') return fail(`${selector}\n`);
  const cluster = clusterOf(host);
  const now = nowOf(host);
  const namespace = flags.allNamespaces ? undefined : (flags.namespace ?? 'default');
  const groups = kinds.map((kind) => {
    let items = kind.list(cluster, now, kind.isNamespaced ? namespace : undefined);
    if (selector) items = items.filter((i) => matchesSelector(i.labels, selector));
    if (names.length) items = items.filter((i) => names.includes(i.name));
    return { kind, items };
  });
  if (names.length && kinds.length === 1) {
    const group = groups[0];
    const missing = names.filter((n) => !group?.items.some((i) => i.name === n));
    if (missing.length && group) {
      const errors = missing
        .map((n) => `Error from server (NotFound): ${group.kind.plural} "${n}" not found\n`)
        .join('');
      const found = group.items.length ? render(groups, flags, names.length === 1) : { status: 0 };
      return { stdout: found.stdout ?? '', stderr: errors, status: 1 };
    }
  }
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  if (total === 0 && !flags.output?.startsWith('json')) {
    return fail(
      namespace === undefined || kinds.every((k) => !k.isNamespaced)
        ? 'No resources found\n'
        : `No resources found in ${namespace} namespace.\n`,
      0,
    );
  }
  return render(groups, flags, names.length === 1 && kinds.length === 1);
}

function render(
  groups: { kind: ResourceKind; items: Item[] }[],
  flags: Flags,
  isSingle: boolean,
): Printed {
  const output = flags.output ?? '';
  const all = groups.flatMap((g) => g.items.map((item) => ({ kind: g.kind, item })));
  if (output === 'json' || output.startsWith('jsonpath') || output.startsWith('custom-columns')) {
    const objects = all.map(({ item }) => item.object());
    const root = isSingle && objects[0] ? objects[0] : listOf(objects);
    if (output === 'json') return ok(kubeJson(root));
    if (output.startsWith('custom-columns='))
      return customColumns(output.slice(15), objects, flags.noHeaders);
    const template = parseTemplate(output.replace(/^jsonpath=?/, ''));
    if (typeof template === 'string')
      return fail(
        `error: error parsing jsonpath ${output.replace(/^jsonpath=?/, '')}, ${template}\n`,
      );
    return ok(renderTemplate(template, JSON.parse(kubeJson(root))));
  }
  if (output === 'name')
    return ok(all.map(({ kind, item }) => `${kind.prefix}/${item.name}\n`).join(''));
  if (output === 'yaml')
    return fail('error: kubelab demo lab: -o yaml is not simulated; use -o json\n');
  if (output !== '' && output !== 'wide') {
    return fail(
      `error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n`,
    );
  }
  const isWide = output === 'wide';
  const isMulti = groups.length > 1;
  const sections = groups
    .filter((g) => g.items.length > 0)
    .map(({ kind, items }) => {
      const showNamespace = flags.allNamespaces && kind.isNamespaced;
      const rows = items.map((item) => {
        const cells = item.cells(isWide);
        if (isMulti) cells[0] = `${kind.prefix}/${cells[0] ?? ''}`;
        return showNamespace ? [item.namespace ?? '', ...cells] : cells;
      });
      const headers = [...(showNamespace ? ['NAMESPACE'] : []), ...kind.headers(isWide)];
      return tabwrite(flags.noHeaders ? rows : [headers, ...rows]);
    });
  return ok(sections.join('\n'));
}

function customColumns(spec: string, objects: object[], noHeaders: boolean): Printed {
  const columns = spec.split(',').map((c) => {
    const [header = '', path = ''] = c.split(':');
    return { header, path: parsePath(path) };
  });
  const bad = columns.find((c) => !c.path);
  if (bad) return fail(`error: custom-columns format specified, but no custom columns given\n`);
  const rows = objects.map((o) =>
    columns.map((c) => {
      const values = evaluate(c.path ?? [], JSON.parse(kubeJson(o)));
      return values.length ? values.map(formatValue).join(',') : '<none>';
    }),
  );
  return ok(tabwrite(noHeaders ? rows : [columns.map((c) => c.header), ...rows]));
}

function scale(host: HostContext, args: string[]): Printed {
  const flags = parseFlags(args, 'scale');
  if ('status' in flags) return flags;
  if (flags.replicas === undefined) return fail('error: required flag(s) "replicas" not set\n');
  const replicas = Number(flags.replicas);
  if (!/^\d+$/.test(flags.replicas))
    return fail(
      `error: invalid argument "${flags.replicas}" for "--replicas" flag: strconv.ParseInt: parsing "${flags.replicas}": invalid syntax\n`,
    );
  let [kind, name] = flags.positional;
  if (kind?.includes('/')) [kind, name] = kind.split('/');
  if (!kind || !name) return fail('error: resource(s) were provided, but no name was specified\n');
  if (findKind(kind)?.plural !== 'deployments') {
    return fail(`error: kubelab demo lab: only deployments scale in the demo (got "${kind}")\n`);
  }
  const namespace = flags.namespace ?? 'default';
  if (!clusterOf(host).deployments.some((d) => d.namespace === namespace && d.name === name)) {
    return fail(`Error from server (NotFound): deployments.apps "${name}" not found\n`);
  }
  host.store.scaleDeployment(namespace, name, replicas);
  return ok(`deployment.apps/${name} scaled\n`);
}

function create(host: HostContext, args: string[]): Printed {
  const [kind, name] = args.filter((a) => !a.startsWith('-'));
  if ((kind === 'deployment' || kind === 'deploy') && name) {
    const namespace = args.includes('-n') ? (args[args.indexOf('-n') + 1] ?? 'default') : 'default';
    if (clusterOf(host).deployments.some((d) => d.namespace === namespace && d.name === name)) {
      return fail(
        `error: failed to create deployment: deployments.apps "${name}" already exists\n`,
      );
    }
  }
  return fail(
    'error: kubelab demo lab: "kubectl create" is not simulated; scale the nginx Deployment instead (kubectl scale deployment nginx --replicas 30)\n',
  );
}
