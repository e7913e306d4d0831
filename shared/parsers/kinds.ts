/**
 * Every parser by the name users give it (`kubelab parse <kind>`): what it reads, how to run it,
 * and how many records it found, so a caller can tell "parsed, with warnings" from "not this kind
 * of input at all".
 */
import {
  parseDescribeInstances,
  parseDescribeNetworkInterfaces,
  parseDescribeRouteTables,
} from './aws';
import { parseDescribeSubnets, parseDescribeVpcPeeringConnections, parseDescribeVpcs } from './aws';
import { parseConntrack } from './conntrack';
import { parseImdsListing, parseImdsMacsTree } from './imds';
import {
  parseIpAddr,
  parseIpAddrBrief,
  parseIpAddrJson,
  parseIpNeigh,
  parseIpNeighJson,
} from './ip';
import { parseIpRoute, parseIpRouteJson, parseIpRule, parseIpRuleJson } from './ip';
import { parseIpamdEnis } from './ipamd';
import { parseIptables } from './iptables';
import { parseIpvsadm } from './ipvsadm';
import { parseKubectlJson, parseKubectlTable } from './kubectl';
import { parseTcpdump } from './tcpdump';
import type { Parsed } from './parse-result';

export interface ParserKind {
  /** The command whose output it reads. */
  reads: string;
  parse(text: string): Parsed<unknown>;
  /** Records found; 0 on non-empty input means the input is not this kind. */
  count(value: unknown): number;
}

const isJson = (text: string): boolean => /^\s*[[{]/.test(text);
const length = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
const rules = (value: unknown): number =>
  (value as { tables: { chains: { ruleCount?: number; rules?: unknown[] }[] }[] }).tables.reduce(
    (n, t) => n + t.chains.length,
    0,
  );
/** `ip -br addr` lines have no `N: ` index in front; full `ip addr` lines do. */
const isBrief = (text: string): boolean => !/^\d+: /m.test(text);

/** `aws ec2 describe-*` output, told apart by its top-level key. */
const AWS_BY_KEY: Record<string, (text: string) => Parsed<unknown>> = {
  NetworkInterfaces: parseDescribeNetworkInterfaces,
  Reservations: parseDescribeInstances,
  Vpcs: parseDescribeVpcs,
  Subnets: parseDescribeSubnets,
  VpcPeeringConnections: parseDescribeVpcPeeringConnections,
  RouteTables: parseDescribeRouteTables,
};

function awsByShape(text: string): Parsed<unknown> {
  const key =
    /"(NetworkInterfaces|Reservations|Vpcs|Subnets|VpcPeeringConnections|RouteTables)"/.exec(
      text,
    )?.[1];
  return (AWS_BY_KEY[key ?? 'NetworkInterfaces'] ?? parseDescribeNetworkInterfaces)(text);
}

const iptables: ParserKind = { reads: '', parse: (t) => parseIptables(t), count: rules };

/** The kinds `kubelab parse` accepts, in the order `--help` lists them. */
export const PARSER_KINDS = {
  'iptables-save': { ...iptables, reads: 'iptables-save [-c] (and kube-proxy’s restore input)' },
  'iptables-S': { ...iptables, reads: 'iptables [-t TABLE] -S [CHAIN]' },
  'iptables-L': {
    ...iptables,
    reads: 'iptables [-t TABLE] -L [CHAIN] -n -v [-x] [--line-numbers]',
  },
  ipvsadm: {
    reads: 'ipvsadm -Ln [--stats|--rate], ipvsadm -L',
    parse: parseIpvsadm,
    count: (v) => (v as { services: unknown[] }).services.length,
  },
  'ip-rule': {
    reads: 'ip rule, ip -j rule',
    parse: (t) => (isJson(t) ? parseIpRuleJson(t) : parseIpRule(t)),
    count: length,
  },
  'ip-route': {
    reads: 'ip route [show table all], ip -j route',
    parse: (t) => (isJson(t) ? parseIpRouteJson(t) : parseIpRoute(t)),
    count: length,
  },
  'ip-addr': {
    reads: 'ip addr, ip -br addr, ip -j addr',
    parse: (t) =>
      isJson(t) ? parseIpAddrJson(t) : isBrief(t) ? parseIpAddrBrief(t) : parseIpAddr(t),
    count: length,
  },
  'ip-link': {
    reads: 'ip link, ip -br link, ip -j link',
    parse: (t) =>
      isJson(t) ? parseIpAddrJson(t) : isBrief(t) ? parseIpAddrBrief(t) : parseIpAddr(t),
    count: length,
  },
  'ip-neigh': {
    reads: 'ip neigh, ip -j neigh',
    parse: (t) => (isJson(t) ? parseIpNeighJson(t) : parseIpNeigh(t)),
    count: length,
  },
  conntrack: {
    reads: 'conntrack -L, /proc/net/nf_conntrack',
    parse: parseConntrack,
    count: length,
  },
  tcpdump: {
    reads: 'tcpdump -nn [-i any] [-e] [-tttt|-ttt] [-v]',
    parse: parseTcpdump,
    count: length,
  },
  kubectl: {
    reads: 'kubectl get pods|nodes|svc|endpointslices [-A] -o json|-o wide',
    parse: (t) => (isJson(t) ? parseKubectlJson(t) : parseKubectlTable(t)),
    count: (v) =>
      Array.isArray(v)
        ? v.length
        : Object.values(v as Record<string, unknown>).reduce<number>(
            (n, list) => n + length(list),
            0,
          ),
  },
  aws: {
    reads:
      'aws ec2 describe-network-interfaces|instances|vpcs|subnets|vpc-peering-connections|route-tables',
    parse: awsByShape,
    count: (v) => (Array.isArray(v) ? v.length : 1),
  },
  imds: {
    reads: 'EC2 metadata listings and bodies, or a crawled macs/ JSON tree',
    parse: (t) => (isJson(t) ? parseImdsMacsTree(t) : parseImdsListing(t)),
    count: (v) => (Array.isArray(v) ? v.length : 1),
  },
  ipamd: {
    reads: 'curl -s localhost:61679/v1/enis (current and 2018 shapes)',
    parse: parseIpamdEnis,
    count: (v) => (v as { enis: unknown[] }).enis.length,
  },
} satisfies Record<string, ParserKind>;

export type ParserKindName = keyof typeof PARSER_KINDS;

export function isParserKind(name: string): name is ParserKindName {
  return Object.hasOwn(PARSER_KINDS, name);
}
