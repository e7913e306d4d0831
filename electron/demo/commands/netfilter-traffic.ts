/**
 * The traffic that moves a demo node's iptables counters. A real node is never quiet: kubelet
 * probes CoreDNS, CoreDNS asks the VPC resolver, ipamd polls instance metadata, chrony asks the
 * Amazon Time Sync Service. Each kind repeats at its own period since the node (or pod) started,
 * so `iptables -t nat -L -n -v` shows counts that match the uptime and keep growing under
 * `watch`, and `-Z` starts them again from zero. Commands the user runs add their own packets.
 */
import { CounterStore, traverse, type Ruleset, type TableName } from '../kube-proxy';
import type { SimPacket } from '../kube-proxy';
import { nthIp } from '../model/ipv4';
import type { Cluster, Instance } from '../model/types';
import { networkedPods } from '../net/host-net';

/** A connection's first packet: the only one the nat table sees. */
export interface ObservedPacket {
  src: string;
  dst: string;
  protocol: 'tcp' | 'udp' | 'icmp';
  dport?: number;
  length: number;
  /** The pod veth it came in on; undefined for the node's own traffic. */
  fromVeth?: string;
}

interface PeriodicFlow {
  packet: ObservedPacket;
  periodMs: number;
  since: number;
}

function periodicFlows(cluster: Cluster, inst: Instance, now: number): PeriodicFlow[] {
  const ip = inst.privateIp;
  const vpc = cluster.vpcs.find((v) => v.id === inst.vpcId);
  const resolver = nthIp(vpc?.cidr ?? '192.168.0.0/16', 2);
  const up = inst.launchedAt;
  const flows: PeriodicFlow[] = [
    {
      packet: { src: ip, dst: '169.254.169.254', protocol: 'tcp', dport: 80, length: 60 },
      periodMs: 30_000,
      since: up,
    },
    {
      packet: { src: ip, dst: '169.254.169.123', protocol: 'udp', dport: 123, length: 76 },
      periodMs: 64_000,
      since: up,
    },
  ];
  for (const pod of networkedPods(cluster, inst, now)) {
    const podIp = pod.network?.ip ?? '';
    if (pod.labels['k8s-app'] !== 'kube-dns') continue;
    // kubelet's liveness (8080) and readiness (8181) probes, every 10 s each.
    for (const dport of [8080, 8181]) {
      flows.push({
        packet: { src: ip, dst: podIp, protocol: 'tcp', dport, length: 60 },
        periodMs: 10_000,
        since: pod.readyAt,
      });
    }
    flows.push({
      packet: {
        src: podIp,
        dst: resolver,
        protocol: 'udp',
        dport: 53,
        length: 72,
        fromVeth: pod.network?.veth ?? '',
      },
      periodMs: 15_000,
      since: pod.readyAt,
    });
  }
  return flows;
}

/** Walks one packet through the hooks it passes: nat (and mangle for pod traffic). */
function walk(
  ruleset: Ruleset,
  counters: CounterStore,
  p: ObservedPacket,
  local: string[],
  random?: () => number,
): void {
  const packet: SimPacket = {
    src: p.src,
    dst: p.dst,
    protocol: p.protocol,
    ...(p.dport === undefined ? {} : { dport: p.dport, sport: 40000 + (p.length % 20000) }),
    length: p.length,
    ...(p.fromVeth ? { inInterface: p.fromVeth } : {}),
  };
  const options = { localAddresses: local, ...(random ? { random } : {}) };
  let next = packet;
  if (p.fromVeth) {
    next = traverse(ruleset, counters, 'mangle', 'PREROUTING', next, options).packet;
    next = traverse(ruleset, counters, 'nat', 'PREROUTING', next, options).packet;
  } else {
    next = traverse(ruleset, counters, 'nat', 'OUTPUT', next, options).packet;
  }
  traverse(ruleset, counters, 'nat', 'POSTROUTING', { ...next, outInterface: 'ens5' }, options);
}

const TABLES: TableName[] = ['mangle', 'nat'];

/** Adds `times` copies of what one walk counted (the walk's path does not depend on chance). */
function addTimes(ruleset: Ruleset, into: CounterStore, from: CounterStore, times: number): void {
  for (const table of ruleset.tables.filter((t) => TABLES.includes(t.name))) {
    for (const chain of table.chains) {
      const slots: (number | 'policy')[] = [...chain.rules.keys(), 'policy'];
      for (const slot of slots) {
        const c = from.get(table.name, chain.name, slot);
        if (c.packets) into.add(table.name, chain.name, slot, c.packets * times, c.bytes * times);
      }
    }
  }
}

/** Keeps a node's counters moving with its background traffic. */
export class NodeTraffic {
  private accountedUntil: number | undefined;

  /** Accounts the background flows between the last call and `now`. */
  account(
    cluster: Cluster,
    inst: Instance,
    ruleset: Ruleset,
    counters: CounterStore,
    now: number,
  ): void {
    const from = this.accountedUntil;
    this.accountedUntil = now;
    const local = inst.enis.map((e) => e.primaryIp);
    for (const flow of periodicFlows(cluster, inst, now)) {
      const start = Math.max(flow.since, from ?? flow.since);
      const times =
        Math.floor((now - flow.since) / flow.periodMs) -
        Math.floor((start - flow.since) / flow.periodMs);
      if (times <= 0) continue;
      const once = new CounterStore();
      walk(ruleset, once, flow.packet, local);
      addTimes(ruleset, counters, once, times);
    }
  }

  /** A packet the user's own command sent (curl, ping) from the node. */
  observe(inst: Instance, ruleset: Ruleset, counters: CounterStore, packet: ObservedPacket): void {
    walk(
      ruleset,
      counters,
      packet,
      inst.enis.map((e) => e.primaryIp),
      Math.random,
    );
  }
}
