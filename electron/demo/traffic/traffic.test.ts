import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireCapability } from '../../../test/support/require-capability';
import type { CapturePacket } from '../../../shared/api/contract-capture';
import type { EventName, EventPayload } from '../../../shared/api/contract';
import { parseTcpdump } from '../../../shared/parsers/tcpdump';
import { CaptureHub } from '../../capture/capture-hub';
import type { Host } from '../../hosts/host';
import { createDemoLab, type DemoLab } from '../index';
import { serviceEndpoints } from '../render/kube-state';

type Event = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function captureOn(hosts: Host[], iface: string, filter = '', maxPackets = 10_000) {
  const events: Event[] = [];
  const hub = new CaptureHub(<E extends EventName>(name: E, payload: EventPayload<E>) => {
    events.push({ name, payload } as Event);
  });
  const started = hub.start({ hosts, iface, filter, maxPackets, maxSeconds: 30 });
  const packets = (hostId?: string): CapturePacket[] =>
    events.flatMap((e) =>
      e.name === 'capture:packets' && (hostId === undefined || e.payload.hostId === hostId)
        ? e.payload.packets
        : [],
    );
  const statuses = (status: 'listening' | 'warning') =>
    events.flatMap((e) =>
      e.name === 'capture:status' && e.payload.status === status ? [e.payload] : [],
    );
  const ended = () => events.find((e) => e.name === 'capture:end');
  const stop = async () => {
    hub.stop(started.captureId);
    await until(() => ended() !== undefined);
  };
  return { events, packets, statuses, ended, stop, started };
}

let lab: DemoLab;
afterEach(async () => {
  await lab.hosts[0]?.exec('kubelab-traffic stop all');
});

const byName = (name: string) => lab.hosts.find((h) => h.description.id === name) as Host;

