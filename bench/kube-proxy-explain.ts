/**
 * `npm run bench kube-proxy-explain`: the Service explorer's per-host read (explainHost) at scale,
 * for the same cluster in iptables mode (iptables-save) and in IPVS mode (ipvsadm -Ln and
 * --stats, iptables-save, ipset list), with kubectl's pods joined to every endpoint. Inputs come
 * from the demo's own renderers, so both modes hold the same Services and endpoints.
 */
import { buildRuleset, CounterStore, renderIptablesSave } from '../electron/demo/kube-proxy';
import { buildIpsets, renderIpsetList } from '../electron/demo/kube-proxy/ipsets';
import { IpvsNodeState } from '../electron/demo/kube-proxy/ipvs-state';
import { buildIpvsTable } from '../electron/demo/kube-proxy/ipvs-table';
import { renderIpvsList } from '../electron/demo/kube-proxy/render-ipvsadm';
import type { KubeProxyInput } from '../electron/demo/kube-proxy/types';
import { explainHost } from '../shared/model/kube-proxy/explain';
import { servicesFromIptables } from '../shared/model/kube-proxy';
import { parseIptables } from '../shared/parsers/iptables';
import type { KubeObjects, KubePod } from '../shared/parsers/kubectl';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 5_000);
const ENDPOINTS = 5;
const RUNS = 3;

const ip = (base: number, n: number): string =>
  [(base >>> 24) & 255, (base >>> 16) & 255, ((base + n) >>> 8) & 255, (base + n) & 255].join('.');

function input(mode: 'iptables' | 'ipvs'): KubeProxyInput {
  return {
    node: {
      name: 'bench-node',
      primaryIP: '192.168.1.10',
      vpcCIDRs: ['192.168.0.0/16'],
      isAwsVpcCni: true,
    },
    mode,
    servicePorts: Array.from({ length: SERVICES }, (_, i) => ({
      namespace: `ns-${i % 97}`,
      name: `svc-${i}`,
      portName: '',
      protocol: 'tcp' as const,
      clusterIP: ip(0x0a600000, i + 10),
      port: 8000 + (i % 50),
      endpoints: Array.from({ length: ENDPOINTS }, (_, e) => ({
        ip: ip(0x0af40000, i * ENDPOINTS + e),
        port: 8080,
        nodeName: e === 0 ? 'bench-node' : 'other',
        ready: true,
      })),
    })),
  };
}

function pods(): KubeObjects {
  const list: KubePod[] = Array.from({ length: SERVICES * ENDPOINTS }, (_, n) => ({
    path: '',
    namespace: `ns-${Math.floor(n / ENDPOINTS) % 97}`,
    name: `pod-${n}`,
    labels: {},
    podIP: ip(0x0af40000, n),
    podIPs: [ip(0x0af40000, n)],
    hostIP: n % ENDPOINTS === 0 ? '192.168.1.10' : '192.168.1.11',
    hostIPs: [],
    nodeName: n % ENDPOINTS === 0 ? 'bench-node' : 'other',
    hostNetwork: false,
    ownerReferences: [],
    containers: [],
    initContainers: [],
  }));
  return { pods: list, nodes: [], services: [], endpointSlices: [], other: [] };
}

const median = (v: number[]): number =>
  [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;
const mb = (s: string): string => (Buffer.byteLength(s) / 1024 / 1024).toFixed(1);

const kube = pods();
const date = new Date('2026-11-23T00:00:00Z');
const iptablesSave = renderIptablesSave(buildRuleset(input('iptables')), new CounterStore(), {
  date,
});
const ipvsInput = input('ipvs');
const table = buildIpvsTable(ipvsInput);
const state = new IpvsNodeState();
const ipvsList = renderIpvsList(table, state, { format: 'list', numeric: true, exact: false }, 0);
const ipvsStats = renderIpvsList(table, state, { format: 'stats', numeric: true, exact: false }, 0);
const ipvsSave = renderIptablesSave(buildRuleset(ipvsInput), new CounterStore(), { date });
const ipsetList = renderIpsetList(buildIpsets(ipvsInput), new Map()) ?? '';
console.log(
  `input: ${SERVICES} service ports × ${ENDPOINTS} endpoints, ${kube.pods.length} pods — iptables-save ${mb(iptablesSave)} MB; ` +
    `IPVS: ipvsadm -Ln ${mb(ipvsList)} MB, --stats ${mb(ipvsStats)} MB, iptables-save ${mb(ipvsSave)} MB, ipset list ${mb(ipsetList)} MB`,
);

for (const [label, sources] of [
  ['iptables mode', { hostAddress: '192.168.1.10', iptablesSave, kube }],
  [
    'IPVS mode',
    { hostAddress: '192.168.1.10', iptablesSave: ipvsSave, ipvsList, ipvsStats, ipsetList, kube },
  ],
] as const) {
  const times: number[] = [];
  let services = 0;
  for (let r = 0; r < RUNS; r += 1) {
    const start = performance.now();
    const host = explainHost(sources);
    times.push(performance.now() - start);
    services = host.services.length;
    if (host.mode.detected !== (label === 'IPVS mode' ? 'ipvs' : 'iptables'))
      throw new Error(`${label}: wrong mode`);
  }
  console.log(
    `${label}: explainHost ${median(times).toFixed(0)} ms (median of ${RUNS}), ${services} Service ports`,
  );
}

// The floor, alternated with the full read so both see the same machine load: what the Service
// model alone costs on the same iptables-save.
const floor: number[] = [];
const full: number[] = [];
for (let r = 0; r < RUNS; r += 1) {
  let start = performance.now();
  servicesFromIptables(parseIptables(iptablesSave).value);
  floor.push(performance.now() - start);
  start = performance.now();
  explainHost({ hostAddress: '192.168.1.10', iptablesSave, kube });
  full.push(performance.now() - start);
}
console.log(
  `iptables mode, alternated: parse + servicesFromIptables ${median(floor).toFixed(0)} ms, explainHost ${median(full).toFixed(0)} ms`,
);
