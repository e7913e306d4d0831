/**
 * The pieces every namespace lab is made of, written once: a node's ENI as a veth into the "vpc"
 * namespace, a pod plumbed the way the AWS VPC CNI does it, and the tiny HTTP servers and client
 * the labs send real requests with.
 */
import { once } from 'node:events';
import { createNetns, type Netns } from '../netns';

/** Answers every request with `IP:PORT`, on each port given; prints `listening` once all are up. */
export const SERVER = `
const http = require('node:http');
const [ip, ...ports] = process.argv.slice(1);
let left = ports.length;
for (const port of ports) {
  http.createServer((req, res) => res.end(ip + ':' + port))
    .listen(Number(port), ip, () => { if (--left === 0) console.log('listening'); });
}`;

/** Fetches each URL once from the namespace it runs in; prints a JSON list of bodies. */
export const CLIENT = `
const http = require('node:http');
const get = (url) => new Promise((resolve) => {
  const req = http.get(url, { agent: false, timeout: 3000 }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c) => (body += c));
    res.on('end', () => resolve(body));
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => resolve('error: ' + e.message));
});
(async () => {
  const out = [];
  for (const url of process.argv.slice(1)) out.push(await get(url));
  console.log(JSON.stringify(out));
})();`;

/** The sysctls of a node: it forwards, and asymmetric ENI routing must not be dropped. */
export function makeNode(ns: Netns): void {
  for (const sysctl of [
    'net.ipv4.ip_forward=1',
    'net.ipv4.conf.all.rp_filter=0',
    'net.ipv4.conf.default.rp_filter=0',
  ])
    ns.run('sysctl', ['-qw', sysctl]);
}

/**
 * An ENI: `dev` in `node` holding `ip/prefix`, its veth peer `far` in `vpc` holding the subnet's
 * `gateway` (when given; a bridged subnet leaves the far end to its bridge).
 */
export function addEni(
  node: Netns,
  vpc: Netns,
  eni: { dev: string; far: string; ip: string; prefix: number; gateway?: string },
): void {
  node.run('ip', [
    'link',
    'add',
    eni.dev,
    'type',
    'veth',
    'peer',
    'name',
    eni.far,
    'netns',
    vpc.name,
  ]);
  node.run('ip', ['addr', 'add', `${eni.ip}/${eni.prefix}`, 'dev', eni.dev]);
  node.run('ip', ['link', 'set', eni.dev, 'up']);
  if (eni.gateway !== undefined)
    vpc.run('ip', ['addr', 'add', `${eni.gateway}/${eni.prefix}`, 'dev', eni.far]);
  vpc.run('ip', ['link', 'set', eni.far, 'up']);
}

/** A pod to plumb: its IP, its host-side `eni…` veth, and the route table of a secondary ENI. */
export interface PodPlumbing {
  ip: string;
  veth: string;
  /** `from <ip> lookup <table>`: a pod on a secondary ENI replies through that ENI. */
  table?: number;
}

/**
 * A pod as the VPC CNI plumbs it, in a new namespace: eth0 holds the /32 with a default route
 * via 169.254.1.1, a permanent neighbour entry for that gateway naming the host veth's MAC;
 * on the node, the `eni…` veth with a /32 route, `to <ip> lookup main` (priority 512) and, on a
 * secondary ENI, `from <ip> lookup <table>` (priority 1536).
 */
export function plumbPod(node: Netns, pod: PodPlumbing): Netns {
  const ns = createNetns();
  node.run('ip', [
    'link',
    'add',
    pod.veth,
    'type',
    'veth',
    'peer',
    'name',
    'eth0',
    'netns',
    ns.name,
  ]);
  node.run('ip', ['link', 'set', pod.veth, 'up']);
  node.run('ip', ['route', 'add', pod.ip, 'dev', pod.veth, 'scope', 'link']);
  node.run('ip', ['rule', 'add', 'to', pod.ip, 'lookup', 'main', 'priority', '512']);
  if (pod.table !== undefined)
    node.run('ip', [
      'rule',
      'add',
      'from',
      pod.ip,
      'lookup',
      String(pod.table),
      'priority',
      '1536',
    ]);
  const [link] = JSON.parse(node.run('ip', ['-j', 'link', 'show', pod.veth])) as {
    address: string;
  }[];
  if (link === undefined) throw new Error(`no ${pod.veth} in ${node.name}`);
  ns.run('ip', ['addr', 'add', `${pod.ip}/32`, 'dev', 'eth0']);
  ns.run('ip', ['link', 'set', 'eth0', 'up']);
  ns.run('ip', ['route', 'add', '169.254.1.1', 'dev', 'eth0', 'scope', 'link']);
  ns.run('ip', ['route', 'add', 'default', 'via', '169.254.1.1', 'dev', 'eth0']);
  ns.run('ip', [
    'neigh',
    'add',
    '169.254.1.1',
    'dev',
    'eth0',
    'lladdr',
    link.address,
    'nud',
    'permanent',
  ]);
  return ns;
}

/** Starts {@link SERVER} in `ns` on `ip` and `ports`; resolves once it listens. */
export async function startServer(ns: Netns, ip: string, ports: readonly number[]): Promise<void> {
  const server = ns.spawn(process.execPath, ['-e', SERVER, ip, ...ports.map(String)]);
  server.stdout?.setEncoding('utf8');
  let seen = '';
  server.stdout?.on('data', (chunk: string) => {
    seen += chunk;
    if (seen.includes('listening')) server.emit('ready');
  });
  await Promise.race([
    once(server, 'ready'),
    once(server, 'exit').then(() => {
      throw new Error(`the server on ${ip} in ${ns.name} exited`);
    }),
  ]);
}

/** GETs each URL from `ns` with {@link CLIENT}; the bodies (or `error: …`) in order. */
export function fetchFrom(ns: Netns, urls: readonly string[]): string[] {
  return JSON.parse(ns.run(process.execPath, ['-e', CLIENT, ...urls])) as string[];
}
