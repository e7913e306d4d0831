/**
 * A small `jq` for reading the labs' JSON (ipamd, `kubectl -o json`, `aws ec2 …`): identity and
 * path filters (`.a.b`, `.items[0]`, `.items[].metadata.name`, `.["key"]`), `keys`, `length`,
 * chained with `|`, and the `-r` / `-c` output options.
 */
import type { Command } from './run';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Step =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'each' }
  | { kind: 'keys' }
  | { kind: 'length' };

function parseFilter(filter: string): Step[][] | undefined {
  const stages: Step[][] = [];
  for (const raw of filter.split('|')) {
    const text = raw.trim();
    if (text === 'keys') {
      stages.push([{ kind: 'keys' }]);
      continue;
    }
    if (text === 'length') {
      stages.push([{ kind: 'length' }]);
      continue;
    }
    if (!text.startsWith('.')) return undefined;
    const steps: Step[] = [];
    const re = /\.([A-Za-z_][\w-]*)|\.?\["((?:\\.|[^"])*)"\]|\.?\[(\d+)\]|\.?\[\]|\./gy;
    let pos = 0;
    while (pos < text.length) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (!m) return undefined;
      if (m[1] !== undefined) steps.push({ kind: 'key', key: m[1] });
      else if (m[2] !== undefined) steps.push({ kind: 'key', key: m[2] });
      else if (m[3] !== undefined) steps.push({ kind: 'index', index: Number(m[3]) });
      else if (m[0].endsWith('[]')) steps.push({ kind: 'each' });
      pos = re.lastIndex;
    }
    stages.push(steps);
  }
  return stages;
}

function apply(step: Step, value: Json): Json[] | string {
  switch (step.kind) {
    case 'key':
      if (value === null) return [null];
      if (typeof value !== 'object' || Array.isArray(value))
        return `Cannot index ${typeName(value)} with "${step.key}"`;
      return [value[step.key] ?? null];
    case 'index':
      if (value === null) return [null];
      if (!Array.isArray(value)) return `Cannot index ${typeName(value)} with number`;
      return [value[step.index] ?? null];
    case 'each':
      if (Array.isArray(value)) return value;
      if (value !== null && typeof value === 'object') return Object.values(value);
      return `Cannot iterate over ${typeName(value)}`;
    case 'keys':
      if (Array.isArray(value)) return [value.map((_, i) => i)];
      if (value !== null && typeof value === 'object') return [Object.keys(value).sort()];
      return `${typeName(value)} has no keys`;
    case 'length':
      if (Array.isArray(value) || typeof value === 'string') return [value.length];
      if (value !== null && typeof value === 'object') return [Object.keys(value).length];
      return [value === null ? 0 : Math.abs(Number(value))];
  }
}

function typeName(value: Json): string {
  if (value === null) return 'null (null)';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : `${typeof value} (${JSON.stringify(value)})`;
}

export const jq: Command = async (ctx) => {
  let raw = false;
  let compact = false;
  let filter: string | undefined;
  for (const arg of ctx.argv.slice(1)) {
    if (/^-[rcMC]+$/.test(arg)) {
      raw ||= arg.includes('r');
      compact ||= arg.includes('c');
    } else if (arg === '--raw-output') raw = true;
    else if (arg === '--compact-output') compact = true;
    else if (filter === undefined) filter = arg;
    else {
      await ctx.stderr.write(`jq: error: Could not open ${arg}: No such file or directory\n`);
      return 2;
    }
  }
  const stages = parseFilter(filter ?? '.');
  if (!stages) {
    await ctx.stderr.write(
      `jq: error: kubelab demo lab: only path filters, keys and length are simulated: ${filter ?? ''}\njq: 1 compile error\n`,
    );
    return 3;
  }
  const text = await ctx.stdin.readAll();
  const inputs: Json[] = [];
  try {
    for (const doc of splitDocuments(text)) inputs.push(JSON.parse(doc) as Json);
  } catch {
    await ctx.stderr.write('jq: error (at <stdin>:1): Cannot parse the input as JSON\n');
    return 2;
  }
  let out = '';
  for (const input of inputs) {
    let values: Json[] = [input];
    for (const stage of stages) {
      for (const step of stage) {
        const next: Json[] = [];
        for (const v of values) {
          const r = apply(step, v);
          if (typeof r === 'string') {
            await ctx.stdout.write(out);
            await ctx.stderr.write(`jq: error (at <stdin>:0): ${r}\n`);
            return 5;
          }
          next.push(...r);
        }
        values = next;
      }
    }
    for (const v of values) {
      out +=
        raw && typeof v === 'string'
          ? `${v}\n`
          : `${JSON.stringify(v, null, compact ? undefined : 2)}\n`;
    }
  }
  await ctx.stdout.write(out);
  return 0;
};

/** jq reads a stream of JSON texts; the labs feed it one, or several from a `for` over nodes. */
function splitDocuments(text: string): string[] {
  const docs: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0 && start >= 0) docs.push(text.slice(start, i + 1));
    }
  }
  if (docs.length === 0 && text.trim()) docs.push(text.trim());
  return docs;
}
