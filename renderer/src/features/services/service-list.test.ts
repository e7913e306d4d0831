/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import text from './fixtures/demo-node1-iptables-save-nat.txt?raw';
import { servicesFromIptables } from '../../../../shared/model/kube-proxy';
import { parseIptables } from '../../../../shared/parsers/iptables';
import {
  filterServices,
  namespacesOf,
  serviceAddress,
  serviceKey,
  serviceTitle,
  shortNode,
} from './service-list';

const ports = servicesFromIptables(parseIptables(text).value).value;

describe('service list', () => {
  it('lists every Service port of the demo node with its namespace', () => {
    expect(ports.map(serviceTitle).sort()).toEqual([
      'default/kubernetes:https',
      'default/nginx',
      'kube-system/kube-dns:dns',
      'kube-system/kube-dns:dns-tcp',
      'kube-system/kube-dns:metrics',
    ]);
    expect(namespacesOf(ports)).toEqual(['default', 'kube-system']);
    expect(new Set(ports.map(serviceKey)).size).toBe(ports.length);
  });

  it('filters by namespace and by words found in names, addresses and endpoint IPs', () => {
    expect(filterServices(ports, { query: '', namespace: 'kube-system' })).toHaveLength(3);
    expect(filterServices(ports, { query: 'dns-tcp', namespace: null }).map(serviceTitle)).toEqual([
      'kube-system/kube-dns:dns-tcp',
    ]);
    expect(
      filterServices(ports, { query: '192.168.3.193', namespace: null }).map(serviceTitle),
    ).toEqual(['default/nginx']);
    expect(filterServices(ports, { query: '/udp', namespace: null }).map(serviceTitle)).toEqual([
      'kube-system/kube-dns:dns',
    ]);
  });

  it('prints the address with protocol, and the NodePort when there is one', () => {
    const dns = ports.find((p) => p.portName === 'dns');
    expect(dns && serviceAddress(dns)).toBe('10.100.0.10:53/udp');
    expect(dns && serviceAddress({ ...dns, nodePort: 30053 })).toBe(
      '10.100.0.10:53/udp · NodePort 30053',
    );
  });
});

describe('shortNode', () => {
  it('keeps the first label of an EC2 private DNS name, anything else whole', () => {
    expect(shortNode('ip-192-168-1-37.ap-northeast-2.compute.internal')).toBe('ip-192-168-1-37');
    expect(shortNode('minikube-m02')).toBe('minikube-m02');
  });
});
