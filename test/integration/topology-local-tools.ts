/**
 * This machine's tools for the minikube lab, as executables on a PATH: `kubectl`, which insists
 * on the context it is given (as kubectl does: `error: context "x" does not exist`) and then
 * answers from the lab's objects, and `minikube`, whose `[-p PROFILE] ssh -n NODE -- CMD` runs CMD
 * with /bin/sh in that node's network namespace, in a session of its own (as on another machine:
 * killing the local minikube leaves it running), as minikube runs it in the node's shell.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Seed 001's pod: Calico gave it 10.244.120.67/32 behind cali693e13cd073. */
export const CALICO_POD = {
  name: 'numbers-api-6b8f9d7c5d-7xq2m',
  ip: '10.244.120.67',
  hostVeth: 'cali693e13cd073',
};

type Kube = Record<string, unknown[]>;

/** Adds node `minikube-m02` with seed 001's pod and its Service (10.109.60.134:80) to `kube`. */
export function calicoKube(kube: Kube, address: string): Kube {
  const uid = (n: number) => `6f1c2a3b-0000-4000-8000-00000000000${n}`;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: CALICO_POD.name,
      namespace: 'default',
      uid: uid(1),
      labels: { app: 'numbers-api' },
    },
    spec: { containers: [{ name: 'api', image: 'nginx:1.27' }], nodeName: 'minikube-m02' },
    status: {
      phase: 'Running',
      podIP: CALICO_POD.ip,
      podIPs: [{ ip: CALICO_POD.ip }],
      hostIP: address,
    },
  };
  return {
    ...kube,
    Node: [
      ...(kube.Node ?? []),
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'minikube-m02', uid: uid(2) },
        spec: { podCIDR: '10.244.2.0/24', podCIDRs: ['10.244.2.0/24'] },
        status: {
          addresses: [
            { address, type: 'InternalIP' },
            { address: 'minikube-m02', type: 'Hostname' },
          ],
        },
      },
    ],
    Pod: [...(kube.Pod ?? []), pod],
    Service: [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'numbers-api', namespace: 'default', uid: uid(3) },
        spec: {
          type: 'ClusterIP',
          clusterIP: '10.109.60.134',
          clusterIPs: ['10.109.60.134'],
          ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
          selector: { app: 'numbers-api' },
        },
      },
    ],
    EndpointSlice: [
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: 'numbers-api-x7k2p',
          namespace: 'default',
          uid: uid(4),
          labels: { 'kubernetes.io/service-name': 'numbers-api' },
        },
        addressType: 'IPv4',
        endpoints: [
          {
            addresses: [CALICO_POD.ip],
            conditions: { ready: true },
            nodeName: 'minikube-m02',
            targetRef: { kind: 'Pod', name: CALICO_POD.name, namespace: 'default' },
          },
        ],
        ports: [{ port: 80, protocol: 'TCP' }],
      },
    ],
  };
}

const KUBECTL = `
const { spawnSync } = require('node:child_process');
const conf = require(__dirname + '/tools.json');
const argv = process.argv.slice(2);
const at = argv.indexOf('--context');
const context = at < 0 ? conf.context : argv[at + 1];
if (context !== conf.context) {
  process.stderr.write('error: context "' + context + '" does not exist\\n');
  process.exit(1);
}
const rest = at < 0 ? argv : argv.filter((_, i) => i !== at && i !== at + 1);
const r = spawnSync(conf.labKubectl, rest, { stdio: 'inherit' });
process.exit(r.status ?? 1);
`;

const MINIKUBE = `
const { spawnSync } = require('node:child_process');
const conf = require(__dirname + '/tools.json');
const argv = process.argv.slice(2);
let profile = 'minikube';
if (argv[0] === '-p' || argv[0] === '--profile') { profile = argv[1]; argv.splice(0, 2); }
const dash = argv.indexOf('--');
const flags = dash < 0 ? argv : argv.slice(0, dash);
if (flags[0] !== 'ssh') { process.stderr.write('lab minikube knows ssh only\\n'); process.exit(64); }
const n = flags.indexOf('-n');
const node = n < 0 ? profile : flags[n + 1];
if (profile !== conf.profile) {
  process.stderr.write('🤷  Profile "' + profile + '" not found. Run "minikube profile list" to view all profiles.\\n');
  process.exit(85);
}
// A node that never answers (a stopped VM): minikube hangs until it is ended.
if (node === conf.hangingNode) { require('node:child_process').spawnSync('sleep', [conf.hangSeconds]); process.exit(1); }
const ns = conf.nodes[node];
if (!ns) {
  process.stderr.write('❌  Exiting due to GUEST_NODE_RETRIEVE: retrieving node: Could not find node ' + node + '\\n');
  process.exit(85);
}
// minikube joins what follows -- with spaces and hands it to the node's shell.
const command = dash < 0 ? '' : argv.slice(dash + 1).join(' ');
// setsid: the command runs apart from this process, as on a remote node — ending the local
// minikube does not end it there.
const r = spawnSync('setsid', ['ip', 'netns', 'exec', ns, '/bin/sh', '-c', command], { stdio: 'inherit' });
process.exit(r.status ?? 1);
`;

/** Writes `kubectl` and `minikube` into `dir`; returns `dir`, to be put first on PATH. */
export function minikubeTools(
  dir: string,
  conf: {
    labKubectl: string;
    context: string;
    profile: string;
    nodes: Record<string, string>;
    /** `minikube ssh -n` this node sleeps `hangSeconds` instead of answering. */
    hangingNode?: string;
    hangSeconds?: string;
  },
): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'tools.json'), JSON.stringify(conf));
  for (const [name, source] of [
    ['kubectl', KUBECTL],
    ['minikube', MINIKUBE],
  ] as const) {
    const file = path.join(dir, name);
    writeFileSync(file, `#!${process.execPath}\n${source}`);
    chmodSync(file, 0o755);
  }
  return dir;
}
