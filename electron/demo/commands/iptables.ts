/**
 * `iptables` and `iptables-save` on a demo node: the model's Services and endpoints become the
 * kube-proxy module's input, its ruleset and counters are kept per node (counters survive a
 * resync the way kube-proxy's rewrites let them), and argv goes to its command runner.
 */
import {
  buildRuleset,
  CounterStore,
  IPTABLES_PROGRAMS,
  IPTABLES_VERSION,
  runIptablesCommand,
  type KubeProxyInput,
  type Ruleset,
  type ServicePortInput,
} from '../kube-proxy';
import { ipsetViews } from '../kube-proxy/ipsets';
import { ipvsNodeView, withProxyMode } from '../kube-proxy/ipvs-node';
import { walkIpvsMode } from '../kube-proxy/ipvs-walk';
import type { Cluster, Instance } from '../model/types';
import { nodeName, serviceEndpoints } from '../render/kube-state';
import type { Command } from '../shell/run';
import { clusterOf, instanceOf, nowOf, printing, type HostContext } from './context';
import { NodeTraffic, type ObservedPacket } from './netfilter-traffic';

/** What kube-proxy and the VPC CNI on `inst` see of the cluster at `now`. */
export function kubeProxyInput(cluster: Cluster, inst: Instance, now: number): KubeProxyInput {
  const servicePorts: ServicePortInput[] = cluster.services
    // kube-proxy skips headless Services (clusterIP None): no KUBE-SVC chain, no IPVS server.
    .filter((s) => s.createdAt <= now && s.clusterIp !== 'None')
    .flatMap((svc) => {
      const endpoints = serviceEndpoints(cluster, svc, now);
      return svc.ports.map((port) => ({
        namespace: svc.namespace,
        name: svc.name,
        portName: port.name,
        protocol: port.protocol === 'UDP' ? ('udp' as const) : ('tcp' as const),
        clusterIP: svc.clusterIp,
        port: port.port,
        endpoints: endpoints.map((e) => ({
          ip: e.ip,
          port: port.targetPort,
          nodeName: e.nodeName ?? '',
          ready: e.isReady,
        })),
      }));
    });
  const overlay = cluster.overlay;
  if (overlay) {
    // kubeadm and minikube set kube-proxy's clusterCIDR; flanneld adds its own chains.
    return {
      node: {
        name: nodeName(cluster, inst),
        primaryIP: inst.privateIp,
        primaryInterface: overlay.nodeInterface,
        vpcCIDRs: [],
        isAwsVpcCni: false,
        ...(overlay.kind === 'flannel' && inst.podCidr
          ? { flannel: { network: overlay.clusterCidr, subnet: inst.podCidr } }
          : {}),
      },
      servicePorts,
      clusterCIDR: overlay.clusterCidr,
    };
  }
  const vpc = cluster.vpcs.find((v) => v.id === inst.vpcId);
  return {
    node: {
      name: nodeName(cluster, inst),
      primaryIP: inst.privateIp,
      primaryInterface: 'ens5',
      vpcCIDRs: vpc ? [vpc.cidr] : [],
      isAwsVpcCni: true,
    },
    servicePorts,
  };
}

/**
 * One node's netfilter state: rebuilt when its input changes (counters carried across the way
 * kube-proxy's rewrites let them), with the node's background traffic accounted up to now.
 */
export class NodeNetfilter {
  private key = '';
  private current: Ruleset | undefined;
  private input: KubeProxyInput | undefined;
  private readonly traffic = new NodeTraffic();
  readonly counters = new CounterStore();

  constructor(private readonly host: HostContext) {}

  ruleset(): Ruleset {
    const cluster = clusterOf(this.host);
    const inst = instanceOf(this.host);
    const now = nowOf(this.host);
    // IPVS mode (set through the kube-proxy ConfigMap and a rollout restart) changes the rules.
    const input = withProxyMode(kubeProxyInput(cluster, inst, now), cluster);
    this.input = input;
    const key = JSON.stringify(input);
    if (key !== this.key || !this.current) {
      const next = buildRuleset(input);
      if (this.current) this.counters.reconcile(this.current, next);
      this.current = next;
      this.key = key;
    }
    this.traffic.account(cluster, inst, this.current, this.counters, now);
    return this.current;
  }

  /** Counts a packet a command on the node sent. */
  observe(packet: ObservedPacket): void {
    const ruleset = this.ruleset();
    const inst = instanceOf(this.host);
    if (this.input?.mode === 'ipvs') {
      const view = ipvsNodeView(this.host.store, this.host.hostId, this.input);
      walkIpvsMode(
        {
          ruleset,
          counters: this.counters,
          state: view.state,
          servers: view.servers,
          ipsets: ipsetViews(view.ipsets),
          localAddresses: inst.enis.map((e) => e.primaryIp),
          vips: view.vips,
          now: nowOf(this.host),
        },
        packet,
      );
      return;
    }
    this.traffic.observe(inst, ruleset, this.counters, packet);
  }
}

/** The programs a node answers through the kube-proxy module. */
export const NETFILTER_PROGRAMS = IPTABLES_PROGRAMS;

export function iptablesCommand(host: HostContext, netfilter: NodeNetfilter): Command {
  return printing((ctx) => {
    // iptables-nft asks the kernel for the rule set generation first; that needs CAP_NET_ADMIN.
    const isHelp = ctx.argv.some((a) => ['-h', '--help', '-V', '--version'].includes(a));
    if (!ctx.isRoot && !isHelp) {
      const program = ctx.argv[0] ?? 'iptables';
      const prefix = program.endsWith('-save')
        ? IPTABLES_VERSION.replace('iptables', program)
        : IPTABLES_VERSION;
      return {
        stderr: `${prefix}: Could not fetch rule set generation id: Permission denied (you must be root)\n\n`,
        status: 4,
      };
    }
    const result = runIptablesCommand(ctx.argv, {
      ruleset: netfilter.ruleset(),
      counters: netfilter.counters,
      now: () => new Date(nowOf(host)),
    });
    if (!result) return { stderr: `bash: ${ctx.argv[0] ?? ''}: command not found\n`, status: 127 };
    return { stdout: result.stdout, stderr: result.stderr, status: result.exitCode };
  });
}
