/**
 * Cluster DNS as CoreDNS answers it from the model (the `kubernetes` plugin for `cluster.local`,
 * `pods insecure`, `cache`, `loadbalance`), and the resolver side a pod brings: its resolv.conf,
 * and the names a client asks for (busybox nslookup, dig, glibc's ndots search). Pure functions.
 */
import { dashed, isIPv4 } from '../model/ipv4';
import type { Cluster, Pod, Service } from '../model/types';
import { nodeName, serviceEndpoints } from '../render/kube-state';

export const CLUSTER_DOMAIN = 'cluster.local';

export type QType = 'A' | 'AAAA';

export interface DnsRecord {
  /** Fully qualified, with the trailing dot. */
  name: string;
  ttl: number;
  ip: string;
}

/** One reply of CoreDNS. NOERROR without records is NODATA (a name that exists, no AAAA). */
export interface DnsReply {
  qname: string;
  qtype: QType;
  rcode: 'NOERROR' | 'NXDOMAIN';
  answers: DnsRecord[];
  /** The SOA CoreDNS puts in the authority section of NXDOMAIN and NODATA replies. */
  soa?: { zone: string; ttl: number; serial: number; minimum: number };
}

export interface ResolvConf {
  search: string[];
  nameserver: string;
  ndots: number;
}

/** The kube-dns Service (its ClusterIP is the pods' nameserver: 10.100.0.10 on EKS). */
export function kubeDnsService(cluster: Cluster): Service | undefined {
  return cluster.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns');
}

/**
 * What kubelet writes for a ClusterFirst pod: the namespace's search domains (plus the node's
 * own on EKS), kube-dns's ClusterIP and `ndots:5`.
 */
export function podResolvConf(cluster: Cluster, pod: Pod): ResolvConf {
  const ec2 = cluster.overlay ? [] : [`${cluster.region}.compute.internal`];
  return {
    search: [
      `${pod.namespace}.svc.${CLUSTER_DOMAIN}`,
      `svc.${CLUSTER_DOMAIN}`,
      CLUSTER_DOMAIN,
      ...ec2,
    ],
    nameserver: kubeDnsService(cluster)?.clusterIp ?? '',
    ndots: 5,
  };
}

/** resolv.conf as text, the way kubelet writes it. */
export function formatResolvConf(conf: ResolvConf): string {
  return `search ${conf.search.join(' ')}\nnameserver ${conf.nameserver}\noptions ndots:${conf.ndots}\n`;
}

/**
 * The names a client queries, in order. busybox nslookup: a name with a dot as is, a dotless one
 * with each search domain; glibc (curl, wget, ping): with fewer than `ndots` dots the search
 * domains first, then the name itself; dig: as is. A trailing dot always means as is.
 */
export function queryNames(
  name: string,
  conf: ResolvConf,
  style: 'busybox' | 'glibc' | 'dig',
): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const expanded = conf.search.map((s) => `${name}.${s}`);
  if (style === 'dig') return [name];
  if (style === 'busybox') return name.includes('.') ? [name] : expanded;
  const dots = name.split('.').length - 1;
  return dots >= conf.ndots ? [name, ...expanded] : [...expanded, name];
}

/** The records' TTL: CoreDNS's `kubernetes` plugin says 5 s on EKS; kubeadm's Corefile `ttl 30`. */
export function recordTtl(cluster: Cluster): number {
  return cluster.overlay ? 30 : 5;
}

/**
 * The TTL a cached answer shows: the cache plugin counts down from the record's TTL after the
 * answer it stored; the name picks where in its countdown the cache is (deterministic per second).
 */
export function cachedTtl(ttl: number, name: string, now: number): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const second = Math.floor(now / 1000);
  return ttl - ((second + h) % ttl);
}

interface Owner {
  /** A name in the cluster domain that exists (maybe without records of this type). */
  exists: boolean;
  ips: string[];
}

