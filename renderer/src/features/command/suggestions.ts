import type { HostRole } from '../../../../shared/model/workspace';

export interface Suggestion {
  command: string;
  /** What it shows, for the chip's tooltip. */
  hint: string;
  /** Where it makes sense; choosing it selects those hosts. */
  role?: HostRole;
}

/** The lab's everyday commands, one click away. */
export const SUGGESTIONS: readonly Suggestion[] = [
  { command: 'ip -br addr', hint: 'Interfaces and addresses: ens5/ens6 and the eni… veths' },
  { command: 'ip rule', hint: 'Policy routing: per-pod rules 512 and 1536' },
  { command: 'ip route show table all', hint: 'Every routing table, including per-ENI tables' },
  { command: 'iptables -t nat -S', hint: 'NAT rules: KUBE-SERVICES and AWS-SNAT-CHAIN-0' },
  {
    command: 'kubectl get pods -A -o wide',
    hint: 'Every pod with its IP and node (runs on the operator host)',
    role: 'operator',
  },
  {
    command: 'curl -s localhost:61679/v1/enis',
    hint: "ipamd's view of ENIs and IPs",
    role: 'node',
  },
];
