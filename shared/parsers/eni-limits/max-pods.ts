/** Options of {@link maxPods}. */
export interface MaxPodsOptions {
  /** Prefix delegation (`ENABLE_PREFIX_DELEGATION=true`): each IP slot holds a /28, 16 addresses. */
  prefixDelegation?: boolean;
  /** vCPUs of the instance type; decides the ceiling (110, or 250 above 30 vCPUs). */
  vcpus?: number;
}

/** EKS's max-pods calculator ceiling for instance types with at most 30 vCPUs. */
export const MAX_PODS_CEILING_LOW_CPU = 110;
/** EKS's max-pods calculator ceiling for instance types with more than 30 vCPUs. */
export const MAX_PODS_CEILING_HIGH_CPU = 250;

/**
 * Max pods on a node under the AWS VPC CNI: `ENIs × (IPv4 per ENI − 1) + 2`. One address per
 * ENI is the ENI's own primary address; the `+ 2` are host-network pods (aws-node, kube-proxy).
 * With prefix delegation each secondary slot is a /28: `ENIs × ((IPv4 per ENI − 1) × 16) + 2`.
 *
 * Ceilings (EKS's max-pods calculator): with prefix delegation the result is capped at 110, or 250
 * when `vcpus` > 30; without `vcpus` the 110 ceiling applies. In secondary-IP mode the result is
 * capped only when `vcpus` is given, so by default it equals `misc/eni-max-pods.txt`
 * (`maxPods(3, 6)` → 17 for t3.medium; `maxPods(3, 10)` → 29 for m5.large; `maxPods(15, 50)` → 737).
 * Returns 0 for limits that are not positive integers.
 */
export function maxPods(eniLimit: number, ipsPerEni: number, options: MaxPodsOptions = {}): number {
  if (!Number.isInteger(eniLimit) || !Number.isInteger(ipsPerEni) || eniLimit < 1 || ipsPerEni < 1)
    return 0;
  const perEni = (ipsPerEni - 1) * (options.prefixDelegation === true ? 16 : 1);
  const pods = eniLimit * perEni + 2;
  if (options.vcpus === undefined && options.prefixDelegation !== true) return pods;
  const ceiling =
    options.vcpus !== undefined && options.vcpus > 30
      ? MAX_PODS_CEILING_HIGH_CPU
      : MAX_PODS_CEILING_LOW_CPU;
  return Math.min(pods, ceiling);
}
