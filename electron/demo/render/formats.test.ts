import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import type { Host } from '../../hosts/host';
import { createDemoLab, type DemoLab } from '../index';

/**
 * The demo's outputs held against real ones: the shared fixture kit (captures from EKS nodes and
 * tool docs) and this folder's own captures of iproute2 in a network namespace shaped like a node.
 */
const NOW = 1_750_000_000_000;
const OWN = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const own = (name: string) => readFileSync(path.join(OWN, name), 'utf8');

let lab: DemoLab;
const sh = async (id: string, command: string): Promise<string> => {
  const h = lab.hosts.find((x) => x.description.id === id) as Host;
  const r = await h.exec(command);
  expect(r.exitCode, `${command}: ${r.stderr}`).toBe(0);
  return r.stdout;
};

beforeAll(async () => {
  lab = createDemoLab({ seed: 5, clock: () => NOW, latencyMs: [0, 0] });
  // Pods on secondary ENIs too, so 1536 rules and per-ENI tables exist.
  await sh('operator', 'kubectl scale deployment nginx --replicas 20');
  lab = { ...lab };
});

type Json = Record<string, unknown>;
const keys = (o: unknown) => Object.keys(o as Json);

/** Keys in order, leaving out the ones a veth stand-in has and an ENA device does not. */
const withoutVethKeys = (o: unknown) =>
  keys(o).filter((k) => k !== 'link_index' && k !== 'link_netnsid');

describe('ip -j against iproute2 in a netns shaped like a node', () => {
  it('addr: the same keys in the same order, per link kind and per address', async () => {
    const real = JSON.parse(own('netns-probe-ip-j-addr.txt')) as Json[];
    const mine = JSON.parse(await sh('node1', 'ip -j addr')) as Json[];
    const find = (list: Json[], name: string) => list.find((l) => l.ifname === name);
    expect(keys(find(mine, 'lo'))).toEqual(keys(find(real, 'lo')));
    expect(withoutVethKeys(find(mine, 'ens5'))).toEqual(withoutVethKeys(find(real, 'ens5')));
    expect(withoutVethKeys(find(mine, 'ens6'))).toEqual(withoutVethKeys(find(real, 'ens6')));
    const veth = mine.find((l) => String(l.ifname).startsWith('eni'));
    const realVeth = find(real, 'eni1a2b3c4d5e6');
    // CNI veths are created with txqlen 0, which iproute2 leaves out.
    expect(keys(veth)).toEqual(keys(realVeth).filter((k) => k !== 'txqlen'));
    const addrKeys = (l: Json | undefined, i: number) =>
      keys((l?.addr_info as Json[])[i]).filter((k) => k !== 'protocol' && k !== 'noprefixroute');
    for (const name of ['lo', 'ens5', 'ens6']) {
      for (const i of [0, 1])
        expect(addrKeys(find(mine, name), i)).toEqual(addrKeys(find(real, name), i));
    }
    expect((find(mine, 'ens5')?.addr_info as Json[])[1]).toMatchObject({
      scope: 'link',
      protocol: 'kernel_ll',
    });
  });

  it('link, route (table all and one table), rule and neigh keys', async () => {
    const link = (JSON.parse(await sh('node1', 'ip -j link')) as Json[])[1];
    expect(withoutVethKeys(link)).toEqual(
      withoutVethKeys((JSON.parse(own('netns-probe-ip-j-link.txt')) as Json[])[1]),
    );
    const all = JSON.parse(await sh('node1', 'ip -j route show table all')) as Json[];
    const realAll = JSON.parse(own('netns-probe-ip-j-route-table-all.txt')) as Json[];
    const shape = (list: Json[]) => new Set(list.map((r) => keys(r).join(',')));
    for (const s of shape(all)) expect(shape(realAll)).toContain(s);
    const t2 = await sh('node1', 'ip -j route show table 2');
    expect(shape(JSON.parse(t2) as Json[])).toEqual(
      shape(JSON.parse(own('netns-probe-ip-j-route-table-3.txt')) as Json[]),
    );
    const rules = JSON.parse(await sh('node1', 'ip -j rule')) as Json[];
    for (const s of shape(rules))
      expect(shape(JSON.parse(own('netns-probe-ip-j-rule.txt')) as Json[])).toContain(s);
    const neigh = JSON.parse(await sh('node1', 'ip -j neigh')) as Json[];
    expect(shape(neigh)).toEqual(shape(JSON.parse(own('netns-probe-ip-j-neigh.txt')) as Json[]));
  });

  it('route -n: the same header and columns', async () => {
    const real = own('netns-probe-route-n.txt').split('\n');
    const mine = (await sh('node1', 'route -n')).split('\n');
    expect(mine.slice(0, 2)).toEqual(real.slice(0, 2));
    const podRow = (lines: string[]) => lines.find((l) => / eni[0-9a-f]{11}$/.test(l)) ?? '';
    const columns = (l: string) => [...l.matchAll(/\S+/g)].map((m) => m.index);
    expect(columns(podRow(mine))).toEqual(columns(podRow(real)));
  });
});

