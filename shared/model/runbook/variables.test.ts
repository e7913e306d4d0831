import { describe, expect, it } from 'vitest';
import type { KubePod } from '../../parsers/kubectl/types';
import { bindFromOutput, pickPods, podVariables, shellWord, substitute } from './variables';
import { PodRequirement } from './schema';

describe('substitute', () => {
  it('replaces variables, quoting them for a command line', () => {
    expect(substitute('ping -c1 ${ip}', { ip: '10.0.0.1' }, true)).toEqual({
      ok: true,
      value: 'ping -c1 10.0.0.1',
    });
    expect(substitute('echo ${x}', { x: 'a; rm -rf /' }, true)).toEqual({
      ok: true,
      value: "echo 'a; rm -rf /'",
    });
    expect(substitute('echo ${x}', { x: '$(id)' }, true)).toEqual({
      ok: true,
      value: 'echo \\$\\(id\\)',
    });
    expect(substitute('${x} raw', { x: 'a b' })).toEqual({ ok: true, value: 'a b raw' });
  });
  it('names every unbound variable', () => {
    expect(substitute('${a} ${b.0.ip}', {})).toEqual({
      ok: false,
      error: 'not bound: ${a}, ${b.0.ip}',
    });
  });
  it('leaves plain words (IPs, MACs, Service names) unquoted', () => {
    expect(shellWord('02:8b:30:dd:f5:ee')).toBe('02:8b:30:dd:f5:ee');
    expect(shellWord('default/nginx')).toBe('default/nginx');
    expect(shellWord('a b')).toBe("'a b'");
  });
});

describe('bindFromOutput', () => {
  it('takes the first group of the first match, or the whole match', () => {
    expect(
      bindFromOutput(
        '^1536:\\s+from (\\S+) lookup',
        '512:\tfrom all\n1536:\tfrom 192.168.1.116 lookup 2\n',
      ),
    ).toBe('192.168.1.116');
    expect(bindFromOutput('\\d+\\.\\d+', 'x 10.5 y')).toBe('10.5');
    expect(bindFromOutput('nope', 'text')).toBeUndefined();
    expect(bindFromOutput('(', 'text')).toBeUndefined();
  });
});

describe('pickPods', () => {
  const pod = (
    name: string,
    node: string,
    extra: Partial<Omit<KubePod, 'path'>> = {},
  ): KubePod => ({
    path: `items[${name}]`,
    namespace: 'default',
    name,
    labels: { app: 'nginx' },
    podIP: `10.0.${node}.${name.length}`,
    podIPs: [],
    hostIP: `192.168.${node}.10`,
    hostIPs: [],
    nodeName: `n${node}`,
    phase: 'Running',
    hostNetwork: false,
    ownerReferences: [],
    containers: [],
    initContainers: [],
    ...extra,
  });
  const req = PodRequirement.parse({ name: 'web', selector: 'app=nginx', min: 2, nodes: 2 });
  const hostOfIp = (ip: string) => `node${ip.split('.')[2]}`;

  it('spreads the first pods over nodes and binds their host', () => {
    const found = pickPods(req, [pod('a', '1'), pod('b', '1'), pod('c', '2')], hostOfIp);
    expect(found.problem).toBeUndefined();
    expect(found.pods.map((p) => [p.name, p.hostId])).toEqual([
      ['a', 'node1'],
      ['c', 'node2'],
      ['b', 'node1'],
    ]);
    expect(podVariables('web', found.pods)).toMatchObject({
      'web.count': '3',
      'web.1.host': 'node2',
      'web.0.ip': '10.0.1.1',
    });
  });
  it('skips pods that are not running, host-network or unlabelled, and says what is missing', () => {
    const found = pickPods(
      req,
      [
        pod('a', '1'),
        pod('b', '2', { phase: 'Pending' }),
        pod('c', '2', { hostNetwork: true }),
        pod('d', '2', { labels: {} }),
      ],
      hostOfIp,
    );
    expect(found.problem).toBe('needs 2 running pods (default -l app=nginx), found 1');
    const oneNode = pickPods(req, [pod('a', '1'), pod('b', '1')], hostOfIp);
    expect(oneNode.problem).toBe('needs pods on 2 nodes (default -l app=nginx), found them on 1');
  });
});