function inClusterDomain(cluster: Cluster, labels: string[], now: number): Owner {
  const none: Owner = { exists: false, ips: [] };
  const nsExists = (ns: string) =>
    cluster.pods.some((p) => p.namespace === ns) ||
    cluster.services.some((s) => s.namespace === ns);
  // `cluster.local`, `svc.cluster.local`, `<ns>.svc.cluster.local`: empty non-terminals.
  if (labels.length === 0) return { exists: true, ips: [] };
  const [kind, ...rest] = [...labels].reverse();
  if (kind === 'svc') {
    const [ns, svcName, host] = rest;
    if (ns === undefined) return { exists: true, ips: [] };
    if (svcName === undefined) return { exists: nsExists(ns), ips: [] };
    if (rest.length > 3) return none;
    const svc = cluster.services.find(
      (s) => s.namespace === ns && s.name === svcName && s.createdAt <= now,
    );
    if (!svc) return none;
    const ready = serviceEndpoints(cluster, svc, now).filter((e) => e.isReady);
    if (host === undefined) {
      if (svc.clusterIp !== 'None') return { exists: true, ips: [svc.clusterIp] };
      // A headless Service answers with every ready endpoint; none ready: the name is gone.
      return ready.length ? { exists: true, ips: ready.map((e) => e.ip) } : none;
    }
    if (svc.clusterIp !== 'None') return none;
    // `<hostname>.<svc>`: a StatefulSet pod whose subdomain is this Service; else the dashed IP.
    const hit = ready.find((e) =>
      e.pod && isGovernedBy(cluster, e.pod, svc) ? e.pod.name === host : dashed(e.ip) === host,
    );
    return hit ? { exists: true, ips: [hit.ip] } : none;
  }
  if (kind === 'pod') {
    // `pods insecure`: `a-b-c-d.<ns>.pod.cluster.local` answers a-b-c-d, whoever holds it.
    const host = rest[1];
    if (host === undefined) return { exists: true, ips: [] };
    const ip = host.replaceAll('-', '.');
    return rest.length === 2 && isIPv4(ip) ? { exists: true, ips: [ip] } : none;
  }
  return none;
}

/** A StatefulSet's pods carry hostname = pod name and subdomain = its serviceName. */
function isGovernedBy(cluster: Cluster, pod: Pod, svc: Service): boolean {
  if (pod.owner.kind !== 'StatefulSet') return false;
  const set = cluster.statefulSets.find((s) => s.uid === pod.owner.uid);
  return set?.serviceName === svc.name && set.namespace === svc.namespace;
}

/** Forwarded upstream (the VPC resolver): the nodes' EC2 names answer; the rest is NXDOMAIN. */
function upstream(cluster: Cluster, name: string, now: number): Owner {
  const node = cluster.instances.find(
    (i) => i.role === 'node' && i.launchedAt <= now && nodeName(cluster, i) === name,
  );
  return node ? { exists: true, ips: [node.privateIp] } : { exists: false, ips: [] };
}

/**
 * CoreDNS's reply to one question at `now`. `rotate` is the `loadbalance` plugin's shuffle
 * (a rotation of the A records, different from one answer to the next).
 */
export function answer(
  cluster: Cluster,
  qname: string,
  qtype: QType,
  now: number,
  rotate = 0,
): DnsReply {
  const name = qname.replace(/\.$/, '').toLowerCase();
  const suffix = `.${CLUSTER_DOMAIN}`;
  const inZone = name === CLUSTER_DOMAIN || name.endsWith(suffix);
  const owner = inZone
    ? inClusterDomain(
        cluster,
        name.slice(0, -CLUSTER_DOMAIN.length).split('.').filter(Boolean),
        now,
      )
    : upstream(cluster, name, now);
  const ttl = recordTtl(cluster);
  const soa = {
    zone: inZone ? `${CLUSTER_DOMAIN}.` : '.',
    ttl: inZone ? ttl : 900,
    serial: Math.floor(cluster.createdAt / 1000),
    minimum: inZone ? ttl : 86400,
  };
  const fqdn = `${name}.`;
  if (!owner.exists) return { qname: fqdn, qtype, rcode: 'NXDOMAIN', answers: [], soa };
  if (qtype === 'AAAA' || owner.ips.length === 0)
    return { qname: fqdn, qtype, rcode: 'NOERROR', answers: [], soa };
  const shown = cachedTtl(ttl, name, now);
  const k = owner.ips.length ? rotate % owner.ips.length : 0;
  const ips = [...owner.ips.slice(k), ...owner.ips.slice(0, k)];
  return {
    qname: fqdn,
    qtype,
    rcode: 'NOERROR',
    answers: ips.map((ip) => ({ name: fqdn, ttl: shown, ip })),
  };
}

