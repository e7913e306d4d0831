/**
 * What a capture on an idle demo node still sees, as on a real node: kubelet probing the CoreDNS
 * pods on its node (liveness `:8080/health`, readiness `:8181/ready`, every 10 s each, timed from
 * the pod's start, as in commands/netfilter-traffic.ts). Runs only while a tcpdump listens.
 */
import { nodeInstances } from '../model/workloads';
import type { ClusterStore } from '../model/store';
import type { PacketBus } from './bus';
import { httpExchange } from './packets';
import { planPath } from './path';

const PROBE_PERIOD_MS = 10_000;
const TICK_MS = 250;

/** Starts the probes on `bus`; returns the function that stops them. */
export function startBackground(store: ClusterStore, bus: PacketBus): () => void {
  let last = store.now();
  const tick = () => {
    const now = store.now();
    const cluster = store.cluster;
    for (const node of nodeInstances(cluster)) {
      const dnsPods = cluster.pods.filter(
        (p) =>
          p.hostId === node.hostId &&
          p.labels['k8s-app'] === 'kube-dns' &&
          p.network &&
          p.readyAt <= now,
      );
      for (const pod of dnsPods) {
        for (const [port, offset] of [
          [8080, 0],
          [8181, 5_000],
        ] as const) {
          const since = pod.readyAt + offset;
          // A probe is due when a period boundary falls in (last, now].
          const due =
            Math.floor((now - since) / PROBE_PERIOD_MS) >
            Math.floor((last - since) / PROBE_PERIOD_MS);
          if (!due || !pod.network) continue;
          const client = { kind: 'instance' as const, inst: node, ip: node.privateIp };
          const path = planPath(cluster, client, pod.network.ip, port, 'tcp', now);
          const sport = 32768 + Math.floor(Math.random() * 28232);
          if (path) bus.send(path, httpExchange(Math.random, sport, port, 'ok', 2), now, sport);
        }
      }
    }
    last = now;
  };
  const timer = setInterval(tick, TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
