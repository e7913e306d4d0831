/** Host ids from names that come from outside (ssh aliases, machine names, node names). */
import { Id } from '../../shared/model/workspace';

/** A valid, unique host id made from `name`: invalid characters become `-`, clashes get `-2`… */
export function makeHostId(name: string, taken: Set<string>): string {
  let base = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 60);
  if (!Id.safeParse(base).success) base = 'host';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
