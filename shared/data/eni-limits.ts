/**
 * The VPC CNI's per-instance-type limits, shipped as the app's data (generated from the fixture
 * kit by `scripts/gen-eni-limits.mjs`; the source commit is in `eni-limits-table.ts`).
 */
import type { NodeLimits } from '../model/topology';
import { maxPods } from '../parsers/eni-limits/max-pods';
import { ENI_LIMITS_SOURCE, ENI_LIMITS_TABLE } from './eni-limits-table';

export { ENI_LIMITS_SOURCE };

let byType: Map<string, readonly [string, number, number]> | undefined;

/**
 * The limits of an instance type in secondary-IP mode: max ENIs, IPv4 per ENI and
 * max pods = ENIs × (IPs per ENI − 1) + 2, as in the CNI's `misc/eni-max-pods.txt`
 * (`limitsFor('t3.medium')` → `{ maxEnis: 3, ipsPerEni: 6, maxPods: 17 }`). Undefined for an
 * instance type the table does not list (a newer type than the table, or a typo): the caller shows
 * the limits as unknown rather than guessing.
 */
export function limitsFor(instanceType: string): NodeLimits | undefined {
  byType ??= new Map(ENI_LIMITS_TABLE.map((row) => [row[0], row]));
  const row = byType.get(instanceType.trim().toLowerCase());
  if (row === undefined) return undefined;
  const [, maxEnis, ipsPerEni] = row;
  return { maxEnis, ipsPerEni, maxPods: maxPods(maxEnis, ipsPerEni) };
}

/** Every instance type the table lists, sorted. */
export function knownInstanceTypes(): string[] {
  return ENI_LIMITS_TABLE.map((row) => row[0]);
}
