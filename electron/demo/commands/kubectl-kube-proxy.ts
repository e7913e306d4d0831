/**
 * The kubectl verbs seed 003 uses to switch kube-proxy's mode, on the demo operator host:
 * `get configmap` (table, -o yaml|json|jsonpath|name), `patch configmap kube-proxy-config`
 * (merge patch of `data.config`), `rollout restart|status daemonset kube-proxy`, and
 * `exec POD -- curl|wget …`, which sends the request from the pod through its node's
 * kube-proxy rules (iptables or IPVS) so counters move where the pod runs.
 */
import { stringify } from 'yaml';
import {
  PROXY_CONFIG_MAP,
  proxyConfigState,
  restartKubeProxy,
  setProxyConfigText,
} from '../kube-proxy/mode-state';
import { stableUuid } from '../model/random';
import { kubeJson, listOf, sortKeys } from '../render/kube-meta';
import { parseTemplate, renderTemplate } from '../render/kube-jsonpath';
import { humanDuration, timestamp } from '../render/kube-state';
import { tabwrite } from '../render/kubectl-resources';
import { clusterOf, fail, nowOf, ok, type HostContext, type Printed } from './context';
import { apiEndpoint } from './kubectl';
import { podExec } from './kubectl-pod-exec';

/** kubectl's flags for these verbs: -n, -o, -p, --type, -c; `--` ends them (exec). */
interface VerbArgs {
  namespace: string;
  output?: string;
  patch?: string;
  patchType?: string;
  positional: string[];
  /** After `--`. */
  command: string[];
}

function parseVerbArgs(args: readonly string[]): VerbArgs | Printed {
  const out: VerbArgs = { namespace: 'default', positional: [], command: [] };
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] ?? '';
    const value = (): string | undefined => args[++i];
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    if (a === '--') {
      out.command = args.slice(i + 1);
      break;
    }
    if (flag === '-n' || flag === '--namespace') out.namespace = inline ?? value() ?? '';
    else if (/^-n.+/.test(a)) out.namespace = a.slice(2);
    else if (flag === '-o' || flag === '--output') out.output = inline ?? value() ?? '';
    else if (/^-o.+/.test(a)) out.output = a.slice(2);
    else if (flag === '-p' || flag === '--patch') out.patch = inline ?? value() ?? '';
    else if (flag === '--type') out.patchType = inline ?? value() ?? '';
    else if (flag === '-c' || flag === '--container') value();
    else if (['-i', '-t', '-it', '-ti', '--stdin', '--tty', '-q', '--quiet'].includes(a)) continue;
    else if (a.startsWith('-')) return fail(`error: unknown flag: ${flag}\n`);
    else out.positional.push(a);
  }
  return out;
}

const VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '-o',
  '--output',
  '-l',
  '--selector',
  '-p',
  '--patch',
  '--type',
  '-c',
  '--container',
]);

const isConfigMapKind = (word: string | undefined): boolean =>
  word !== undefined && ['cm', 'configmap', 'configmaps'].includes(word.split('/')[0] ?? '');

/** kube-proxy's kubeconfig, which EKS keeps in a ConfigMap named `kube-proxy`. */
function kubeconfigText(host: HostContext): string {
  return [
    'kind: Config',
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    '    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
    `    server: ${apiEndpoint(host).toLowerCase()}`,
    '  name: default',
    'contexts:',
    '- context:',
    '    cluster: default',
    '    namespace: default',
    '    user: default',
    '  name: default',
    'current-context: default',
    'users:',
    '- name: default',
    '  user:',
    '    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token',
  ].join('\n');
}

/**
 * kube-system's kube-proxy ConfigMaps as EKS has them: `kube-proxy` (its kubeconfig) and
 * `kube-proxy-config` (the configuration with `mode:`, which a patch changes).
 */
function configMapObjects(host: HostContext): Record<string, unknown>[] {
  const cluster = clusterOf(host);
  const state = proxyConfigState(host.store);
  const object = (name: string, key: string, text: string, version: number) => ({
    apiVersion: 'v1',
    data: { [key]: text },
    kind: 'ConfigMap',
    metadata: {
      creationTimestamp: timestamp(state.createdAt),
      labels: { 'eks.amazonaws.com/component': 'kube-proxy', 'k8s-app': 'kube-proxy' },
      name,
      namespace: 'kube-system',
      resourceVersion: String(version),
      uid: stableUuid(`cm:${cluster.name}:${name}`),
    },
  });
  return [
    object('kube-proxy', 'kubeconfig', kubeconfigText(host), 1000),
    object(PROXY_CONFIG_MAP.name, PROXY_CONFIG_MAP.key, state.configText, 1000 + state.generation),
  ];
}

