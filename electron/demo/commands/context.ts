/**
 * What the simulated commands of one demo host can see: the cluster store, which instance they
 * run on, and the clock. Commands read the model at the moment they run, so a `watch` picks up
 * a scale-out as it happens.
 */
import type { ClusterStore } from '../model/store';
import type { ObservedPacket } from './netfilter-traffic';
import type { Cluster, Instance } from '../model/types';
import type { UserFiles } from '../shell/files';
import type { Command, CommandContext } from '../shell/run';

export interface HostContext {
  readonly hostId: string;
  readonly store: ClusterStore;
  /** IMDSv2 session tokens this instance has issued. */
  readonly imdsTokens: Set<string>;
  /** What the user wrote to files on this host (`cat > f <<EOF`). */
  readonly files?: UserFiles;
  /** Where packets the user's commands send are counted (a node's netfilter); unset elsewhere. */
  packets?: { observe(packet: ObservedPacket): void };
}

export function clusterOf(host: HostContext): Cluster {
  return host.store.cluster;
}

export function instanceOf(host: HostContext): Instance {
  const inst = host.store.cluster.instances.find((i) => i.hostId === host.hostId);
  if (!inst) throw new Error(`no instance for host ${host.hostId}`);
  return inst;
}

export function nowOf(host: HostContext): number {
  return host.store.now();
}

/** The node's Kubernetes name (its EC2 private DNS name). */
export function hostnameOf(host: HostContext): string {
  const cluster = clusterOf(host);
  // minikube and kubeadm hosts are named after their node (`minikube-m02`, `k8s-w1`).
  if (cluster.overlay) return instanceOf(host).nodeName ?? instanceOf(host).name;
  return `ip-${instanceOf(host).privateIp.replaceAll('.', '-')}.${cluster.region}.compute.internal`;
}

/** The login user of the host: `ec2-user` on EKS, `docker` on minikube, `ubuntu` on kubeadm. */
export function userOf(host: HostContext): string {
  return clusterOf(host).overlay?.user ?? 'ec2-user';
}

/** Result of a command that computes all its output at once. */
export interface Printed {
  stdout?: string;
  stderr?: string;
  status: number;
}

/** Adapts a synchronous renderer to a `Command`. */
export function printing(fn: (ctx: CommandContext) => Printed): Command {
  return async (ctx) => {
    const r = fn(ctx);
    if (r.stdout) await ctx.stdout.write(r.stdout);
    if (r.stderr) await ctx.stderr.write(r.stderr);
    return r.status;
  };
}

export const ok = (stdout: string): Printed => ({ stdout, status: 0 });
export const fail = (stderr: string, status = 1): Printed => ({ stderr, status });
