import { at, clip, fieldsOf, parseJsonText, type JsonFields } from '../parse-helpers';
import { WarningList, type Parsed } from '../parse-result';
import type { AwsRef } from './types';

/** What each id prefix names, for warnings. */
const ID_KINDS: Record<string, string> = {
  eni: 'ENI',
  i: 'instance',
  vpc: 'VPC',
  subnet: 'subnet',
  pcx: 'peering connection',
  rtb: 'route table',
  sg: 'security group',
  igw: 'internet gateway',
  nat: 'NAT gateway',
  tgw: 'transit gateway',
  rtbassoc: 'route table association',
};

/** True when `id` is `<prefix>-` and 8 or 17 lower-case hex digits, as EC2 writes ids. */
export function isAwsId(id: string, prefix: string): boolean {
  return (
    id.startsWith(`${prefix}-`) && /^[0-9a-f]{8}(?:[0-9a-f]{9})?$/.test(id.slice(prefix.length + 1))
  );
}

/**
 * An EC2 id field. Kept as given (it names the record) but warned about when it is not
 * `<prefix>-` + 8 or 17 hex digits: `eni-1234567890abcdefg` has a `g`.
 */
export function awsId(
  f: JsonFields | undefined,
  key: string,
  prefix: string,
  required = false,
): string | undefined {
  const id = f?.string(key, required);
  if (id !== undefined && !isAwsId(id, prefix)) {
    f?.warn(
      `"${clip(id, 60)}" is not a valid ${ID_KINDS[prefix] ?? prefix} id (${prefix}- and 8 or 17 hex digits)`,
      key,
    );
  }
  return id;
}

/** `Tags` / `TagSet` as a map, with the Name tag. */
export function readTags(f: JsonFields): Pick<AwsRef, 'tags' | 'name'> {
  const tags = Object.create(null) as Record<string, string>;
  for (const t of [...f.objects('Tags'), ...f.objects('TagSet')]) {
    const key = t.string('Key');
    const value = t.string('Value');
    if (key !== undefined && value !== undefined) tags[key] = value;
  }
  const name = tags.Name;
  return name === undefined ? { tags } : { tags, name };
}

/**
 * Reads a describe-… answer: the list under `key` (`{"Vpcs": [...]}`), or a bare array as
 * `--query 'Vpcs'` prints it, each element through `read`. An AWS CLI error message instead of
 * JSON becomes one warning quoting it.
 */
export function readAwsList<T>(
  text: string,
  key: string,
  read: (f: JsonFields) => T | undefined,
): Parsed<T[]> {
  const warnings = new WarningList();
  const out: T[] = [];
  const cliError = /An error occurred \(([^)]+)\)[^\n]*/.exec(text);
  if (cliError !== null && !text.trimStart().startsWith('{') && !text.trimStart().startsWith('[')) {
    warnings.add(0, `the AWS CLI reported an error: ${clip(cliError[0], 200)}`);
    return { value: out, warnings: warnings.items };
  }
  const parsed = parseJsonText(text, warnings);
  if (!parsed.ok) return { value: out, warnings: warnings.items };
  let list: unknown[];
  let path = key;
  if (Array.isArray(parsed.value)) {
    list = parsed.value;
    path = '';
  } else {
    const root = fieldsOf(parsed.value, '', warnings);
    if (root !== undefined && !(key in root.obj))
      warnings.add(0, `no "${key}" list in this document`);
    list = root?.array(key) ?? [];
  }
  list.forEach((item, i) => {
    const f = fieldsOf(item, at(path, i), warnings);
    const record = f === undefined ? undefined : read(f);
    if (record !== undefined) out.push(record);
  });
  return { value: out, warnings: warnings.items };
}