function getConfigMap(host: HostContext, a: VerbArgs): Printed {
  const [kind, ...names] = a.positional;
  const name = kind?.includes('/') ? kind.split('/')[1] : names[0];
  const all = a.namespace === 'kube-system' ? configMapObjects(host) : [];
  const nameOf = (o: Record<string, unknown>) => (o.metadata as { name: string }).name;
  const chosen = name === undefined ? all : all.filter((o) => nameOf(o) === name);
  if (chosen.length === 0) {
    return name === undefined
      ? fail(`No resources found in ${a.namespace} namespace.\n`, 0)
      : fail(`Error from server (NotFound): configmaps "${name}" not found\n`);
  }
  const root = name === undefined ? listOf(chosen) : chosen[0];
  const output = a.output ?? '';
  if (output === 'yaml') {
    const text = stringify(sortKeys(root), { lineWidth: 0 });
    // kubectl (Go's yaml) quotes timestamps; the yaml library leaves them plain.
    return ok(text.replace(/creationTimestamp: (\S+)/g, 'creationTimestamp: "$1"'));
  }
  if (output === 'json') return ok(kubeJson(root));
  if (output === 'name') return ok(chosen.map((o) => `configmap/${nameOf(o)}\n`).join(''));
  if (output.startsWith('jsonpath')) {
    const template = parseTemplate(output.replace(/^jsonpath=?/, ''));
    if (typeof template === 'string')
      return fail(`error: error parsing jsonpath ${output}, ${template}\n`);
    return ok(renderTemplate(template, JSON.parse(kubeJson(root))));
  }
  if (output !== '' && output !== 'wide')
    return fail(`error: kubelab demo lab: -o ${output} is not simulated for configmaps\n`);
  const age = humanDuration(nowOf(host) - proxyConfigState(host.store).createdAt);
  return ok(tabwrite([['NAME', 'DATA', 'AGE'], ...chosen.map((o) => [nameOf(o), '1', age])]));
}

function patchConfigMap(host: HostContext, a: VerbArgs): Printed {
  const [kind, maybeName] = a.positional;
  const name = kind?.includes('/') ? kind.split('/')[1] : maybeName;
  if (a.namespace !== 'kube-system' || name !== PROXY_CONFIG_MAP.name)
    return fail(`Error from server (NotFound): configmaps "${name ?? ''}" not found\n`);
  if (a.patch === undefined)
    return fail(
      'error: must specify --patch or --patch-file containing the contents of the patch\n',
    );
  if (a.patchType !== undefined && !['merge', 'strategic'].includes(a.patchType))
    return fail(
      `error: kubelab demo lab: --type ${a.patchType} is not simulated; use --type merge\n`,
    );
  let patch: unknown;
  try {
    patch = JSON.parse(a.patch);
  } catch {
    return fail(`error: unable to parse "${a.patch}": yaml: did not find expected node content\n`);
  }
  const data = (patch as { data?: Record<string, unknown> } | null)?.data;
  const text = data?.[PROXY_CONFIG_MAP.key];
  if (typeof text !== 'string')
    return fail(
      `error: kubelab demo lab: the patch must set data.${PROXY_CONFIG_MAP.key} (the whole config text)\n`,
    );
  const before = proxyConfigState(host.store).generation;
  setProxyConfigText(host.store, text);
  const changed = proxyConfigState(host.store).generation !== before;
  return ok(`configmap/${PROXY_CONFIG_MAP.name} ${changed ? 'patched' : 'patched (no change)'}\n`);
}

function rollout(host: HostContext, a: VerbArgs): Printed {
  const [action, kind, maybeName] = a.positional;
  const name = kind?.includes('/') ? kind.split('/')[1] : maybeName;
  const kindWord = kind?.split('/')[0];
  if (
    !['ds', 'daemonset', 'daemonsets'].includes(kindWord ?? '') ||
    name !== 'kube-proxy' ||
    a.namespace !== 'kube-system'
  )
    return fail(
      'error: kubelab demo lab: rollout is simulated for daemonset kube-proxy in kube-system only\n',
    );
  if (action === 'restart') {
    restartKubeProxy(host.store, nowOf(host));
    return ok('daemonset.apps/kube-proxy restarted\n');
  }
  if (action === 'status') return ok('daemon set "kube-proxy" successfully rolled out\n');
  return fail(`error: kubelab demo lab: "kubectl rollout ${action ?? ''}" is not simulated\n`);
}

/** Moves flags given before the verb (`-n kube-system get cm`) after it, as kubectl reads them. */
export function verbFirst(args: readonly string[]): string[] {
  const leading: string[] = [];
  let i = 0;
  while (i < args.length && (args[i] ?? '').startsWith('-')) {
    const a = args[i] ?? '';
    leading.push(a);
    i += 1;
    if (['-n', '--namespace', '--context', '--kubeconfig'].includes(a) && i < args.length) {
      leading.push(args[i] ?? '');
      i += 1;
    }
  }
  if (i >= args.length) return [...args];
  return [args[i] ?? '', ...leading, ...args.slice(i + 1)];
}

/**
 * Answers the verbs this file simulates; undefined hands the line back to the demo's kubectl.
 * `get` is taken only for configmaps.
 */
export function kubeProxyKubectl(
  host: HostContext,
  verb: string | undefined,
  rest: string[],
): Printed | undefined {
  if (verb !== 'get' && verb !== 'patch' && verb !== 'rollout' && verb !== 'exec') return undefined;
  // `get` of other kinds stays with the demo's kubectl, whatever flags it carries.
  if (
    verb === 'get' &&
    !isConfigMapKind(rest.find((w, i) => !w.startsWith('-') && !VALUE_FLAGS.has(rest[i - 1] ?? '')))
  )
    return undefined;
  const a = parseVerbArgs(rest);
  if ('status' in a) return a;
  if (verb === 'get') return getConfigMap(host, a);
  if (verb === 'patch') {
    if (!isConfigMapKind(a.positional[0]))
      return fail(
        'error: kubelab demo lab: kubectl patch is simulated for the kube-proxy ConfigMap only\n',
      );
    return patchConfigMap(host, a);
  }
  if (verb === 'rollout') return rollout(host, a);
  return podExec(host, a.namespace, a.positional[0], a.command);
}
