/**
 * The EC2 instance metadata service of a demo instance (http://169.254.169.254/latest/…): the
 * `meta-data` tree the labs read (`network/interfaces/macs/<mac>/local-ipv4s` and friends) and
 * the identity document. Bodies have no trailing newline and listings are one entry a line, as
 * IMDS serves them (fixtures/imds/local-ipv4s-*.txt).
 */
import { subnetById } from '../model/ipam';
import type { Cluster, Eni, Instance } from '../model/types';
import { attachedEnis } from '../net/host-net';

export type ImdsResponse = { status: 200; body: string } | { status: 404 };

type Tree = { [name: string]: string | Tree };

function publicHostname(cluster: Cluster, ip: string): string {
  return `ec2-${ip.replaceAll('.', '-')}.${cluster.region}.compute.amazonaws.com`;
}

function privateHostname(cluster: Cluster, ip: string): string {
  return `ip-${ip.replaceAll('.', '-')}.${cluster.region}.compute.internal`;
}

function macTree(cluster: Cluster, inst: Instance, eni: Eni): Tree {
  const subnet = subnetById(cluster, eni.subnetId);
  const vpc = cluster.vpcs.find((v) => v.id === subnet.vpcId);
  const isPrimary = eni.deviceNumber === 0;
  const tree: Tree = {
    'device-number': String(eni.deviceNumber),
    'interface-id': eni.id,
    'local-hostname': privateHostname(cluster, eni.primaryIp),
    'local-ipv4s': [eni.primaryIp, ...eni.secondaryIps].join('\n'),
    mac: eni.mac,
    'network-card': '0',
    'owner-id': cluster.accountId,
    'security-group-ids': inst.securityGroupId,
    'security-groups': inst.securityGroupName,
    'subnet-id': subnet.id,
    'subnet-ipv4-cidr-block': subnet.cidr,
    'vpc-id': subnet.vpcId,
    'vpc-ipv4-cidr-block': vpc?.cidr ?? '',
    'vpc-ipv4-cidr-blocks': vpc?.cidr ?? '',
  };
  if (isPrimary) {
    tree['ipv4-associations'] = { [inst.publicIp]: eni.primaryIp };
    tree['public-hostname'] = publicHostname(cluster, inst.publicIp);
    tree['public-ipv4s'] = inst.publicIp;
  }
  return tree;
}

function metaData(cluster: Cluster, inst: Instance, now: number): Tree {
  const hostname = privateHostname(cluster, inst.privateIp);
  const primary = inst.enis.find((e) => e.deviceNumber === 0);
  const macs: Tree = {};
  for (const eni of attachedEnis(inst, now)) macs[eni.mac] = macTree(cluster, inst, eni);
  return {
    'ami-id': inst.amiId,
    'ami-launch-index': '0',
    'ami-manifest-path': '(unknown)',
    'block-device-mapping': { ami: '/dev/xvda', root: '/dev/xvda' },
    hostname,
    'instance-id': inst.instanceId,
    'instance-life-cycle': 'on-demand',
    'instance-type': inst.instanceType,
    'local-hostname': hostname,
    'local-ipv4': inst.privateIp,
    mac: primary?.mac ?? '',
    network: { interfaces: { macs } },
    placement: {
      'availability-zone': inst.availabilityZone,
      'availability-zone-id': subnetById(cluster, inst.subnetId).availabilityZoneId,
      region: cluster.region,
    },
    profile: 'default-hvm',
    'public-hostname': publicHostname(cluster, inst.publicIp),
    'public-ipv4': inst.publicIp,
    'reservation-id': inst.reservationId,
    'security-groups': inst.securityGroupName,
    services: { domain: 'amazonaws.com', partition: 'aws' },
  };
}

function identityDocument(cluster: Cluster, inst: Instance): string {
  const fields: [string, string | null][] = [
    ['accountId', cluster.accountId],
    ['architecture', 'x86_64'],
    ['availabilityZone', inst.availabilityZone],
    ['billingProducts', null],
    ['devpayProductCodes', null],
    ['marketplaceProductCodes', null],
    ['imageId', inst.amiId],
    ['instanceId', inst.instanceId],
    ['instanceType', inst.instanceType],
    ['kernelId', null],
    ['pendingTime', new Date(inst.launchedAt).toISOString().replace(/\.\d+Z$/, 'Z')],
    ['privateIp', inst.privateIp],
    ['ramdiskId', null],
    ['region', cluster.region],
    ['version', '2017-09-30'],
  ];
  // IMDS writes this document with " : " between key and value.
  const body = fields
    .map(([k, v]) => `  "${k}" : ${v === null ? 'null' : JSON.stringify(v)}`)
    .join(',\n');
  return `{\n${body}\n}`;
}

function listing(tree: Tree): string {
  return Object.keys(tree)
    .sort()
    .map((k) => (typeof tree[k] === 'string' ? k : `${k}/`))
    .join('\n');
}

/** Answers a GET for a path under the IMDS root (`/latest/meta-data/local-ipv4`, …). */
export function imdsGet(cluster: Cluster, inst: Instance, path: string, now: number): ImdsResponse {
  const clean = path.replace(/\/{2,}/g, '/');
  if (clean === '/' || clean === '')
    return { status: 200, body: ['1.0', '2007-01-19', '2021-07-15', 'latest'].join('\n') };
  if (clean === '/latest' || clean === '/latest/')
    return { status: 200, body: 'dynamic\nmeta-data' };
  if (/^\/latest\/dynamic\/?$/.test(clean)) return { status: 200, body: 'instance-identity/' };
  if (/^\/latest\/dynamic\/instance-identity\/?$/.test(clean))
    return { status: 200, body: 'document\npkcs7\nrsa2048\nsignature' };
  if (clean === '/latest/dynamic/instance-identity/document')
    return { status: 200, body: identityDocument(cluster, inst) };
  const m = /^\/latest\/meta-data(\/.*)?$/.exec(clean);
  if (!m) return { status: 404 };
  const parts = (m[1] ?? '').split('/').filter(Boolean);
  let node: string | Tree = metaData(cluster, inst, now);
  for (const part of parts) {
    if (typeof node === 'string') return { status: 404 };
    const child: string | Tree | undefined = node[part];
    if (child === undefined) return { status: 404 };
    node = child;
  }
  return { status: 200, body: typeof node === 'string' ? node : listing(node) };
}

/** The XHTML error page IMDS sends with a 4xx status. */
export function imdsErrorPage(status: 400 | 401 | 404 | 405, reason: string): string {
  return (
    '<?xml version="1.0" encoding="iso-8859-1"?>\n' +
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"\n' +
    '\t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n' +
    '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">\n' +
    ' <head>\n' +
    `  <title>${status} - ${reason}</title>\n` +
    ' </head>\n' +
    ' <body>\n' +
    `  <h1>${status} - ${reason}</h1>\n` +
    ' </body>\n' +
    '</html>\n'
  );
}
