import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { Runbook, VAR_REF } from './schema';

/** A problem in a runbook file: where it is (1-based line and column), which field, and what. */
export interface RunbookError {
  file: string;
  line: number;
  col: number;
  /** The field path, `steps[2].run[0].mode`; '' for the document as a whole. */
  field: string;
  message: string;
}

export type LoadResult = { ok: true; runbook: Runbook } | { ok: false; errors: RunbookError[] };

/** `file:line:col field: message`, the form editors and terminals link. */
export function formatRunbookError(e: RunbookError): string {
  return `${e.file}:${e.line}:${e.col}${e.field ? ` ${e.field}` : ''}: ${e.message}`;
}

/** `steps[2].run[0]` from a zod/yaml path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

/**
 * Reads a runbook from YAML text. Never throws: YAML syntax errors, schema violations and
 * variables used before they are bound all come back as errors with the line and column of the
 * offending node (the nearest enclosing one when the field is missing).
 */
export function loadRunbook(text: string, file = 'runbook.yaml'): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  if (doc.errors.length > 0)
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        file,
        ...at(e.pos[0]),
        field: '',
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  const parsed = Runbook.safeParse(doc.toJS());
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => issueError(issue, doc, file, at)),
    };
  const unbound = checkVariables(parsed.data);
  if (unbound.length > 0)
    return {
      ok: false,
      errors: unbound.map(({ path, message }) => ({
        file,
        ...at(locate(doc, path)),
        field: fieldPath(path),
        message,
      })),
    };
  return { ok: true, runbook: parsed.data };
}

function issueError(
  issue: z.core.$ZodIssue,
  doc: Document,
  file: string,
  at: (offset: number) => { line: number; col: number },
): RunbookError {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown field ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) message = 'is required';
  const keyPath = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
  return {
    file,
    ...at(locate(doc, keyPath, issue.code === 'unrecognized_keys')),
    field: fieldPath(keyPath),
    message,
  };
}

/** The offset of the node at `path`, or of its nearest existing ancestor; a key's own position when asked. */
function locate(doc: Document, path: readonly (string | number)[], atKey = false): number {
  for (let n = path.length; n >= 0; n--) {
    const prefix = path.slice(0, n);
    if (atKey && n === path.length && n > 0) {
      const parent = doc.getIn(prefix.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find(
          (p) => isNode(p.key) && (p.key as { value?: unknown }).value === prefix[n - 1],
        );
        if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
      }
      continue;
    }
    const node = n === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

/** The variable names a string refers to. */
export function refsIn(text: string): string[] {
  return [...text.matchAll(VAR_REF)].map((m) => m[1] ?? '');
}

/**
 * Every `${name}` must be a declared variable, a pod binding (`${web.0.ip}`) or bound by an
 * earlier command (`bind:`) — an error here is cheaper than one halfway through a lab.
 */
function checkVariables(rb: Runbook): { path: (string | number)[]; message: string }[] {
  const known = new Set(Object.keys(rb.variables));
  const pods = new Set(rb.requires.pods.map((p) => p.name));
  const problems: { path: (string | number)[]; message: string }[] = [];
  const isKnown = (ref: string) => known.has(ref) || pods.has(ref.split('.')[0] ?? '');
  const check = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      for (const ref of refsIn(value))
        if (!isKnown(ref))
          problems.push({
            path,
            message: `\${${ref}} is not a variable, a pod binding or bound by an earlier command`,
          });
    } else if (Array.isArray(value)) value.forEach((v, i) => check(v, [...path, i]));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) if (k !== 'bind') check(v, [...path, k]);
  };
  rb.steps.forEach((step, s) => {
    step.run.forEach((item, r) => {
      check(item, ['steps', s, 'run', r]);
      for (const name of Object.keys(item.bind ?? {})) known.add(name);
    });
    // The explanation is read with the step's results, so its own bindings count.
    check(step.explain, ['steps', s, 'explain']);
    step.expect.forEach((e, i) => check(e, ['steps', s, 'expect', i]));
    step.cleanup.forEach((item, i) => check(item, ['steps', s, 'cleanup', i]));
  });
  return problems;
}
