/**
 * A connection's first packet on a node in IPVS mode: nat PREROUTING (pod traffic, with mangle)
 * or OUTPUT (the node's own), where KUBE-SERVICES sees the cluster IP as a local address (it is
 * bound to kube-ipvs0) and ACCEPTs it through the KUBE-CLUSTER-IP ipset; then IPVS picks a real
 * server with its scheduler and rewrites the destination; then POSTROUTING (the hairpin
 * MASQUERADE and KUBE-POSTROUTING).
 */
import type { CounterStore } from './counters';
import type { IpvsNodeState } from './ipvs-state';
import type { RealServer, VirtualServer } from './ipvs-table';
import { traverse, type IpsetView, type SimPacket } from './traverse';
import type { Ruleset } from './types';

/** The packet as a demo command sends it (the same shape the iptables-mode walk takes). */
export interface FirstPacket {
  src: string;
  dst: string;
  protocol: 'tcp' | 'udp' | 'icmp';
  dport?: number;
  length: number;
  /** The pod veth it came in on; undefined for the node's own traffic. */
  fromVeth?: string;
}

export interface IpvsWalkContext {
  ruleset: Ruleset;
  counters: CounterStore;
  state: IpvsNodeState;
  servers: readonly VirtualServer[];
  ipsets: ReadonlyMap<string, IpsetView>;
  /** The node's own addresses (ENIs); the cluster IPs on kube-ipvs0 are added here. */
  localAddresses: readonly string[];
  vips: readonly string[];
  now: number;
}

/** Walks one first packet; answers the real server IPVS picked, if it was a virtual server's. */
export function walkIpvsMode(ctx: IpvsWalkContext, p: FirstPacket): RealServer | undefined {
  const packet: SimPacket = {
    src: p.src,
    dst: p.dst,
    protocol: p.protocol,
    ...(p.dport === undefined ? {} : { dport: p.dport, sport: 40000 + (p.length % 20000) }),
    length: p.length,
    ...(p.fromVeth ? { inInterface: p.fromVeth } : {}),
  };
  const options = {
    localAddresses: [...ctx.localAddresses, ...ctx.vips],
    ipsets: ctx.ipsets,
    random: Math.random,
  };
  let next = packet;
  if (p.fromVeth) {
    next = traverse(ctx.ruleset, ctx.counters, 'mangle', 'PREROUTING', next, options).packet;
    next = traverse(ctx.ruleset, ctx.counters, 'nat', 'PREROUTING', next, options).packet;
  } else {
    next = traverse(ctx.ruleset, ctx.counters, 'nat', 'OUTPUT', next, options).packet;
  }
  const vs = ctx.servers.find(
    (s) => s.protocol === next.protocol && s.address === next.dst && s.port === next.dport,
  );
  const rs = vs ? ctx.state.schedule(vs, next.src, ctx.now) : undefined;
  if (vs && rs) {
    ctx.state.connect(vs, rs, ctx.now);
    next = { ...next, dst: rs.ip, dport: rs.port };
  }
  traverse(
    ctx.ruleset,
    ctx.counters,
    'nat',
    'POSTROUTING',
    { ...next, outInterface: 'ens5' },
    options,
  );
  return rs;
}