/** A domain name's length on the wire: a length byte per label plus the root. */
function wireLength(fqdn: string): number {
  const labels = fqdn.replace(/\.$/, '').split('.').filter(Boolean);
  return labels.reduce((n, l) => n + l.length + 1, 0) + 1;
}

/**
 * Message sizes as CoreDNS builds them (no name compression, so each record repeats the name):
 * header 12, question, 14 + name per A record, the SOA when there is no answer, 11 for EDNS.
 */
export function messageSize(reply: DnsReply | { qname: string }, hasEdns: boolean): number {
  const q = wireLength(reply.qname);
  let size = 12 + q + 4 + (hasEdns ? 11 : 0);
  if ('answers' in reply) {
    size += reply.answers.reduce((n, r) => n + wireLength(r.name) + 14, 0);
    if (reply.answers.length === 0 && reply.soa) {
      const zone = reply.soa.zone;
      const mname = `ns.dns.${zone === '.' ? '' : zone}`;
      const rname = `hostmaster.${zone === '.' ? '' : zone}`;
      size += wireLength(zone) + 10 + wireLength(mname) + wireLength(rname) + 20;
    }
  }
  return size;
}

function pushName(out: number[], fqdn: string): void {
  for (const label of fqdn.replace(/\.$/, '').split('.').filter(Boolean)) {
    out.push(label.length, ...[...label].map((c) => c.charCodeAt(0) & 0x7f));
  }
  out.push(0);
}

const u16 = (out: number[], n: number) => out.push((n >> 8) & 0xff, n & 0xff);
const u32 = (out: number[], n: number) => {
  u16(out, Math.floor(n / 65536) & 0xffff);
  u16(out, n & 0xffff);
};
const QTYPE = { A: 1, AAAA: 28 } as const;
/** EDNS0's OPT record in the additional section: root, type 41, UDP payload 4096. */
const OPT = [0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 0];

/**
 * A message in DNS wire format (RFC 1035), as the client sends it (`reply` undefined: the
 * question, RD set) or as CoreDNS answers (QR, AA, RD, no RA; records and the SOA uncompressed).
 * Its length is {@link messageSize}'s.
 */
export function encodeMessage(
  id: number,
  question: { qname: string; qtype: QType },
  hasEdns: boolean,
  reply?: DnsReply,
): number[] {
  const out: number[] = [];
  u16(out, id);
  const rcode = reply?.rcode === 'NXDOMAIN' ? 3 : 0;
  u16(out, reply ? 0x8000 | 0x0400 | 0x0100 | rcode : 0x0100);
  const soa = reply && reply.answers.length === 0 ? reply.soa : undefined;
  u16(out, 1);
  u16(out, reply?.answers.length ?? 0);
  u16(out, soa ? 1 : 0);
  u16(out, hasEdns ? 1 : 0);
  pushName(out, question.qname);
  u16(out, QTYPE[question.qtype]);
  u16(out, 1);
  for (const a of reply?.answers ?? []) {
    pushName(out, a.name);
    u16(out, 1);
    u16(out, 1);
    u32(out, a.ttl);
    u16(out, 4);
    out.push(...a.ip.split('.').map(Number));
  }
  if (soa) {
    const zone = soa.zone === '.' ? '' : soa.zone;
    const rdata: number[] = [];
    pushName(rdata, `ns.dns.${zone}`);
    pushName(rdata, `hostmaster.${zone}`);
    for (const n of [soa.serial, 7200, 1800, 86400, soa.minimum]) u32(rdata, n);
    pushName(out, soa.zone);
    u16(out, 6);
    u16(out, 1);
    u32(out, soa.ttl);
    u16(out, rdata.length);
    out.push(...rdata);
  }
  if (hasEdns) out.push(...OPT);
  return out;
}
