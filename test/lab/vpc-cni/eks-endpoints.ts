/**
 * The node-local endpoints EKS gives a node, served inside its namespace from the lab's state:
 * instance metadata on 169.254.169.254 (IMDSv2 only: no token, 401) and ipamd's introspection
 * on 127.0.0.1:61679 (`/v1/enis`).
 */
import type { Netns } from '../netns';
import type { EksLabNode, EksLabState } from './eks-bastion';

const SERVER = `
const http = require('node:http');
const cfg = JSON.parse(process.argv[1]);
http.createServer((req, res) => {
  if (req.method === 'PUT' && req.url === '/latest/api/token') return res.end('kl-token');
  if (req.headers['x-aws-ec2-metadata-token'] !== 'kl-token') { res.statusCode = 401; return res.end(); }
  const value = cfg.imds[req.url.replace('/latest/meta-data/', '')];
  if (value === undefined) { res.statusCode = 404; return res.end('<html><title>404 - Not Found</title></html>'); }
  res.end(value);
}).listen(80, '169.254.169.254');
http.createServer((req, res) => res.end(req.url === '/v1/enis' ? cfg.ipamd : '')).listen(61679, '127.0.0.1');
`;

/** IMDS's `network/interfaces/macs/…` tree for a node. */
export function imdsTree(node: EksLabNode): Record<string, string> {
  const tree: Record<string, string> = {
    'instance-id': node.instanceId,
    'instance-type': node.instanceType,
    'local-ipv4': node.address,
    'network/interfaces/macs/': node.enis.map((e) => `${e.mac}/`).join('\n'),
  };
  for (const e of node.enis) {
    const at = `network/interfaces/macs/${e.mac}/`;
    tree[`${at}device-number`] = String(e.deviceNumber);
    tree[`${at}interface-id`] = e.id;
    tree[`${at}local-ipv4s`] = [e.primaryIp, ...e.secondaryIps].join('\n');
    tree[`${at}subnet-id`] = e.subnetId;
    tree[`${at}vpc-id`] = node.vpcId;
  }
  return tree;
}

/** ipamd's `/v1/enis` for a node: every secondary IP, the assigned ones with their pod. */
export function ipamdEnis(state: EksLabState, node: EksLabNode): string {
  const podOn = (ip: string) => state.pods.find((p) => !p.isHostNetwork && p.ip === ip);
  const total = node.enis.reduce((n, e) => n + e.secondaryIps.length, 0);
  const assigned = node.enis.reduce(
    (n, e) => n + e.secondaryIps.filter((ip) => podOn(ip)).length,
    0,
  );
  return JSON.stringify({
    '0': {
      TotalIPs: total,
      AssignedIPs: assigned,
      ENIs: Object.fromEntries(
        node.enis.map((e) => [
          e.id,
          {
            ID: e.id,
            IsPrimary: e.deviceNumber === 0,
            IsTrunk: false,
            IsEFA: false,
            DeviceNumber: e.deviceNumber,
            AvailableIPv4Cidrs: Object.fromEntries(
              e.secondaryIps.map((ip) => {
                const pod = podOn(ip);
                return [
                  `${ip}/32`,
                  {
                    Cidr: { IP: ip, Mask: '/////w==' },
                    IPAddresses: pod
                      ? {
                          [ip]: {
                            Address: ip,
                            IPAMKey: {
                              networkName: 'aws-cni',
                              containerID: pod.name,
                              ifName: 'eth0',
                            },
                            IPAMMetadata: { k8sPodNamespace: pod.namespace, k8sPodName: pod.name },
                            AssignedTime: '2026-11-23T09:06:00Z',
                            UnassignedTime: '0001-01-01T00:00:00Z',
                          },
                        }
                      : {},
                    IsPrefix: false,
                    AddressFamily: '',
                  },
                ];
              }),
            ),
          },
        ]),
      ),
    },
  });
}

/** Starts both endpoints in the node's namespace and waits until they answer there. */
export async function startNodeEndpoints(
  ns: Netns,
  state: EksLabState,
  node: EksLabNode,
): Promise<void> {
  ns.run('ip', ['addr', 'add', '169.254.169.254/32', 'dev', 'lo']);
  ns.spawn(process.execPath, [
    '-e',
    SERVER,
    JSON.stringify({ imds: imdsTree(node), ipamd: ipamdEnis(state, node) }),
  ]);
  for (let tries = 0; tries < 50; tries++) {
    const ok =
      ns.exec('curl', ['-sf', '-X', 'PUT', 'http://169.254.169.254/latest/api/token']).status ===
        0 && ns.exec('curl', ['-sf', 'http://127.0.0.1:61679/v1/enis']).status === 0;
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`IMDS and ipamd did not start in ${ns.name}`);
}
