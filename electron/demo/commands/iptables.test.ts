import { describe, expect, it } from 'vitest';
import type { Host } from '../../hosts/host';
import { createDemoLab } from '../index';

function node1(clock: () => number): Host {
  return createDemoLab({ seed: 4, clock, latencyMs: [0, 0] }).hosts[1] as Host;
}

const packetsOf = (listing: string, target: string): number =>
  Number(
    listing
      .split('\n')
      .find((l) => l.trim().split(/\s+/)[2] === target)
      ?.trim()
      .split(/\s+/)[0] ?? NaN,
  );

describe('iptables on a demo node', () => {
  it('needs root, as iptables-nft does', async () => {
    const r = await node1(() => 1_750_000_000_000).exec('iptables -t nat -S');
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(
      /^iptables v1\.8\.\d+ \(nf_tables\): Could not fetch rule set generation id: Permission denied \(you must be root\)\n/,
    );
  });

  it('counts the node traffic since boot, keeps counting, and starts over after -Z', async () => {
    let now = 1_750_000_000_000;
    const host = node1(() => now);
    const list = async () =>
      (await host.exec('sudo iptables -t nat -L AWS-SNAT-CHAIN-0 -n -v -x')).stdout;
    const booted = packetsOf(await list(), 'RETURN');
    expect(booted).toBeGreaterThan(100);
    now += 60_000;
    expect(packetsOf(await list(), 'RETURN')).toBeGreaterThan(booted);
    expect((await host.exec('sudo iptables -t nat -Z')).exitCode).toBe(0);
    expect(packetsOf(await list(), 'RETURN')).toBe(0);
    now += 30_000;
    const after = packetsOf(await list(), 'RETURN');
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(booted);
  });

  it('walks a curl to a ClusterIP through KUBE-SERVICES to one endpoint', async () => {
    const host = node1(() => 1_750_000_000_000);
    const save = (await host.exec('sudo iptables-save -t nat')).stdout;
    const svcRule = save.split('\n').find((l) => l.includes('"default/nginx cluster IP"')) ?? '';
    const [, clusterIp] = /-d (\S+)\/32/.exec(svcRule) ?? [];
    const [, chain] = /-j (KUBE-SVC-\w+)/.exec(svcRule) ?? [];
    expect(chain).toMatch(/^KUBE-SVC-[A-Z2-7]{16}$/);
    const before = (await host.exec(`sudo iptables -t nat -L ${chain ?? ''} -n -v`)).stdout;
    expect((await host.exec(`curl -s ${clusterIp ?? ''}`)).stdout).toContain('Welcome to nginx!');
    const after = (await host.exec(`sudo iptables -t nat -L ${chain ?? ''} -n -v`)).stdout;
    const total = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.includes('KUBE-SEP-'))
        .reduce((n, l) => n + Number(l.trim().split(/\s+/)[0]), 0);
    expect(total(after)).toBe(total(before) + 1);
  });
});
