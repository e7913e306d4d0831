import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Netns } from '../lab/netns';
import { requireCapability } from '../support/require-capability';
import { stopAllSshd, type Sshd } from '../support/sshd';
import {
  bastionCapability,
  startBastionTopology,
  type BastionTopology,
} from '../support/sshd-netns';
import {
  buildCli,
  knownLine,
  runCli,
  writeHashedKnownHosts,
  type BuiltCli,
} from './cli-exec-harness';
import { canRunSshd } from '../support/ssh-hosts';

// `kubelab topology` over real OpenSSH: nodes reachable only through the operator host.
const canRun = canRunSshd();
const netns = canRun ? bastionCapability() : { available: false, hint: '' };
const canRunNetns =
  canRun &&
  requireCapability('network namespaces for the bastion topology', netns.available, netns.hint);

/**
 * The node-local endpoints EKS gives a node, served inside its namespace: instance metadata on
 * 169.254.169.254 (IMDSv2 only: no token, 401) and ipamd's introspection on 127.0.0.1:61679.
 */
const ENDPOINTS = `
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

interface NodeLab {
  enis: { id: string; mac: string; ifname: string; primaryIp: string; secondaryIps: string[] }[];
  pod: { namespace: string; name: string; ip: string; veth: string; eniId: string };
}

/** Gives node i a second ENI (ens6), a pod veth with its /32 route, IMDS and ipamd. */
async function equipNode(ns: Netns, address: string, i: number): Promise<NodeLab> {
  const n = i + 1;
  const mac0 = (
    JSON.parse(ns.run('ip', ['-j', 'link', 'show', 'ens5'])) as { address: string }[]
  )[0]?.address;
  if (!mac0) throw new Error('node without ens5');
  const net = `10.99.${n}`;
  const mac1 = `02:00:00:00:0b:0${n}`;
  ns.run('ip', ['addr', 'add', '169.254.169.254/32', 'dev', 'lo']);
  // A veth stands in for the second ENI's device (this kernel may lack the dummy module).
  ns.run('ip', [
    'link',
    'add',
    'ens6',
    'address',
    mac1,
    'type',
    'veth',
    'peer',
    'name',
    'ens6peer',
  ]);
  ns.run('ip', ['addr', 'add', `${net}.10/24`, 'dev', 'ens6']);
  ns.run('ip', ['link', 'set', 'ens6', 'up']);
  const veth = `eni5c1b0a0000${n}`;
  ns.run('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'klpod']);
  ns.run('ip', ['link', 'set', veth, 'up']);
  ns.run('ip', ['route', 'add', `${net}.21`, 'dev', veth, 'scope', 'link']);
  const enis = [
    {
      id: `eni-0a00000000000${n}00`,
      mac: mac0,
      ifname: 'ens5',
      primaryIp: address,
      secondaryIps: [`${net}.21`, `${net}.22`],
    },
    {
      id: `eni-0a00000000000${n}01`,
      mac: mac1,
      ifname: 'ens6',
      primaryIp: `${net}.10`,
      secondaryIps: [`${net}.31`],
    },
  ];
  const pod = { namespace: 'default', name: `web-${n}`, ip: `${net}.21`, veth, eniId: enis[0]!.id };
  const imds: Record<string, string> = {
    'network/interfaces/macs/': enis.map((e) => `${e.mac}/`).join('\n'),
  };
  enis.forEach((e, device) => {
    const at = `network/interfaces/macs/${e.mac}/`;
    imds[`${at}device-number`] = String(device);
    imds[`${at}interface-id`] = e.id;
    imds[`${at}local-ipv4s`] = [e.primaryIp, ...e.secondaryIps].join('\n');
    imds[`${at}subnet-id`] = 'subnet-0b0000000000000a1';
    imds[`${at}vpc-id`] = 'vpc-0b0000000000000a1';
  });
  const ipamd = JSON.stringify({
    '0': {
      TotalIPs: 3,
      AssignedIPs: 1,
      ENIs: Object.fromEntries(
        enis.map((e, device) => [
          e.id,
          {
            ID: e.id,
            IsPrimary: device === 0,
            DeviceNumber: device,
            AvailableIPv4Cidrs: Object.fromEntries(
              e.secondaryIps.map((ip) => [
                `${ip}/32`,
                {
                  IPAddresses:
                    ip === pod.ip
                      ? {
                          [ip]: {
                            Address: ip,
                            IPAMMetadata: { k8sPodNamespace: pod.namespace, k8sPodName: pod.name },
                            AssignedTime: '2026-11-23T12:00:00Z',
                          },
                        }
                      : {},
                },
              ]),
            ),
          },
        ]),
      ),
    },
  });
  ns.spawn(process.execPath, ['-e', ENDPOINTS, JSON.stringify({ imds, ipamd })]);
  // Ready when both endpoints answer inside the namespace.
  for (let tries = 0; tries < 50; tries++) {
    const ok =
      ns.exec('curl', ['-sf', '-X', 'PUT', 'http://169.254.169.254/latest/api/token']).status ===
        0 && ns.exec('curl', ['-sf', 'http://127.0.0.1:61679/v1/enis']).status === 0;
    if (ok) return { enis, pod };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('node endpoints did not start');
}

interface Out {
  nodes: {
    hostId: string;
    primaryIp?: string;
    enis: {
      id?: string;
      deviceNumber?: number;
      interface?: string;
      mac?: string;
      primaryIp?: string;
      secondaryIps: string[];
      slots: { address: string; state: string; pod?: string }[];
    }[];
  }[];
  pods: { namespace: string; name: string; ip?: string; eni?: string; hostVeth?: string }[];
  warnings: { hostId?: string; source: string; message: string }[];
}

describe.runIf(canRunNetns)('kubelab topology through an operator host', () => {
  let lab: BastionTopology;
  let work: string;
  let cli: BuiltCli;
  let config: string;
  let known: string;
  let nodes: Sshd[];

  beforeAll(async () => {
    cli = await buildCli();
    work = mkdtempSync(path.join(tmpdir(), 'kl-topo-bastion-'));
    mkdirSync(path.join(work, 'home'));
    lab = await startBastionTopology(2);
    nodes = lab.nodes.map((n) => n.sshd);
    const block = (alias: string, s: Sshd, jump?: string) =>
      `Host ${alias}\n  HostName ${s.host}\n  Port ${s.port}\n  User root\n` +
      `  IdentityFile ${s.clientKeyPath}\n  IdentitiesOnly yes\n` +
      (jump ? `  ProxyJump ${jump}\n` : '');
    config = path.join(work, 'ssh_config');
    writeFileSync(
      config,
      [
        block('operator', lab.operator),
        ...nodes.map((n, i) => block(`node${i + 1}`, n, 'operator')),
      ].join('\n'),
    );
    known = writeHashedKnownHosts(
      path.join(work, 'known_hosts'),
      [lab.operator, ...nodes].map((s) => knownLine(s)),
    );
  }, 120_000);

  afterAll(async () => {
    cli?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
    await lab?.destroy();
    stopAllSshd();
  });

  it('reads every node’s ip -j addr/rule/route through the bastion; the sources this lab lacks are warnings, exit 1', async () => {
    const run = await runCli(
      cli.file,
      path.join(work, 'home'),
      [
        'topology',
        '--ssh-config',
        config,
        '--known-hosts',
        known,
        '--operator',
        'operator',
        '--nodes',
        'node1,node2',
        '--json',
      ],
      60_000,
    );
    expect(run.code, run.stderr).toBe(1);
    const out = JSON.parse(run.stdout) as Out;
    expect(out.nodes.map((n) => [n.hostId, n.primaryIp])).toEqual([
      ['node1', nodes[0]?.host],
      ['node2', nodes[1]?.host],
    ]);
    // No ENI source (EC2, IMDS, ipamd) answers in this lab, so no ENI is invented.
    expect(out.nodes.every((n) => n.enis.length === 0)).toBe(true);
    const sources = (host: string) =>
      out.warnings.filter((w) => w.hostId === host).map((w) => w.source);
    // The real `ip -j` sections of the one sectioned exec parsed cleanly on every node …
    for (const host of ['node1', 'node2']) {
      expect(sources(host)).not.toContain('ip -j addr');
      expect(sources(host)).not.toContain('ip -j rule');
      expect(sources(host)).not.toContain('ip -j route show table all');
      expect(sources(host)).toEqual(expect.arrayContaining(['ipamd /v1/enis', 'imds']));
    }
    // … and the operator, without aws or kubectl, says so per command.
    expect(sources('operator')).toEqual(
      expect.arrayContaining([
        'aws ec2 describe-vpcs',
        'aws ec2 describe-network-interfaces',
        'kubectl get nodes,pods,svc,endpointslices -A -o json',
      ]),
    );
    expect(run.stderr).toMatch(/kubelab topology: warning: operator aws ec2 describe-vpcs: /);
  }, 90_000);

  it('with IMDS (v2 token) and ipamd on each node: ENIs by MAC with device numbers, interfaces, slots, and pod → ENI → veth', async () => {
    const equipped = await Promise.all(lab.nodes.map((n, i) => equipNode(n.ns, n.sshd.host, i)));
    const run = await runCli(
      cli.file,
      path.join(work, 'home'),
      [
        'topology',
        '--ssh-config',
        config,
        '--known-hosts',
        known,
        '--nodes',
        'node1,node2',
        '--json',
      ],
      60_000,
    );
    const out = JSON.parse(run.stdout) as Out;
    // Only the absent operator is reported; every node source answered.
    expect(out.warnings).toEqual([expect.objectContaining({ source: 'operator' })]);
    expect(run.code).toBe(1);
    out.nodes.forEach((node, i) => {
      const want = equipped[i]!;
      expect(node.primaryIp).toBe(lab.nodes[i]?.sshd.host);
      expect(
        node.enis.map(({ id, deviceNumber, interface: ifname, mac, primaryIp, secondaryIps }) => ({
          id,
          deviceNumber,
          ifname,
          mac,
          primaryIp,
          secondaryIps,
        })),
      ).toEqual(want.enis.map((e, device) => ({ ...e, deviceNumber: device })));
      expect(node.enis[0]?.slots.map((s) => [s.address, s.state, s.pod])).toEqual([
        [want.enis[0]?.primaryIp, 'primary', undefined],
        [want.pod.ip, 'assigned', `default/${want.pod.name}`],
        [want.enis[0]?.secondaryIps[1], 'warm', undefined],
      ]);
    });
    expect(
      out.pods.map(({ namespace, name, ip, eni, hostVeth }) => ({
        namespace,
        name,
        ip,
        eni,
        hostVeth,
      })),
    ).toEqual(
      equipped.map(({ pod }) => ({
        namespace: pod.namespace,
        name: pod.name,
        ip: pod.ip,
        eni: pod.eniId,
        hostVeth: pod.veth,
      })),
    );
  }, 90_000);
});
