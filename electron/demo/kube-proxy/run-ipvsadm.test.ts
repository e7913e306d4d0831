import { describe, expect, it } from 'vitest';
import { parseIpvsadm } from '../../../shared/parsers/ipvsadm';
import { IpvsNodeState } from './ipvs-state';
import { buildIpvsTable, type VirtualServer } from './ipvs-table';
import { runIpvsadm } from './run-ipvsadm';

const servers: VirtualServer[] = buildIpvsTable({
  node: { name: 'n1', primaryIP: '192.168.1.10', vpcCIDRs: ['192.168.0.0/16'], isAwsVpcCni: true },
  mode: 'ipvs',
  ipvsScheduler: 'rr',
  servicePorts: [
    {
      namespace: 'default',
      name: 'web',
      portName: '',
      protocol: 'tcp',
      clusterIP: '10.100.0.20',
      port: 80,
      nodePort: 30080,
      sessionAffinity: 'ClientIP',
      endpoints: [
        { ip: '192.168.2.9', port: 8080, nodeName: 'n2', ready: true },
        { ip: '192.168.1.7', port: 8080, nodeName: 'n1', ready: true },
        { ip: '192.168.3.3', port: 8080, nodeName: 'n3', ready: false },
      ],
    },
  ],
});

const run = (argv: string[], state = new IpvsNodeState(), isRoot = true) =>
  runIpvsadm(['ipvsadm', ...argv], { servers, state, now: 1000, isRoot });

describe('runIpvsadm', () => {
  it('lists cluster-IP and NodePort virtual servers, ready endpoints only, persistent for ClientIP', () => {
    const r = run(['-Ln']);
    expect(r.stdout.split('\n').slice(3, 9)).toEqual([
      'TCP  192.168.1.10:30080 rr persistent 10800',
      '  -> 192.168.1.7:8080             Masq    1      0          0         ',
      '  -> 192.168.2.9:8080             Masq    1      0          0         ',
      'TCP  10.100.0.20:80 rr persistent 10800',
      '  -> 192.168.1.7:8080             Masq    1      0          0         ',
      '  -> 192.168.2.9:8080             Masq    1      0          0         ',
    ]);
    expect(parseIpvsadm(r.stdout).warnings).toEqual([]);
  });

  it('keeps a client on one real server while its persistence template lives', () => {
    const state = new IpvsNodeState();
    const vs = servers.find((s) => s.port === 80);
    if (!vs) throw new Error('no vs');
    const picks = [0, 1, 2].map(() => state.schedule(vs, '192.168.5.5', 1000)?.ip);
    expect(new Set(picks).size).toBe(1);
    expect(state.schedule(vs, '192.168.5.6', 1000)?.ip).not.toBe(picks[0]);
  });

  it("prints --stats in ipvsadm's columns and zeroes one service with -Z -t", () => {
    const state = new IpvsNodeState();
    const vs = servers.find((s) => s.port === 80);
    const rs = vs?.realServers[0];
    if (!vs || !rs) throw new Error('no vs');
    for (let i = 0; i < 3; i += 1) state.connect(vs, rs, 1000);
    expect(run(['-Ln', '--stats', '-t', '10.100.0.20:80'], state).stdout).toContain(
      'TCP  10.100.0.20:80                      3       18       12     1197     2985',
    );
    expect(run(['-Z', '-t', '10.100.0.20:80'], state).exitCode).toBe(0);
    expect(run(['-Ln', '--stats', '--exact', '-t', '10.100.0.20:80'], state).stdout).toContain(
      'TCP  10.100.0.20:80                      0        0        0        0        0',
    );
  });

  it('answers like ipvsadm when it cannot: not root, no such service, a bad address, what it does not simulate', () => {
    const notRoot = run(['-Ln'], new IpvsNodeState(), false);
    expect(notRoot.exitCode).toBe(2);
    expect(notRoot.stderr).toContain("Can't initialize ipvs: Permission denied");
    expect(run(['-Ln', '-t', '10.9.9.9:80'])).toMatchObject({
      exitCode: 1,
      stderr: 'No such service\n',
    });
    expect(run(['-Ln', '-t', 'nope'])).toMatchObject({ exitCode: 2 });
    expect(run(['-A', '-t', '10.0.0.1:80']).stderr).toContain('not simulated');
    expect(run(['--version']).stdout).toBe(
      'ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n',
    );
  });
});
