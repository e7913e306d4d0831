/**
 * The packet journey on real packets: two EKS-shaped nodes in network namespaces, a client pod
 * on node-a sending HTTP requests to a Service VIP whose endpoint is a pod on node-b (kube-proxy's
 * rules from our renderer, loaded with the real iptables-restore). Real tcpdump runs on both
 * nodes (`-i any`, as the capture backend runs it); the parsed packets must include the SYN to
 * the VIP and the DNATed SYN to the endpoint, and the journey must join the client's veth,
 * node-a's ens5, node-b's ens5 and the endpoint's veth with the DNAT marked.
 *
 * With KUBELAB_UPDATE_GOLDEN=1 the captures are kept as fixtures for the unit tests.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinJourneys, type Journey } from '../../shared/model/capture/journey';
import { toCaptured, type CapturedPacket } from '../../shared/model/capture/packet';
import { parseTcpdump } from '../../shared/parsers/tcpdump';
import { requireCapability } from '../support/require-capability';
import { startTcpdump } from './capture/tcpdump';
import { buildTwoNodeLab, LAB, type TwoNodeLab } from './capture/two-node-lab';
import { destroyAllNetns, netnsCapability } from './netns';

const capability = netnsCapability();
const canRun = requireCapability(
  'network namespaces with iptables (root)',
  capability.available,
  capability.hint,
);

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../shared/model/capture/fixtures',
);
const REQUESTS = 3;

describe.runIf(canRun)('capture journey across two nodes in network namespaces', () => {
  let lab: TwoNodeLab;
  const texts: Record<string, string> = {};
  let packets: CapturedPacket[] = [];
  let journeys: Journey[] = [];

  beforeAll(async () => {
    lab = await buildTwoNodeLab();
    const dumps = await Promise.all(
      Object.entries(lab.nodes).map(async ([name, ns]) => ({
        name,
        dump: await startTcpdump(ns, ['tcp', 'and', 'not', 'port', '22']),
      })),
    );
    const bodies = lab.request(REQUESTS);
    expect(bodies).toEqual(
      Array.from({ length: REQUESTS }, () => `${LAB.server.ip}:${LAB.server.port}`),
    );
    // The last FIN/ACKs are a few ms behind the client's exit.
    await new Promise((r) => setTimeout(r, 300));
    let seq = 0;
    for (const { name, dump } of dumps) {
      const text = await dump.stop();
      texts[name] = text;
      const parsed = parseTcpdump(text);
      expect(parsed.warnings).toEqual([]);
      packets.push(...toCaptured(parsed.value, name, 'any', seq));
      seq += parsed.value.length;
    }
    journeys = joinJourneys(packets);
    if (process.env.KUBELAB_UPDATE_GOLDEN === '1')
      for (const [name, text] of Object.entries(texts))
        writeFileSync(path.join(FIXTURES, `netns-lab-service-${name}.txt`), text);
  });

  afterAll(() => {
    lab?.destroy();
    destroyAllNetns();
    packets = [];
  });

  it('parses the SYN to the VIP on the client veth and the DNATed SYN to the endpoint', () => {
    const syns = packets.filter((p) => p.packet.tcp?.flags === 'S');
    const toVip = syns.filter(
      (p) =>
        p.iface === LAB.client.veth && p.packet.dst === LAB.vip && p.packet.dport === LAB.vipPort,
    );
    const dnated = syns.filter(
      (p) => p.packet.dst === LAB.server.ip && p.packet.dport === LAB.server.port,
    );
    expect(toVip).toHaveLength(REQUESTS);
    // Each DNATed SYN is seen leaving node-a's ens5, entering node-b's and leaving to the pod.
    const points = new Map<string, number>();
    for (const p of dnated) {
      const point = `${p.host} ${p.iface} ${p.packet.direction}`;
      points.set(point, (points.get(point) ?? 0) + 1);
    }
    expect([...points]).toEqual([
      ['node-a ens5 Out', REQUESTS],
      ['node-b ens5 In', REQUESTS],
      [`node-b ${LAB.server.veth} Out`, REQUESTS],
    ]);
    expect(dnated).toHaveLength(3 * REQUESTS);
  });

  it('joins each SYN: client veth → node-a ens5 → node-b ens5 → endpoint veth, DNAT at ens5', () => {
    const synJourneys = journeys.filter((j) => j.label.startsWith('TCP [S] '));
    expect(synJourneys).toHaveLength(REQUESTS);
    for (const j of synJourneys) {
      expect(j.hops.map((h) => `${h.host} ${h.iface} ${h.direction}`)).toEqual([
        `node-a ${LAB.client.veth} In`,
        'node-a ens5 Out',
        'node-b ens5 In',
        `node-b ${LAB.server.veth} Out`,
      ]);
      expect(j.nat).toEqual([
        {
          kind: 'DNAT',
          hop: 1,
          before: `${LAB.vip}:${LAB.vipPort}`,
          after: `${LAB.server.ip}:${LAB.server.port}`,
        },
      ]);
    }
  });

  it('joins each SYN-ACK back the same way, the VIP restored on the client veth', () => {
    const synAcks = journeys.filter((j) => j.label.startsWith('TCP [S.]'));
    expect(synAcks).toHaveLength(REQUESTS);
    for (const j of synAcks) {
      expect(j.hops.map((h) => `${h.host} ${h.iface}`)).toEqual([
        `node-b ${LAB.server.veth}`,
        'node-b ens5',
        'node-a ens5',
        `node-a ${LAB.client.veth}`,
      ]);
      expect(j.nat.map((n) => [n.kind, n.hop, n.after])).toEqual([
        ['un-DNAT', 3, `${LAB.vip}:${LAB.vipPort}`],
      ]);
    }
  });

  it('joins the rest of each connection (data, ACKs, FINs) at all four points too', () => {
    const fourPoint = journeys.filter((j) => j.hops.length === 4);
    // Per request at least SYN, SYN-ACK, the request, the response and the FINs.
    expect(fourPoint.length).toBeGreaterThanOrEqual(REQUESTS * 6);
    expect(journeys.every((j) => j.hops.length <= 4)).toBe(true);
  });
});
