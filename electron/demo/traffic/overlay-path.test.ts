/**
 * The demo's tcpdump on the overlay labs: one SYN from a pod to a pod on another node is seen on
 * every hop of the overlay path, with the interfaces that path has (Flannel: vethX → cni0 →
 * flannel.1 → flannel.1 → cni0 → vethY; Calico IPIP: caliX → tunl0 → tunl0 → caliY).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../shared/api/contract';
import type { CapturePacket } from '../../../shared/api/contract-capture';
import { CaptureHub } from '../../capture/capture-hub';
import type { Host } from '../../hosts/host';
import { createDemoLab, type DemoLab } from '../index';

type Event = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

let lab: DemoLab | undefined;
afterEach(async () => {
  await lab?.hosts[0]?.exec('kubelab-traffic stop all');
});

describe.each(['flannel', 'calico'] as const)('tcpdump on the %s demo lab', (variant) => {
  it(
    'sees a cross-node SYN on each hop of the overlay path, in order',
    { timeout: 30_000 },
    async () => {
      lab = createDemoLab({ variant });
      const current = lab;
      const byId = (id: string) => current.hosts.find((h) => h.description.id === id) as Host;
      const cluster = current.model.cluster;
      const nginx = cluster.pods.filter((p) => p.labels.app === 'nginx' && p.network);
      const a = nginx[0];
      const b = nginx.find((p) => p.hostId !== a?.hostId);
      if (!a?.network || !b?.network) throw new Error('two nginx pods on two nodes expected');
      const events: Event[] = [];
      const hub = new CaptureHub(<E extends EventName>(name: E, payload: EventPayload<E>) => {
        events.push({ name, payload } as Event);
      });
      const nodes = current.hosts.filter((h) => h.description.role === 'node');
      const started = hub.start({
        hosts: nodes,
        iface: 'any',
        filter: `tcp and host ${b.network.ip}`,
        maxPackets: 1000,
        maxSeconds: 30,
      });
      const statuses = () =>
        events.filter((e) => e.name === 'capture:status' && e.payload.status === 'listening');
      await until(() => statuses().length === 3);
      // A traffic loop from pod a to pod b's IP puts each request on the packet bus.
      const loop = await byId('operator').exec(
        `kubelab-traffic start --from ${a.name} --to ${b.network.ip} --port 80 --every 0.05`,
      );
      expect(loop.exitCode).toBe(0);
      const packets = (): (CapturePacket & { hostId: string })[] =>
        events.flatMap((e) =>
          e.name === 'capture:packets'
            ? e.payload.packets.map((p) => ({ ...p, hostId: e.payload.hostId }))
            : [],
        );
      const syns = () => packets().filter((p) => p.tcp?.flags === 'S');
      const perSyn = variant === 'flannel' ? 6 : 4;
      await until(() => syns().length >= perSyn);
      await byId('operator').exec('kubelab-traffic stop all');
      hub.stop(started.captureId);
      // The first connection's SYN (one sequence number), hop by hop in time order.
      const first = syns()
        .sort((x, y) => (x.ts ?? 0) - (y.ts ?? 0))
        .filter((p, _, all) => p.sport === all[0]?.sport);
      const hops = first.map((p) => `${p.hostId} ${p.interface}`);
      const tunnel = variant === 'flannel' ? 'flannel.1' : 'tunl0';
      const expected = [
        `${a.hostId} ${a.network.veth}`,
        ...(variant === 'flannel' ? [`${a.hostId} cni0`] : []),
        `${a.hostId} ${tunnel}`,
        `${b.hostId} ${tunnel}`,
        ...(variant === 'flannel' ? [`${b.hostId} cni0`] : []),
        `${b.hostId} ${b.network.veth}`,
      ];
      expect(hops).toEqual(expected);
      for (const p of first) {
        expect(p.src).toBe(a.network.ip);
        expect(p.dst).toBe(b.network.ip);
      }
    },
  );
});

describe('tcpdump on the flannel demo lab, pod → internet', () => {
  it(
    'leaves through cni0 and the uplink, SNATed to the node, and comes back the same way',
    { timeout: 30_000 },
    async () => {
      lab = createDemoLab({ variant: 'flannel' });
      const current = lab;
      const pod = current.model.cluster.pods.find((p) => p.labels.app === 'nginx' && p.network);
      if (!pod?.network) throw new Error('an nginx pod expected');
      const node = current.hosts.find((h) => h.description.id === pod.hostId) as Host;
      const events: Event[] = [];
      const hub = new CaptureHub(<E extends EventName>(name: E, payload: EventPayload<E>) => {
        events.push({ name, payload } as Event);
      });
      const started = hub.start({
        hosts: [node],
        iface: 'any',
        filter: 'tcp',
        maxPackets: 1000,
        maxSeconds: 30,
      });
      await until(() =>
        events.some((e) => e.name === 'capture:status' && e.payload.status === 'listening'),
      );
      const operator = current.hosts[0] as Host;
      await operator.exec(
        `kubelab-traffic start --from ${pod.name} --to 93.184.215.14 --port 80 --every 0.05`,
      );
      const packets = () =>
        events.flatMap((e) => (e.name === 'capture:packets' ? e.payload.packets : []));
      await until(() => packets().filter((p) => p.tcp?.flags === 'S.').length >= 3);
      await operator.exec('kubelab-traffic stop all');
      hub.stop(started.captureId);
      const first = packets().find((p) => p.tcp?.flags === 'S');
      const synAck = packets().filter((p) => p.tcp?.flags === 'S.' && p.dport === first?.sport);
      const syn = packets().filter((p) => p.tcp?.flags === 'S' && p.sport === first?.sport);
      expect(syn.map((p) => p.interface)).toEqual([pod.network.veth, 'cni0']);
      // On ens3 the SYN has the node's address and another port: the masquerade.
      const wire = packets().filter((p) => p.tcp?.flags === 'S' && p.interface === 'ens3');
      const nodeIp = current.model.cluster.instances.find(
        (i) => i.hostId === pod.hostId,
      )?.privateIp;
      expect(wire[0]?.src).toBe(nodeIp);
      expect(synAck.map((p) => p.interface)).toEqual(['cni0', pod.network.veth]);
    },
  );
});