describe('demo tcpdump on the packet bus', () => {
  it('follows a pod → Service request: VIP on the client veth, DNAT, both ENIs, the endpoint veth', async () => {
    lab = createDemoLab();
    const nodes = lab.hosts.filter((h) => h.description.role === 'node');
    const c = captureOn(nodes, 'any', 'tcp');
    expect(c.started.command).toBe(
      'TZ=UTC sudo -n -- tcpdump -i any -nn -U -l -tttt -c 10000 -- tcp',
    );
    await until(() => c.statuses('listening').length === 3);
    const started = await byName('operator').exec('kubelab-traffic start --every 0.05');
    expect(started.stdout).toMatch(
      /^started loop \d+: default\/nginx-\S+ \(\d+\.\d+\.\d+\.\d+\) → svc\/nginx [\d.]+:80 every 0.05s/,
    );
    await until(() => c.packets().filter((p) => p.tcp?.flags === 'S').length >= 40, 10_000);
    await byName('operator').exec('kubelab-traffic stop all');
    await c.stop();
    expect(c.statuses('warning')).toEqual([]);

    const cluster = lab.model.cluster;
    const nginx = cluster.services.find((s) => s.name === 'nginx');
    const client = cluster.pods.find(
      (p) => p.network?.ip === /\((\S+)\)/.exec(started.stdout)?.[1],
    );
    const endpoints = serviceEndpoints(cluster, nginx!, lab.model.now()).map((e) => e.ip);
    const all = nodes.flatMap((n) =>
      c.packets(n.description.id).map((p) => ({ node: n.description.id, p })),
    );
    const vipSyns = all.filter(({ p }) => p.tcp?.flags === 'S' && p.dst === nginx?.clusterIp);
    expect(vipSyns.length).toBeGreaterThan(5);
    let crossed = 0;
    for (const { node, p } of vipSyns) {
      expect([node, p.interface, p.direction, p.src, p.dport]).toEqual([
        client?.hostId,
        client?.network?.veth,
        'In',
        client?.network?.ip,
        80,
      ]);
      const same = all
        .filter(({ p: q }) => q.tcp?.flags === 'S' && q.tcp.seq === p.tcp?.seq && q !== p)
        .sort((a, b) => (a.p.ts ?? 0) - (b.p.ts ?? 0));
      expect(same.length).toBeGreaterThan(0);
      for (const { p: q } of same) {
        expect(endpoints).toContain(q.dst);
        expect(q.dport).toBe(80);
      }
      const hops = same.map(({ node: n, p: q }) => `${n} ${q.interface} ${q.direction}`);
      if (hops.length === 3) {
        crossed += 1;
        expect(hops[0]).toMatch(new RegExp(`^${client?.hostId} ens[56] Out$`));
        expect(hops[1]).toMatch(/^node\d ens[56] In$/);
        expect(hops[2]).toMatch(/^node\d eni[0-9a-f]{11} Out$/);
      }
    }
    expect(crossed).toBeGreaterThan(0);
  });

  it('prints lines the tcpdump parser reads without a warning, relative seq after the SYN', async () => {
    lab = createDemoLab();
    const node1 = byName('node1');
    let text = '';
    const abort = new AbortController();
    const done = new Promise<void>((resolve) =>
      node1.stream(
        'sudo tcpdump -i any -nn -c 20',
        { data: (d) => (text += d), end: () => resolve() },
        { signal: abort.signal },
      ),
    );
    await until(() => text.includes('listening on any'));
    await byName('operator').exec('kubelab-traffic start --every 0.05');
    await done;
    const lines = text.split('\n').filter((l) => /^\d\d:/.test(l));
    expect(lines).toHaveLength(20);
    const { value, warnings } = parseTcpdump(text);
    expect(warnings).toEqual([]);
    expect(value).toHaveLength(20);
    expect(text).toMatch(
      /20 packets captured\r?\n20 packets received by filter\r?\n0 packets dropped by kernel/,
    );
    const firstAck = value.find((p) => p.tcp?.flags === '.');
    expect(firstAck?.tcp?.ack).toBe(1);
    expect(value.find((p) => p.tcp?.flags === 'P.')?.tcp).toMatchObject({ seq: 1, seqEnd: 78 });
  });

  it('answers -i ens5 without the interface column, filters, curl and ping from a node, and errors like tcpdump', async () => {
    lab = createDemoLab();
    const node1 = byName('node1');
    const node2 = byName('node2');
    const pod = lab.model.cluster.pods.find(
      (p) => p.hostId === 'node2' && p.labels.app === 'nginx',
    );
    const c = captureOn(
      [node2],
      'ens5',
      `host ${pod?.network?.ip ?? ''} and (icmp or tcp port 80) and not udp`,
    );
    await until(() => c.statuses('listening').length === 1);
    await node1.exec(`ping -c 2 -i 0.01 ${pod?.network?.ip ?? ''}`);
    await node1.exec(`curl -s ${pod?.network?.ip ?? ''}`);
    await until(() => c.packets().length >= 4 + 10);
    await c.stop();
    const packets = c.packets();
    expect(packets.slice(0, 4).map((p) => `${p.icmp?.type} ${p.src}`)).toEqual([
      `echo request ${lab.model.cluster.instances.find((i) => i.hostId === 'node1')?.privateIp}`,
      `echo reply ${pod?.network?.ip}`,
      `echo request ${lab.model.cluster.instances.find((i) => i.hostId === 'node1')?.privateIp}`,
      `echo reply ${pod?.network?.ip}`,
    ]);
    expect(packets.every((p) => p.interface === 'ens5' && p.direction === undefined)).toBe(true);
    expect(packets.slice(4).map((p) => p.tcp?.flags)).toEqual([
      'S',
      'S.',
      '.',
      'P.',
      '.',
      'P.',
      '.',
      'F.',
      'F.',
      '.',
    ]);
    expect((await node1.exec('tcpdump -i any')).stderr).toMatch(/You don't have permission/);
    expect((await node1.exec('sudo tcpdump -i ens9')).stderr).toBe(
      'tcpdump: ens9: No such device exists\n(SIOCGIFHWADDR: No such device)\n',
    );
    expect((await node1.exec('sudo tcpdump -i any port 80 and')).stderr).toMatch(/syntax error/);
  });

  it('shows an idle node’s own traffic: kubelet probing the CoreDNS pods on it every 10 s', async () => {
    let now = Date.now();
    lab = createDemoLab({ clock: () => now });
    const dns = lab.model.cluster.pods.find((p) => p.labels['k8s-app'] === 'kube-dns' && p.hostId);
    const node = byName(dns?.hostId ?? '');
    const c = captureOn([node], 'any', `host ${dns?.network?.ip ?? ''}`);
    await until(() => c.statuses('listening').length === 1);
    now += 10_000;
    await until(() => c.packets().length >= 20, 5000);
    await c.stop();
    const nodeIp = lab.model.cluster.instances.find(
      (i) => i.hostId === node.description.id,
    )?.privateIp;
    const syns = c.packets().filter((p) => p.tcp?.flags === 'S');
    expect(syns.map((p) => `${p.src} ${p.interface} ${p.direction} ${p.dport}`).sort()).toEqual(
      [8080, 8181].map((port) => `${nodeIp} ${dns?.network?.veth} Out ${port}`),
    );
  });

  it('SNATs a pod’s request to the internet to its node’s address on ens5, and back', async () => {
    lab = createDemoLab();
    const out = await byName('operator').exec(
      'kubelab-traffic start --to 142.250.206.238 --port 443 --every 10',
    );
    const client = lab.model.cluster.pods.find(
      (p) => p.network?.ip === /\((\S+)\)/.exec(out.stdout)?.[1],
    );
    const node = byName(client?.hostId ?? '');
    await byName('operator').exec('kubelab-traffic stop all');
    const c = captureOn([node], 'any', 'host 142.250.206.238');
    await until(() => c.statuses('listening').length === 1);
    await byName('operator').exec(
      `kubelab-traffic start --from ${client?.name ?? ''} --to 142.250.206.238 --port 443`,
    );
    await until(() => c.packets().length >= 4);
    await c.stop();
    const nodeIp = lab.model.cluster.instances.find((i) => i.hostId === client?.hostId)?.privateIp;
    const [a, b, r1, r2] = c.packets();
    expect([a?.interface, a?.direction, a?.src, a?.dport]).toEqual([
      client?.network?.veth,
      'In',
      client?.network?.ip,
      443,
    ]);
    expect([b?.interface, b?.direction, b?.src, b?.tcp?.seq]).toEqual([
      'ens5',
      'Out',
      nodeIp,
      a?.tcp?.seq,
    ]);
    expect(b?.sport).not.toBe(a?.sport);
    expect([r1?.interface, r1?.direction, r1?.dst, r1?.dport]).toEqual([
      'ens5',
      'In',
      nodeIp,
      b?.sport,
    ]);
    expect([r2?.interface, r2?.direction, r2?.dst, r2?.dport]).toEqual([
      client?.network?.veth,
      'Out',
      client?.network?.ip,
      a?.sport,
    ]);
  });

  const hasTcpdump = spawnSync('tcpdump', ['--version']).status === 0;
  it.runIf(
    requireCapability('tcpdump (reads the pcap back)', hasTcpdump, 'apt-get install tcpdump'),
  )(
    'keeps a pcap (tcpdump -w -) that the real tcpdump -r reads back packet for packet',
    async () => {
      lab = createDemoLab();
      const dir = mkdtempSync(path.join(tmpdir(), 'kl-demo-pcap-'));
      try {
        for (const iface of ['any', 'ens5']) {
          const events: Event[] = [];
          const hub = new CaptureHub(<E extends EventName>(name: E, payload: EventPayload<E>) => {
            events.push({ name, payload } as Event);
          });
          const file = path.join(dir, `${iface}.pcap`);
          const node = byName('node1');
          const { captureId } = hub.start({
            hosts: [node],
            iface,
            filter: 'tcp',
            maxPackets: 1000,
            maxSeconds: 30,
            pcapPath: () => file,
          });
          await until(() => events.some((e) => e.name === 'capture:status'));
          await new Promise((r) => setTimeout(r, 100));
          const target = lab.model.cluster.pods.find(
            (p) => p.hostId === 'node2' && p.labels.app === 'nginx',
          );
          await node.exec(`curl -s ${target?.network?.ip ?? ''}`);
          await node.exec(
            `curl -s ${lab.model.cluster.services.find((x) => x.name === 'nginx')?.clusterIp ?? ''}`,
          );
          hub.stop(captureId);
          await until(() => events.some((e) => e.name === 'capture:end'));
          const text = events.flatMap((e) =>
            e.name === 'capture:packets' ? e.payload.packets : [],
          );
          const read = spawnSync('tcpdump', ['-r', file, '-nn', '-tttt'], {
            encoding: 'utf8',
            env: { ...process.env, TZ: 'UTC' },
          });
          expect(read.stderr).toMatch(iface === 'any' ? /LINUX_SLL2/ : /EN10MB/);
          const back = parseTcpdump(read.stdout);
          expect(back.warnings).toEqual([]);
          const key = (p: {
            time?: string;
            src?: string;
            dst?: string;
            sport?: number;
            dport?: number;
            tcp?: { flags: string; seq?: number; ack?: number; length?: number };
          }) =>
            `${p.time} ${p.src}.${p.sport} > ${p.dst}.${p.dport} ${p.tcp?.flags} ${p.tcp?.seq} ${p.tcp?.ack} ${p.tcp?.length}`;
          expect(text.length).toBeGreaterThanOrEqual(10);
          expect(back.value.map(key)).toEqual(text.map(key));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
