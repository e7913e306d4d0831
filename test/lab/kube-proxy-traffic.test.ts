/**
 * Real packets through the rendered rules: the nginx ClusterIP's three pod IPs live on a veth
 * in a namespace, a client connects to the Service VIP three times, and the kernel's
 * DNAT, `-m statistic` and `-m recent` (ClientIP affinity) pick the pod. Then `traverse`, given
 * the pod the kernel picked, must move exactly the counters the kernel moved in the nat table.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CounterStore,
  renderIptablesSave,
  traverse,
  type RecentTable,
  type SimPacket,
} from '../../electron/demo/kube-proxy';
import { EXAMPLE_NODE_INPUT } from '../../electron/demo/kube-proxy/example-node';
import { requireCapability } from '../support/require-capability';
import { exampleRuleset, withoutDates } from './kube-proxy-node';
import { createNetns, destroyAllNetns, netnsCapability, type Netns } from './netns';

const capability = netnsCapability();
const canRun = requireCapability(
  'network namespaces with iptables-nft (root)',
  capability.available,
  capability.hint,
);

const NODE_IP = EXAMPLE_NODE_INPUT.node.primaryIP;
const nginx = EXAMPLE_NODE_INPUT.servicePorts.find(
  (sp) => sp.name === 'nginx' && sp.portName === '',
);
if (!nginx) throw new Error('the example node has no default/nginx Service');
const POD_IPS = nginx.endpoints.map((ep) => ep.ip).sort();

const SERVER = `
const net = require('node:net');
net.createServer((s) => { console.log(s.localAddress); s.end(); })
  .listen(80, '0.0.0.0', () => console.log('listening'));`;
const CLIENT = `
const s = require('node:net').connect(80, process.argv[1]);
s.on('error', (e) => { console.error(e.message); process.exit(1); });
s.resume();
s.on('close', () => process.exit(0));`;

describe.skipIf(!canRun)('packets through the rendered nat rules', () => {
  let ns: Netns;
  const served: string[] = [];

  beforeAll(async () => {
    ns = createNetns();
    // A veth pair stands in for the node's ENI (some sandboxes lack the dummy driver).
    ns.run('ip', ['link', 'add', 'ens5', 'type', 'veth', 'peer', 'name', 'ens5-peer']);
    ns.run('ip', ['link', 'set', 'ens5', 'up']);
    ns.run('ip', ['link', 'set', 'ens5-peer', 'up']);
    ns.run('ip', ['addr', 'add', `${NODE_IP}/16`, 'dev', 'ens5']);
    for (const ip of POD_IPS) ns.run('ip', ['addr', 'add', `${ip}/32`, 'dev', 'ens5']);
    ns.run('ip', ['route', 'add', '10.100.0.0/16', 'dev', 'ens5', 'src', NODE_IP]);
    ns.run('iptables-restore', [], renderIptablesSave(exampleRuleset, new CounterStore()));

    const server = ns.spawn(process.execPath, ['-e', SERVER]);
    let buffered = '';
    server.stdout?.setEncoding('utf8');
    server.stdout?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line !== 'listening') served.push(line.trim());
      if (lines.includes('listening')) server.emit('ready');
    });
    await once(server, 'ready');
  });
  afterAll(() => {
    destroyAllNetns();
  });

  it('the kernel and traverse agree on every nat counter after three connections', async () => {
    for (let i = 0; i < 3; i += 1) ns.run(process.execPath, ['-e', CLIENT, nginx.clusterIP]);
    while (served.length < 3) await new Promise((resolve) => setTimeout(resolve, 20));

    // ClientIP affinity: the first connection picks a pod at random, the next two stick to it.
    const picked = served[0] ?? '';
    expect(POD_IPS).toContain(picked);
    expect(served).toEqual([picked, picked, picked]);

    const real = ns.run('iptables-save', ['-c', '-t', 'nat']);
    // Three SYNs went through nat OUTPUT; their size (60 bytes with Linux's options) is the length.
    const output = /^\[(\d+):(\d+)\] -A OUTPUT /m.exec(real);
    expect(output?.[1]).toBe('3');
    const synBytes = Number(output?.[2]) / 3;
    expect(synBytes).toBeGreaterThan(0);

    const counters = new CounterStore();
    const recent: RecentTable = new Map();
    const index = POD_IPS.indexOf(picked);
    for (let i = 0; i < 3; i += 1) {
      let draws = 0;
      // Steer the ladder the way the kernel's random draw went: miss until the picked rule.
      const random = (): number => (draws++ === index ? 0 : 0.999999);
      const syn: SimPacket = {
        src: NODE_IP,
        dst: nginx.clusterIP,
        protocol: 'tcp',
        sport: 40000 + i,
        dport: 80,
        length: synBytes,
      };
      const opts = { localAddresses: [NODE_IP, ...POD_IPS], random, recent, nowSeconds: i };
      const out = traverse(exampleRuleset, counters, 'nat', 'OUTPUT', syn, opts);
      expect(out.packet.dst).toBe(picked);
      traverse(
        exampleRuleset,
        counters,
        'nat',
        'POSTROUTING',
        { ...out.packet, outInterface: 'lo' },
        opts,
      );
    }
    const mine = renderIptablesSave(exampleRuleset, counters, { counters: true, table: 'nat' });
    expect(withoutDates(mine)).toBe(withoutDates(real));
  });
});
