/**
 * `conntrack -L` on a demo host: the flows a quiet EKS node really carries, taken from the model
 * (kubelet and kube-proxy to the API server ENIs, ipamd to `kubernetes` 10.100.0.1 DNATed to an
 * API server ENI, CoreDNS upstream to the VPC resolver, kubelet probes, IMDS), plus the
 * connections the lab's own commands made through this node (traffic/conntrack-table.ts), in
 * conntrack-tools 1.4.6 format with its summary on stderr.
 */
import { Rng, stableSeed } from '../model/random';
import { nthIp } from '../model/ipv4';
import type { Cluster, Instance } from '../model/types';
import { networkedPods } from '../net/host-net';
import type { Command } from '../shell/run';
import { trackedFlows, type Flow } from '../traffic/conntrack-table';
import { clusterOf, fail, instanceOf, nowOf, ok, printing, type HostContext } from './context';

export type { Flow };

/** The node's tracked connections at `now`; ports stay put for a minute at a time. */
export function nodeFlows(cluster: Cluster, inst: Instance, now: number): Flow[] {
  const rng = new Rng(
    (cluster.seed ^ stableSeed(inst.instanceId) ^ Math.floor(now / 60_000)) >>> 0,
  );
  const port = () => rng.int(32768, 60999);
  const ip = inst.privateIp;
  const api = cluster.controlPlaneEnis.map((c) => c.ip);
  const apiFor = (i: number) => api[i % api.length] ?? ip;
  const tcp = (
    src: string,
    dst: string,
    dport: number,
    replySrc = dst,
    state = 'ESTABLISHED',
  ): Flow => {
    const sport = port();
    return {
      proto: 'tcp',
      timeout: state === 'ESTABLISHED' ? 86400 - rng.int(0, 9) : rng.int(2, 119),
      state,
      src,
      dst,
      sport,
      dport,
      replySrc,
      replyDst: src,
      replySport: dport,
      replyDport: sport,
      isAssured: true,
      mark: 0,
    };
  };
  const flows: Flow[] = [
    tcp(ip, apiFor(0), 443),
    tcp(ip, apiFor(1), 443),
    // In-cluster clients dial the `kubernetes` Service; the reply comes from the ENI it was DNATed to.
    tcp(ip, '10.100.0.1', 443, apiFor(rng.int(0, 1))),
    tcp(ip, '169.254.169.254', 80, '169.254.169.254', 'TIME_WAIT'),
    tcp(ip, '169.254.169.254', 80, '169.254.169.254', 'TIME_WAIT'),
  ];
  const ntpPort = port();
  flows.push({
    proto: 'udp',
    timeout: rng.int(5, 29),
    src: ip,
    dst: '169.254.169.123',
    sport: ntpPort,
    dport: 123,
    replySrc: '169.254.169.123',
    replyDst: ip,
    replySport: 123,
    replyDport: ntpPort,
    isAssured: false,
    mark: 0,
  });
  const vpc = cluster.vpcs.find((v) => v.id === inst.vpcId);
  for (const pod of networkedPods(cluster, inst, now)) {
    const podIp = pod.network?.ip ?? '';
    if (pod.labels['k8s-app'] === 'kube-dns') {
      flows.push(tcp(podIp, '10.100.0.1', 443, apiFor(rng.int(0, 1))));
      flows.push(
        tcp(ip, podIp, 8080, podIp, 'TIME_WAIT'),
        tcp(ip, podIp, 8181, podIp, 'TIME_WAIT'),
      );
      const dnsPort = port();
      const resolver = nthIp(vpc?.cidr ?? '192.168.0.0/16', 2);
      flows.push({
        proto: 'udp',
        timeout: rng.int(1, 29),
        src: podIp,
        dst: resolver,
        sport: dnsPort,
        dport: 53,
        replySrc: resolver,
        replyDst: podIp,
        replySport: 53,
        replyDport: dnsPort,
        isAssured: false,
        mark: 0,
      });
    }
  }
  // The kernel dumps its hash table, so the order looks random.
  for (let i = flows.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [flows[i], flows[j]] = [flows[j] as Flow, flows[i] as Flow];
  }
  return flows;
}

/** Everything this node's conntrack holds now: its background flows and the lab's own. */
export function hostFlows(host: HostContext): Flow[] {
  const now = nowOf(host);
  return [
    ...nodeFlows(clusterOf(host), instanceOf(host), now),
    ...trackedFlows(host.store, host.hostId, now),
  ];
}

export function formatFlow(f: Flow): string {
  const protoNumber = f.proto === 'tcp' ? 6 : f.proto === 'udp' ? 17 : 1;
  const state = f.state ? `${f.state} ` : '';
  const ends =
    f.proto === 'icmp'
      ? [`type=8 code=0 id=${f.icmpId ?? 0}`, `type=0 code=0 id=${f.replyIcmpId ?? f.icmpId ?? 0}`]
      : [`sport=${f.sport} dport=${f.dport}`, `sport=${f.replySport} dport=${f.replyDport}`];
  return (
    `${f.proto.padEnd(8)} ${protoNumber} ${f.timeout} ${state}src=${f.src} dst=${f.dst} ${ends[0]} ` +
    (f.isUnreplied ? '[UNREPLIED] ' : '') +
    `src=${f.replySrc} dst=${f.replyDst} ${ends[1]} ` +
    `${f.isAssured ? '[ASSURED] ' : ''}mark=${f.mark} use=1`
  );
}

const VERSION = 'conntrack v1.4.6 (conntrack-tools)';

export function conntrackCommand(host: HostContext): Command {
  return printing((ctx) => {
    const args = ctx.argv.slice(1);
    if (args.includes('-V') || args.includes('--version')) return ok(`${VERSION}\n`);
    if (!ctx.isRoot) return fail(`${VERSION}: Operation failed: Operation not permitted\n`);
    const command =
      args.find((a) => /^(-[LCESDFI]|--(dump|count|event|stats|delete|flush))$/.test(a)) ?? '';
    let flows = hostFlows(host);
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] ?? '';
      const value = args[i + 1];
      if ((arg === '-p' || arg === '--proto') && value)
        flows = flows.filter((f) => f.proto === value.toLowerCase());
      else if ((arg === '-s' || arg === '--src' || arg === '--orig-src') && value)
        flows = flows.filter((f) => f.src === value);
      else if ((arg === '-d' || arg === '--dst' || arg === '--orig-dst') && value)
        flows = flows.filter((f) => f.dst === value);
      else continue;
      i++;
    }
    if (command === '-L' || command === '--dump') {
      const body = flows.map(formatFlow).join('\n');
      return {
        stdout: body ? `${body}\n` : '',
        stderr: `${VERSION}: ${flows.length} flow entries have been shown.\n`,
        status: 0,
      };
    }
    if (command === '-C' || command === '--count') return ok(`${flows.length}\n`);
    if (command === '') {
      return fail(
        `${VERSION}: no command specified\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`,
        2,
      );
    }
    return fail(`${VERSION}: kubelab demo lab: only -L and -C are simulated\n`, 1);
  });
}
