import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { parseKubectlJson } from './json';
import { parseKubectlTable } from './table';
import { parseKubectlPodsWide } from './wide';

describeWithFixtures('kubectl over the fixture kit', (kit) => {
  it('reads 20 EKS pods; hostNetwork pods carry their node IP', () => {
    const { value, warnings } = parseKubectlPodsWide(
      kit.read('kubectl/get-pods-A-owide-eks-2nodes.txt'),
    );
    expect(warnings).toEqual([]);
    expect(value).toHaveLength(20);
    const nodeIp: Record<string, string> = {
      'ip-172-31-23-106.ap-southeast-2.compute.internal': '172.31.23.106',
      'ip-172-31-13-227.ap-southeast-2.compute.internal': '172.31.13.227',
    };
    const hostNetwork = value.filter((p) =>
      /^(aws-node|kube-proxy|nsenter|eks-pod-identity-agent)-/.test(p.name),
    );
    expect(hostNetwork).toHaveLength(8);
    for (const p of hostNetwork) expect(p.podIP).toBe(nodeIp[p.nodeName ?? '']);
    const coredns = value.filter((p) => p.name.startsWith('coredns-'));
    expect(coredns.map((p) => [p.podIP, p.nodeName])).toEqual([
      ['172.31.20.89', 'ip-172-31-23-106.ap-southeast-2.compute.internal'],
      ['172.31.31.116', 'ip-172-31-23-106.ap-southeast-2.compute.internal'],
    ]);
    expect(value[0]).toMatchObject({
      namespace: 'default',
      name: 'nsenter-5jrzw3',
      ready: '1/1',
      status: 'Running',
      restarts: 0,
      age: '26m',
      line: 2,
    });
    expect(
      value.every((p) => p.nominatedNode === undefined && p.readinessGates === undefined),
    ).toBe(true);
  });

  it('keeps NOMINATED NODE and READINESS GATES as columns of the raw table', () => {
    const { value } = parseKubectlTable(kit.read('kubectl/get-pods-A-owide-eks-2nodes.txt'));
    expect(value[0]?.columns).toEqual([
      'NAMESPACE',
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'IP',
      'NODE',
      'NOMINATED NODE',
      'READINESS GATES',
    ]);
    expect(value[0]?.rows[0]?.cells['READINESS GATES']).toBe('<none>');
  });

  it('reads the trunk-ENI node: branch-ENI pods and coredns, all on one node', () => {
    const { value, warnings } = parseKubectlPodsWide(
      kit.read('kubectl/get-pods-A-owide-eks-trunk.txt'),
    );
    expect(warnings).toEqual([]);
    expect(value.filter((p) => p.name.startsWith('my-deployment-')).map((p) => p.podIP)).toEqual([
      '172.31.2.37',
      '172.31.9.169',
    ]);
    expect(value.filter((p) => p.name.startsWith('coredns-')).map((p) => p.podIP)).toEqual([
      '172.31.12.149',
      '172.31.3.129',
    ]);
    expect(new Set(value.map((p) => p.nodeName))).toEqual(
      new Set(['ip-172-31-0-225.ap-southeast-2.compute.internal']),
    );
  });

  it('reads a single GKE pod without podIPs', () => {
    const { value, warnings } = parseKubectlJson(
      kit.read('kubectl/get-pod-o-json-gke-k9s-p1.json'),
    );
    expect(warnings).toEqual([]);
    expect(value.pods).toHaveLength(1);
    expect(value.pods[0]).toMatchObject({
      path: '',
      namespace: 'default',
      name: 'nginx-7fb78fb6d8-2w75j',
      podIP: '10.44.0.229',
      podIPs: ['10.44.0.229'],
      hostIP: '10.128.0.15',
      nodeName: 'gke-k9s-default-pool-0fa2fb89-lbtf',
      phase: 'Running',
      hostNetwork: false,
      ownerReferences: [{ kind: 'ReplicaSet', name: 'nginx-7fb78fb6d8', controller: true }],
    });
    expect(value.pods[0]?.containers).toEqual([
      {
        name: 'nginx',
        image: 'k8s.gcr.io/nginx-slim:0.8',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
      },
    ]);
  });

  it('reads a kind pod with podIPs, hostIPs and a native sidecar', () => {
    const { value, warnings } = parseKubectlJson(
      kit.read('kubectl/get-pod-o-json-kind-sidecar-k9s.json'),
    );
    expect(warnings).toEqual([]);
    const pod = value.pods[0];
    expect(pod).toMatchObject({
      podIP: '10.244.0.8',
      podIPs: ['10.244.0.8'],
      hostIPs: ['172.18.0.2'],
      nodeName: 'kind-control-plane',
    });
    expect(pod?.initContainers.map((c) => [c.name, c.isSidecar === true])).toEqual([
      ['init', false],
      ['sidecar', true],
    ]);
  });
});

describe('kubectl edge cases', () => {
  it('reads a List, a PodList without kinds and rejects what is not JSON', () => {
    const list = JSON.stringify({
      kind: 'List',
      items: [
        { kind: 'Pod', metadata: { name: 'a', namespace: 'n' }, status: { podIP: '10.0.0.1' } },
      ],
    });
    expect(parseKubectlJson(list).value.pods[0]).toMatchObject({
      name: 'a',
      podIP: '10.0.0.1',
      path: 'items[0]',
    });
    const svcList = JSON.stringify({
      kind: 'ServiceList',
      items: [{ metadata: { name: 's' }, spec: {} }],
    });
    expect(parseKubectlJson(svcList).value.services[0]?.name).toBe('s');
    expect(parseKubectlJson('NAME READY\nx 1/1').warnings[0]?.message).toMatch(/not valid JSON/);
    expect(parseKubectlJson('[]').warnings[0]?.message).toMatch(/expected an object/);
  });

  it('warns about misaligned rows and rows before a header', () => {
    const { value, warnings } = parseKubectlTable(
      'oops\nNAME   READY   STATUS\nabcdefghijk 1/1 Running extra\n',
    );
    expect(value[0]?.rows[0]?.cells.NAME).toBe('abcdefg');
    expect(warnings.map((w) => w.line)).toEqual([1, 3]);
  });

  it('falls back to whitespace when a row straddles the columns but has one token per column', () => {
    const { value, warnings } = parseKubectlTable(
      'NAME   READY   STATUS\nabcdefghijk 1/1 Running\n',
    );
    expect(warnings).toEqual([]);
    expect(value[0]?.rows[0]?.cells).toEqual({
      NAME: 'abcdefghijk',
      READY: '1/1',
      STATUS: 'Running',
    });
  });
});
