/**
 * `kubectl get`: kubectl's tables (tabwriter columns, NAMESPACE with -A, kind/name prefixes when
 * several kinds are listed), `-o json` lists, `-o name`, JSONPath and custom columns.
 */
import { kubeJson, listOf } from '../render/kube-meta';
import {
  evaluate,
  formatValue,
  parsePath,
  parseTemplate,
  renderTemplate,
} from '../render/kube-jsonpath';
import { matchesSelector } from '../render/kube-state';
import { findKind, tabwrite, type Item, type ResourceKind } from '../render/kubectl-resources';
import { clusterOf, fail, nowOf, ok, type HostContext, type Printed } from './context';
import { parseFlags, type Flags } from './kubectl-flags';

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

/** `kubectl get KIND[,KIND…] [NAME…]` with tables, -o wide|json|name|jsonpath|custom-columns. */
export function get(host: HostContext, args: string[]): Printed {
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
