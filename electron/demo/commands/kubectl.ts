/**
 * `kubectl` on the operator host: `get` (tables, -o wide|json|name|jsonpath|custom-columns, -A,
 * -n, -l, several kinds at once), `scale` (drives the model: new pods, IPs, ENIs), `version`,
 * and kubectl's own errors. Worker nodes have no kubectl, as on a real EKS node.
 */
import { stableUuid } from '../model/random';
import { findKind } from '../render/kubectl-resources';
import type { Command } from '../shell/run';
import { clusterOf, fail, ok, printing, type HostContext, type Printed } from './context';
import { apply, remove, run } from './kubectl-apply';
import { parseFlags } from './kubectl-flags';
import { get } from './kubectl-get';
import { kubeProxyKubectl, verbFirst } from './kubectl-kube-proxy';

export function kubectlCommand(host: HostContext): Command {
  const answer = printing((ctx) => {
    // `kubectl -n kube-system get …`: kubectl takes flags before the verb too (seed 003 does).
    const [verb, ...rest] = verbFirst(ctx.argv.slice(1));
    // configmap get/patch, rollout restart and exec: seed 003's kube-proxy mode switch.
    const kubeProxy = kubeProxyKubectl(host, verb, rest);
    if (kubeProxy) return kubeProxy;
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
          `\u001b[0;32mKubernetes control plane\u001b[0m is running at \u001b[0;33m${apiEndpoint(host)}\u001b[0m\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`,
        );
      default:
        if (/^[a-z][a-z-]*$/.test(verb) && KNOWN_VERBS.has(verb)) {
          return fail(
            `error: kubelab demo lab: "kubectl ${verb}" is not simulated; the demo answers get, apply, run, exec, delete, scale and version\n`,
          );
        }
        return fail(
          `error: unknown command "${verb}" for "kubectl"\n\nDid you mean this?\n\tget\n\nRun 'kubectl --help' for usage.\n`,
        );
    }
  });
  return async (ctx) => {
    const [verb, ...rest] = verbFirst(ctx.argv.slice(1));
    if (verb !== 'apply' && verb !== 'delete' && verb !== 'run') return answer(ctx);
    // `-f -`: the manifest comes on stdin (a heredoc or a pipe).
    const stdin =
      verb !== 'run' && (rest.includes('-') || rest.includes('--filename=-'))
        ? await ctx.stdin.readAll()
        : '';
    const r =
      verb === 'apply'
        ? apply(host, rest, stdin)
        : verb === 'delete'
          ? remove(host, rest, stdin)
          : await run(host, rest, ctx);
    if (r.stdout) await ctx.stdout.write(r.stdout);
    if (r.stderr) await ctx.stderr.write(r.stderr);
    return r.status;
  };
}

/** The EKS API endpoint: 32 upper-case hex digits, a cell id and the region. */
export function apiEndpoint(host: HostContext): string {
  const cluster = clusterOf(host);
  const id = stableUuid(`eks:${cluster.accountId}:${cluster.name}`)
    .replaceAll('-', '')
    .toUpperCase();
  return `https://${id}.gr7.${cluster.region}.eks.amazonaws.com`;
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
