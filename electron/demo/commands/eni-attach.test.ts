import { beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../hosts/host';
import { parseAwsNodeWarmPool } from '../../../shared/model/eni-warm-pool';
import { createDemoLab, type DemoLab } from '../index';
import { ENI_ATTACH_DELAY_MS } from '../model/ipam';
import type { Eni, Instance } from '../model/types';

/**
 * Scaling drives the simulated VPC CNI: an ENI ipamd asks for shows up in `ip`, IMDS, ipamd and
 * the EC2 API only ENI_ATTACH_DELAY_MS later, and pods waiting for its IPs are ContainerCreating
 * until then; ENIs never exceed the instance type's limit and pods past max pods stay Pending.
 */
const START = 1_750_000_000_000;
let now = START;
let lab: DemoLab;
let node: Instance;
let eni: Eni;

const host = (id: string): Host => {
  const h = lab.hosts.find((x) => x.description.id === id);
  if (!h) throw new Error(`no host ${id}`);
  return h;
};
const sh = async (id: string, command: string): Promise<string> => {
  const r = await host(id).exec(command);
  expect(r.stderr).toBe('');
  return r.stdout;
};

/** Where the new ENI shows, read through each tool's own output. */
async function seenIn(): Promise<Record<string, boolean>> {
  const imds = 'http://169.254.169.254/latest/meta-data/network/interfaces/macs/';
  return {
    ip: (await sh(node.hostId, 'ip -br addr')).includes(eni.ifname),
    imds: (await sh(node.hostId, `curl -s ${imds}`)).includes(eni.mac),
    ipamd: (await sh(node.hostId, 'curl -s localhost:61679/v1/enis')).includes(eni.id),
    aws: (await sh('operator', 'aws ec2 describe-network-interfaces --output json')).includes(
      eni.id,
    ),
  };
}

beforeAll(async () => {
  lab = createDemoLab({ seed: 11, clock: () => now, latencyMs: [0, 0] });
  await sh('operator', 'kubectl scale deployment nginx --replicas 30');
  const cluster = lab.model.cluster;
  const fresh = cluster.instances
    .filter((i) => i.role === 'node')
    .flatMap((i) => i.enis.filter((e) => e.attachedAt > START).map((e) => ({ i, e })));
  const first = fresh[0];
  if (!first) throw new Error('scaling to 30 attached no ENI');
  node = first.i;
  eni = first.e;
});

describe('ENI attach delay in the demo VPC CNI', () => {
  it('is ENI_ATTACH_DELAY_MS after the pod sandbox that ran the pool short', () => {
    const sandboxes = lab.model.cluster.pods
      .filter((p) => p.hostId === node.hostId && p.network !== undefined)
      .map((p) => p.sandboxAt);
    expect(sandboxes).toContain(eni.attachedAt - ENI_ATTACH_DELAY_MS);
  });

  it('shows the ENI in no output before it is attached, and in all of them after', async () => {
    now = eni.attachedAt - 1;
    expect(await seenIn()).toEqual({ ip: false, imds: false, ipamd: false, aws: false });
    now = eni.attachedAt;
    expect(await seenIn()).toEqual({ ip: true, imds: true, ipamd: true, aws: true });
  });

  it('keeps pods on its IPs ContainerCreating until it is attached', async () => {
    const waiting = lab.model.cluster.pods.filter((p) => p.network?.eniId === eni.id);
    expect(waiting.length).toBeGreaterThan(0);
    for (const pod of waiting) expect(pod.sandboxAt).toBeGreaterThan(eni.attachedAt);
    now = eni.attachedAt - 1;
    const pod = waiting[0];
    if (!pod) throw new Error('no pod');
    const row = await sh('operator', `kubectl get pod ${pod.name} --no-headers`);
    expect(row).toMatch(/\s0\/1\s+ContainerCreating\s/);
    now = Math.max(...waiting.map((p) => p.readyAt));
    expect(await sh('operator', `kubectl get pod ${pod.name} --no-headers`)).toMatch(
      /\s1\/1\s+Running\s/,
    );
  });

  it('never goes past 3 ENIs on a t3.medium; pods past max pods stay Pending', async () => {
    await sh('operator', 'kubectl scale deployment nginx --replicas 60');
    now += 60_000;
    for (const inst of lab.model.cluster.instances.filter((i) => i.role === 'node')) {
      expect(inst.enis.length).toBeLessThanOrEqual(3);
      const onNode = lab.model.cluster.pods.filter((p) => p.hostId === inst.hostId);
      expect(onNode.length).toBeLessThanOrEqual(17);
    }
    const rows = (await sh('operator', 'kubectl get pods --no-headers')).trim().split('\n');
    const pending = rows.filter((r) => /^nginx-\S+\s+0\/1\s+Pending\s/.test(r));
    const nodesFull = lab.model.cluster.instances
      .filter((i) => i.role === 'node')
      .every((i) => lab.model.cluster.pods.filter((p) => p.hostId === i.hostId).length === 17);
    expect(nodesFull).toBe(true);
    expect(pending.length).toBe(
      lab.model.cluster.pods.filter((p) => p.hostId === undefined).length,
    );
    expect(pending.length).toBeGreaterThan(0);
  });

  it("tells its warm-pool settings in the aws-node DaemonSet's env, as ipamd plays them", async () => {
    const json = await sh('operator', 'kubectl get ds aws-node -n kube-system -o json');
    const { value, warnings } = parseAwsNodeWarmPool(json);
    expect(warnings).toEqual([]);
    expect(value).toEqual({
      warmEniTarget: lab.model.cluster.cni.warmEniTarget,
      isPrefixDelegation: false,
      source: 'aws-node',
    });
  });
});
