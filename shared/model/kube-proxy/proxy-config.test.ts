import { describe, expect, it } from 'vitest';
import { parseIpsetList } from './ipset-list';
import { readProxyConfigMode, setProxyConfigMode } from './proxy-config';

/** kubeadm's `kube-proxy` ConfigMap `config.conf` (excerpt): mode left empty, ipvs block present. */
const KUBEADM = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clusterCIDR: 10.244.0.0/16
ipvs:
  excludeCIDRs: null
  scheduler: ""
  strictARP: false
kind: KubeProxyConfiguration
mode: ""
nodePortAddresses: null
`;

describe('readProxyConfigMode / setProxyConfigMode', () => {
  it('reads an empty mode and scheduler as the defaults', () => {
    expect(readProxyConfigMode(KUBEADM)).toEqual({ mode: '', scheduler: null, modeLine: 9 });
  });

  it('sets mode and scheduler and leaves every other line byte for byte', () => {
    const next = setProxyConfigMode(KUBEADM, 'ipvs', 'wrr');
    expect(readProxyConfigMode(next)).toEqual({ mode: 'ipvs', scheduler: 'wrr', modeLine: 9 });
    const changed = next.split('\n').filter((line, i) => line !== KUBEADM.split('\n')[i]);
    expect(changed).toEqual(['  scheduler: "wrr"', 'mode: "ipvs"']);
  });

  it('adds the lines a configuration lacks, before its final newline', () => {
    const next = setProxyConfigMode('kind: KubeProxyConfiguration\n', 'ipvs', 'rr');
    expect(next).toBe('kind: KubeProxyConfiguration\nipvs:\n  scheduler: "rr"\nmode: "ipvs"\n');
    expect(readProxyConfigMode(next)).toMatchObject({ mode: 'ipvs', scheduler: 'rr' });
  });

  it('does not take a nested scheduler outside the ipvs block', () => {
    expect(readProxyConfigMode('other:\n  scheduler: "sh"\nmode: iptables\n')).toMatchObject({
      mode: 'iptables',
      scheduler: null,
    });
  });
});

describe('parseIpsetList', () => {
  it('reads sets with their members, counts and references; stray lines are warnings', () => {
    const text = [
      'Name: KUBE-CLUSTER-IP',
      'Type: hash:ip,port',
      'Revision: 7',
      'Header: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x1b2d3c4e',
      'Size in memory: 360',
      'References: 3',
      'Number of entries: 2',
      'Members:',
      '10.100.0.10,udp:53',
      '10.100.0.1,tcp:443',
      '',
      'Name: KUBE-NODE-PORT-TCP',
      'Type: bitmap:port',
      'Revision: 3',
      'Header: range 0-65535',
      'References: 0',
      'Members:',
      '',
      'garbage',
    ].join('\n');
    const { value, warnings } = parseIpsetList(text);
    expect(value).toEqual([
      {
        name: 'KUBE-CLUSTER-IP',
        type: 'hash:ip,port',
        header: 'family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x1b2d3c4e',
        references: 3,
        entries: 2,
        members: ['10.100.0.10,udp:53', '10.100.0.1,tcp:443'],
        line: 1,
      },
      {
        name: 'KUBE-NODE-PORT-TCP',
        type: 'bitmap:port',
        header: 'range 0-65535',
        references: 0,
        entries: 0,
        members: [],
        line: 12,
      },
    ]);
    expect(warnings.map((w) => w.line)).toEqual([19]);
  });
});
