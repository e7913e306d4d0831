/**
 * The part of kubectl's JSONPath the labs use: `{.items[0].status.podIP}`, `{.items[*].metadata.name}`,
 * literals such as `{"\n"}`, `{range .items[*]}…{end}`, and the field paths of
 * `-o custom-columns=NAME:.metadata.name,IP:.status.podIP`.
 */

type Segment = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'all' };

/** Parses `.a.b[0].c`, `.items[*].x` and `.metadata.labels['app']`; undefined when it cannot. */
export function parsePath(path: string): Segment[] | undefined {
  const text = path.trim().replace(/^\$/, '');
  const segments: Segment[] = [];
  const re = /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\[\*\]|\[['"]([^'"]+)['"]\]|\.\[\*\]/gy;
  let pos = 0;
  if (text === '' || text === '.') return segments;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) segments.push({ kind: 'key', key: m[1] });
    else if (m[2] !== undefined) segments.push({ kind: 'index', index: Number(m[2]) });
    else if (m[3] !== undefined) segments.push({ kind: 'key', key: m[3] });
    else segments.push({ kind: 'all' });
    pos = re.lastIndex;
  }
  return segments;
}

export function evaluate(segments: Segment[], root: unknown): unknown[] {
  let values: unknown[] = [root];
  for (const seg of segments) {
    const next: unknown[] = [];
    for (const v of values) {
      if (seg.kind === 'key' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const child = (v as Record<string, unknown>)[seg.key];
        if (child !== undefined) next.push(child);
      } else if (seg.kind === 'index' && Array.isArray(v) && seg.index < v.length) {
        next.push((v as unknown[])[seg.index]);
      } else if (seg.kind === 'all' && Array.isArray(v)) {
        for (const item of v as unknown[]) next.push(item);
      } else if (seg.kind === 'all' && v !== null && typeof v === 'object') {
        for (const item of Object.values(v as Record<string, unknown>)) next.push(item);
      }
    }
    values = next;
  }
  return values;
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'path'; path: Segment[] }
  | { kind: 'range'; path: Segment[]; body: Node[] };

/** Parses a JSONPath template; a string error names what kubectl would complain about. */
export function parseTemplate(template: string): Node[] | string {
  const stack: { path: Segment[]; body: Node[] }[] = [{ path: [], body: [] }];
  const re = /\{([^}]*)\}/g;
  let last = 0;
  const top = () => stack[stack.length - 1] ?? { path: [], body: [] };
  for (const m of template.matchAll(re)) {
    if (m.index > last) top().body.push({ kind: 'text', text: template.slice(last, m.index) });
    last = m.index + m[0].length;
    const expr = (m[1] ?? '').trim();
    if (/^".*"$|^'.*'$/.test(expr)) {
      top().body.push({
        kind: 'text',
        text: expr.slice(1, -1).replace(/\\n/g, '\n').replace(/\\t/g, '\t'),
      });
    } else if (expr.startsWith('range ')) {
      const path = parsePath(expr.slice(6));
      if (!path) return `unrecognized identifier ${expr.slice(6)}`;
      stack.push({ path, body: [] });
    } else if (expr === 'end') {
      const done = stack.pop();
      if (!done || stack.length === 0) return 'not in range, nothing to end';
      top().body.push({ kind: 'range', path: done.path, body: done.body });
    } else {
      const path = parsePath(expr);
      if (!path) return `unrecognized identifier ${expr}`;
      top().body.push({ kind: 'path', path });
    }
  }
  if (last < template.length) top().body.push({ kind: 'text', text: template.slice(last) });
  if (stack.length !== 1) return 'unclosed range';
  return top().body;
}

/** Renders a parsed template; several results of one path are joined by spaces, as kubectl does. */
export function renderTemplate(nodes: Node[], root: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'path') out += evaluate(node.path, root).map(formatValue).join(' ');
    else for (const item of evaluate(node.path, root)) out += renderTemplate(node.body, item);
  }
  return out;
}
