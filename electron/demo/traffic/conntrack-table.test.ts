import { describe, expect, it } from 'vitest';
import { parseConntrack } from '../../../shared/parsers/conntrack';
import { formatFlow } from '../commands/conntrack';
import { buildCluster } from '../model/build';
import { ClusterStore } from '../model/store';
import type { Cluster, Pod } from '../model/types';
import { entriesFor, track, trackedFlows } from './conntrack-table';
import { dnsExchange, httpExchange, icmpEcho } from './packets';
import { planPath, podEndpoint } from './path';

const NOW = 1_750_000_000_000;
const cluster: Cluster = buildCluster({ seed: 3, now: NOW });
const nginx = cluster.services.find((s) => s.name === 'nginx');
const nginxPods = cluster.pods.filter((p) => p.labels.app === 'nginx');
const client = nginxPods[0] as Pod;
const clientNode = client.hostId ?? '';
const from = podEndpoint(cluster, client);
if (!from || !nginx) throw new Error('no client pod or nginx Service');
const later = NOW + 3_600_000;

/** The endpoint index whose pod runs on another node than the client. */
function remoteIndex(): number {
  const ready = nginxPods.filter((p) => p.readyAt <= later);
  const i = ready.findIndex((p) => p.hostId !== clientNode);
  if (i < 0) throw new Error('every nginx pod on one node');
  return i;
}

/** Formatted as conntrack prints it, read back by the shared parser without a warning. */
function reread(flows: Parameters<typeof formatFlow>[0][]) {
  const parsed = parseConntrack(flows.map(formatFlow).join('\n'));
  expect(parsed.warnings).toEqual([]);
  return parsed.value;
}

describe('conntrack entries of the lab’s own exchanges', () => {
  it('holds VIP → endpoint on the client’s node and the flow as it arrived on the other', () => {
    const path = planPath(cluster, from, nginx.clusterIp, 80, 'tcp', later, () => remoteIndex());
    if (!path?.dnat) throw new Error('no DNATed path');
    const c = httpExchange(() => 0.5, 40000, 80, 'ok');
    const entries = entriesFor(cluster, path, c, 'answered', 50000, later);
    const local = entries.find((e) => e.hostId === clientNode);
    const remote = entries.find((e) => e.hostId !== clientNode);
    expect(local?.flow).toMatchObject({
      proto: 'tcp',
      state: 'TIME_WAIT',
      src: client.network?.ip,
      dst: nginx.clusterIp,
      sport: 40000,
      dport: 80,
      replySrc: path.dnat.ip,
      replyDst: client.network?.ip,
      replyDport: 40000,
      isAssured: true,
    });
    expect(local?.expiresAt).toBe(later + 120_000);
    expect(remote?.flow).toMatchObject({ dst: path.dnat.ip, replySrc: path.dnat.ip });
    const [line] = reread([{ ...(local?.flow ?? ({} as never)), timeout: 120 }]);
    expect(line?.raw).toMatch(/^tcp {6}6 120 TIME_WAIT src=\S+ dst=\S+ sport=40000 dport=80 src=/);
  });

  it('replies to the SNAT address for a pod’s traffic to the internet', () => {
    const path = planPath(cluster, from, '8.8.8.8', 443, 'tcp', later);
    if (!path?.snat) throw new Error('no SNAT');
    const [entry] = entriesFor(
      cluster,
      path,
      httpExchange(() => 0.5, 40001, 443, 'silent'),
      'silent',
      61000,
      later,
    );
    expect(entry?.flow).toMatchObject({
      state: 'SYN_SENT',
      src: client.network?.ip,
      dst: '8.8.8.8',
      replySrc: '8.8.8.8',
      replyDst: path.snat.ip,
      replyDport: 61000,
      isUnreplied: true,
    });
    expect(reread([{ ...(entry?.flow ?? ({} as never)), timeout: 119 }])[0]?.flags).toContain(
      'UNREPLIED',
    );
  });

  it('keeps a DNS question for 30 s and a ping echo as icmp with its id', () => {
    const dns = planPath(cluster, from, '10.100.0.10', 53, 'udp', later);
    if (!dns) throw new Error('no path to kube-dns');
    const [q] = entriesFor(
      cluster,
      dns,
      dnsExchange(5353, { text: '1+ A? x. (19)' }, { text: '1*- 0/1/0 (112)' }),
      'answered',
      0,
      later,
    );
    expect(q?.flow).toMatchObject({
      proto: 'udp',
      dst: '10.100.0.10',
      dport: 53,
      isAssured: false,
    });
    expect(q?.expiresAt).toBe(later + 30_000);
    const peer = nginxPods[1]?.network?.ip ?? '';
    const ping = planPath(cluster, from, peer, undefined, 'icmp', later);
    if (!ping) throw new Error('no path for the ping');
    const [echo] = entriesFor(cluster, ping, icmpEcho(77, 1, 56, true), 'answered', 0, later);
    const [line] = reread([{ ...(echo?.flow ?? ({} as never)), timeout: 30 }]);
    expect(line?.raw).toBe(
      `icmp     1 30 src=${client.network?.ip} dst=${peer} type=8 code=0 id=77 src=${peer} dst=${client.network?.ip} type=0 code=0 id=77 mark=0 use=1`,
    );
  });

  it('counts down and forgets entries on the store’s clock; the same tuple refreshes its entry', () => {
    let now = later;
    const store = new ClusterStore(cluster, () => now);
    const path = planPath(cluster, from, '10.100.0.10', 53, 'udp', now);
    if (!path) throw new Error('no path to kube-dns');
    const c = dnsExchange(5353, { text: '1+ A? x. (19)' }, { text: '1*- 0/1/0 (112)' });
    track(store, path, c, 'answered', 0);
    now += 20_000;
    expect(trackedFlows(store, clientNode, now).map((f) => f.timeout)).toEqual([10]);
    expect(trackedFlows(store, clientNode, now)[0]?.isAssured).toBe(false);
    track(store, path, c, 'answered', 0);
    expect(trackedFlows(store, clientNode, now).map((f) => f.timeout)).toEqual([30]);
    // Traffic on the flow after its reply: the kernel sees a stream and assures it.
    expect(trackedFlows(store, clientNode, now)[0]?.isAssured).toBe(true);
    now += 30_000;
    expect(trackedFlows(store, clientNode, now)).toEqual([]);
  });
});
