import { maxPodsFormula, type NodeCapacity } from '../../../../../shared/model/eni-capacity';
import { usesIpTargets, type WarmPoolSettings } from '../../../../../shared/model/eni-warm-pool';

/** A label and its value, as the capacity card lists them. */
export interface Fact {
  label: string;
  value: string;
}

/** What the capacity card of one node shows. */
export interface CapacityCardView {
  title: string;
  facts: Fact[];
  /** The next-ENI prediction as a sentence. */
  nextEni: string;
  isFull: boolean;
}

/** The next-ENI prediction of a node as a sentence an engineer reads at a glance. */
export function nextEniSentence(capacity: NodeCapacity): string {
  const next = capacity.nextEni;
  switch (next.kind) {
    case 'at-pod-ips': {
      const replicas =
        capacity.nextEniAtReplicas === undefined
          ? ''
          : `, next ENI at replica ${capacity.nextEniAtReplicas}`;
      return `Next ENI when pods hold ${next.podIps} IPs here (${next.morePods} more)${replicas}`;
    }
    case 'due':
      return 'Next ENI: due now (the warm pool is short)';
    case 'max-enis':
      return capacity.limits === undefined
        ? 'All ENIs attached'
        : `All ${capacity.limits.maxEnis} ENIs attached: no more ENIs`;
    case 'node-full-first':
      return `No next ENI: max pods comes first (the ENI would wait for ${next.podIps} pod IPs)`;
    case 'unknown':
      return `Next ENI: unknown (${next.reason})`;
  }
}

/** The warm-pool settings as the aws-node env spells them, and where they came from. */
export function warmPoolText(settings: WarmPoolSettings): string {
  const parts = usesIpTargets(settings)
    ? [
        `WARM_IP_TARGET=${settings.warmIpTarget ?? 'unset'}`,
        `MINIMUM_IP_TARGET=${settings.minimumIpTarget ?? 'unset'}`,
      ]
    : [`WARM_ENI_TARGET=${settings.warmEniTarget}`];
  if (settings.isPrefixDelegation) parts.push('prefix delegation');
  return `${parts.join(' · ')} (${settings.source === 'aws-node' ? 'aws-node env' : 'CNI defaults'})`;
}

/** The capacity card of one node: limits, the max pods formula with its numbers, usage, next ENI. */
export function capacityCardView(
  capacity: NodeCapacity,
  settings: WarmPoolSettings,
): CapacityCardView {
  const limits = capacity.limits;
  const facts: Fact[] = [
    { label: 'Instance type', value: capacity.instanceType ?? 'unknown' },
    {
      label: 'Limits',
      value:
        limits === undefined
          ? 'unknown'
          : `${limits.maxEnis} ENIs × ${limits.ipsPerEni} IPs per ENI`,
    },
    { label: 'Max pods', value: limits === undefined ? 'unknown' : maxPodsFormula(limits) },
    {
      label: 'ENIs',
      value: limits === undefined ? `${capacity.enis}` : `${capacity.enis} of ${limits.maxEnis}`,
    },
    {
      label: 'IPs',
      value: `${capacity.ipsAllocated} allocated · ${capacity.ipsAssigned} assigned · ${capacity.ipsWarm} warm`,
    },
    {
      label: 'Pods',
      value:
        limits === undefined
          ? `${capacity.pods}`
          : `${capacity.pods} of ${limits.maxPods} (${capacity.podsUntilFull ?? 0} until full)`,
    },
    { label: 'Warm pool', value: warmPoolText(settings) },
  ];
  return {
    title: capacity.nodeName,
    facts,
    nextEni: nextEniSentence(capacity),
    isFull: capacity.podsUntilFull === 0,
  };
}