describeWithFixtures('demo output against the fixture kit', (kit) => {
  it('ip -br addr lays out columns like the EKS capture, veth overflow included', async () => {
    const real = kit.read('ip/addr-br-eks-3nodes-ens5-ens6.txt').split('\n');
    const mine = (await sh('node1', 'ip -br addr')).split('\n');
    const layout = (l: string) => l.replace(/[^ ]+/g, (w) => 'x'.repeat(w.length));
    const named = (lines: string[], name: string) =>
      lines.find((l) => l.startsWith(`${name} `)) ?? '';
    for (const name of ['lo', 'ens5', 'ens6']) {
      expect(layout(named(mine, name)).slice(0, 32)).toBe(layout(named(real, name)).slice(0, 32));
    }
    expect(layout(named(mine, 'lo'))).toBe(layout(named(real, 'lo')));
    const vethLine = (lines: string[]) => lines.find((l) => l.startsWith('eni')) ?? '';
    expect(vethLine(mine)).toMatch(/^eni[0-9a-f]{11}@if3 UP {13}fe80::[0-9a-f:]+\/64$/);
    expect(vethLine(real)).toMatch(/^eni[0-9a-f]{11}@if3 UP {13}fe80::[0-9a-f:]+\/64$/);
    expect(mine[1]).toMatch(
      /^ens5 {13}UP {13}192\.168\.1\.\d+\/24 metric 512 fe80::[0-9a-f:]+\/64$/,
    );
  });

  it('ip addr, ip route and ip rule read like the AL2023 node captures', async () => {
    const shapeOf = (text: string) =>
      text.split('\n').map((l) =>
        l
          .replace(/\d+\.\d+\.\d+\.\d+/g, 'IP')
          .replace(/[0-9a-f]{2}(:[0-9a-f]{2}){5}/g, 'MAC')
          .replace(/fe80::[0-9a-f:]+/g, 'LL')
          .replace(/eni[0-9a-f]{11}/g, 'VETH')
          .replace(/cni-[0-9a-f-]{36}/g, 'NETNS')
          .replace(/\d+sec/g, 'Nsec')
          .replace(/\/\d+/g, '/P')
          .replace(/^\d+:/, 'N:')
          .replace(/@if\d+/, '@ifN'),
      );
    const addr = new Set(shapeOf(await sh('node1', 'ip addr')));
    for (const line of shapeOf(kit.read('ip/addr-eks-node1-ens5-ens6-altname.txt'))) {
      if (line) expect(addr).toContain(line);
    }
    const route = new Set(shapeOf(await sh('node1', 'ip route')));
    for (const line of shapeOf(kit.read('ip/route-eks-node1-table-main.txt')))
      if (line) expect(route).toContain(line);
    const table = shapeOf(await sh('node1', 'ip route show table 2'));
    expect(table).toEqual(
      shapeOf(kit.read('ip/route-eks-node1-table-2-ens6.txt')).filter(Boolean).concat(['']),
    );
    const rules = new Set(
      shapeOf(await sh('node1', 'ip rule')).map((l) => l.replace(/lookup \d+/, 'lookup N')),
    );
    for (const line of shapeOf(kit.read('ip/rule-eks-vpccni-3eni-34pods-lookup-2-3.txt'))) {
      if (line) expect(rules).toContain(line.replace(/lookup \d+/, 'lookup N'));
    }
  });

  it('ipamd /v1/enis has the current shape, on one line', async () => {
    const text = await sh('node1', 'curl -s localhost:61679/v1/enis');
    expect(text).not.toContain('\n');
    const mine = JSON.parse(text) as Record<string, Json>;
    const real = JSON.parse(kit.read('ipamd/enis-v1-node1-2eni.json')) as Record<string, Json>;
    expect(keys(mine)).toEqual(keys(real));
    expect(keys(mine['0'])).toEqual(keys(real['0']));
    const eniOf = (d: Record<string, Json>) => Object.values(d['0']?.ENIs as Json)[0] as Json;
    expect(keys(eniOf(mine))).toEqual(keys(eniOf(real)));
    const assigned = (d: Record<string, Json>) =>
      Object.values(d['0']?.ENIs as Json)
        .flatMap((e) => Object.values((e as Json).AvailableIPv4Cidrs as Json))
        .map((c) => Object.values((c as Json).IPAddresses as Json)[0])
        .find(Boolean) as Json;
    expect(keys(assigned(mine))).toEqual(keys(assigned(real)));
    expect(keys(assigned(mine).IPAMMetadata)).toEqual(keys(assigned(real).IPAMMetadata));
    expect(String(assigned(mine).AssignedTime)).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/,
    );
  });

  it('IMDS bodies: one address a line, no trailing newline', async () => {
    const real = kit.read('imds/local-ipv4s-0a-07-84-3d-6e-38.txt');
    const mac = await sh('node1', 'curl -s http://169.254.169.254/latest/meta-data/mac');
    const mine = await sh(
      'node1',
      `curl -s http://169.254.169.254/latest/meta-data/network/interfaces/macs/${mac}/local-ipv4s`,
    );
    expect(real.endsWith('\n')).toBe(false);
    expect(mine.endsWith('\n')).toBe(false);
    expect(mine.split('\n')[0]).toBe(
      await sh('node1', 'curl -s http://169.254.169.254/latest/meta-data/local-ipv4'),
    );
    expect(mine.split('\n')).toHaveLength(6);
  });

  it('kubectl get pods -A -o wide has the capture header and tabwriter columns', async () => {
    const realHeader = kit.read('kubectl/get-pods-A-owide-eks-2nodes.txt').split('\n')[0] ?? '';
    const text = await sh('operator', 'kubectl get pods -A -o wide');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]?.split(/ {2,}/)).toEqual(realHeader.split(/ {2,}/));
    // Every cell of a column starts where its header does: kubectl's tabwriter, padding 3.
    const starts = [...(lines[0] ?? '').matchAll(/(?:^| {3,})(\S)/g)].map(
      (m) => m.index + m[0].length - 1,
    );
    for (const line of lines.slice(1)) for (const s of starts) expect(line[s - 1] ?? ' ').toBe(' ');
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });

  it('aws ec2 describe-* carry the keys of the AWS CLI examples', async () => {
    const cases: [string, string, string][] = [
      [
        'describe-network-interfaces',
        'aws/describe-network-interfaces-awscli-example.json',
        'NetworkInterfaces',
      ],
      ['describe-vpcs', 'aws/describe-vpcs-awscli-example.json', 'Vpcs'],
      [
        'describe-vpc-peering-connections',
        'aws/describe-vpc-peering-connections-awscli-example.json',
        'VpcPeeringConnections',
      ],
    ];
    for (const [op, fixture, list] of cases) {
      const mine = (JSON.parse(await sh('operator', `aws ec2 ${op}`)) as Json)[list] as Json[];
      const real = (JSON.parse(kit.read(fixture)) as Json)[list] as Json[];
      const realKeys = new Set(
        real
          .flatMap((r) => keys(r))
          .filter((k) => !['Association', 'ExpirationTime', 'Description'].includes(k)),
      );
      for (const item of mine)
        for (const k of realKeys) expect(keys(item), `${op} ${k}`).toContain(k);
    }
    const instances = JSON.parse(await sh('operator', 'aws ec2 describe-instances')) as {
      Reservations: { Instances: Json[] }[];
    };
    const example = (
      JSON.parse(kit.read('aws/describe-instances-awscli-example.json')) as {
        Reservations: { Instances: Json[] }[];
      }
    ).Reservations[0]?.Instances[0];
    const mineKeys = new Set(
      instances.Reservations.flatMap((r) => r.Instances.flatMap((i) => keys(i))),
    );
    const core = [
      'InstanceId',
      'InstanceType',
      'Placement',
      'PrivateIpAddress',
      'PublicIpAddress',
      'State',
      'SubnetId',
      'VpcId',
      'NetworkInterfaces',
      'SecurityGroups',
      'Tags',
    ];
    for (const k of core) {
      expect(keys(example)).toContain(k);
      expect(mineKeys).toContain(k);
    }
  });
});
