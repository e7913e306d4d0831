import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE } from '../../shared/model/topology-merge';
import { LocalHost } from '../hosts/local-host';
import { collectTopology } from './topology';

// A `kubectl` on a PATH of its own, answering one node and one pod, and nothing else there:
// `aws` is not found, as on a laptop that only has minikube.
const dir = mkdtempSync(path.join(tmpdir(), 'kl-topo-local-'));
const list = (items: unknown[]) => ({ apiVersion: 'v1', kind: 'List', items, metadata: {} });
const objects = list([
  {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'minikube', uid: 'n1' },
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] },
    status: { addresses: [{ type: 'InternalIP', address: '192.168.49.2' }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'p1' },
    spec: { nodeName: 'minikube', containers: [{ name: 'web', image: 'nginx' }] },
    status: { phase: 'Running', podIP: '10.244.0.5', hostIP: '192.168.49.2' },
  },
]);
writeFileSync(
  path.join(dir, 'kubectl'),
  `#!${process.execPath}\n` +
    `const a = process.argv.slice(2);\n` +
    `if (a[0] !== '--context' || a[1] !== 'minikube') { process.stderr.write('error: context missing\\n'); process.exit(1); }\n` +
    `if (a.includes('aws-node')) { process.stderr.write('Error from server (NotFound): daemonsets.apps "aws-node" not found\\n'); process.exit(1); }\n` +
    `process.stdout.write(${JSON.stringify(JSON.stringify(objects))});\n`,
);
chmodSync(path.join(dir, 'kubectl'), 0o755);
const env = { ...process.env, PATH: dir };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kubectl = { host: LocalHost.machine({ env }), context: 'minikube' };

describe('collectTopology with kubectl on another host', () => {
  it('no operator: kubectl on this machine gives the pods; no AWS asked, no warning', async () => {
    const t = await collectTopology('mk', [], { kubectl });
    expect(t.warnings).toEqual([]);
    expect(t.operator?.hostId).toBe('local');
    expect(t.pods.map((p) => [p.namespace, p.name, p.ip, p.nodeName])).toEqual([
      ['default', 'web', '10.244.0.5', 'minikube'],
    ]);
    expect(t.pods[0]?.sources.join(' ')).toContain('this machine');
  });

  it('an operator for aws, kubectl here: aws runs there, kubectl here, each source says where', async () => {
    const operator = new LocalHost(
      { id: 'bastion', name: 'bastion', role: 'operator', address: '10.0.0.5', tags: [] },
      { env },
    );
    const t = await collectTopology('lab', [operator], { kubectl });
    expect(new Set(t.warnings.map((w) => `${w.hostId} ${w.source}`))).toEqual(
      new Set(
        [SOURCE.vpcs, SOURCE.subnets, SOURCE.peerings, SOURCE.instances, SOURCE.enis].map(
          (s) => `bastion ${s}`,
        ),
      ),
    );
    expect(t.operator?.hostId).toBe('bastion');
    const sources = t.pods[0]?.sources.join(' ') ?? '';
    expect(sources).toContain('this machine');
    expect(sources).not.toContain('bastion');
  });
});
