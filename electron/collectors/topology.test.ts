import { describe, expect, test } from 'vitest';
import { Topology } from '../../shared/model/topology';
import { createDemoLab } from '../demo';
import { collectTopology } from './topology';

describe('collectTopology on the demo lab', () => {
  test('every pod with an IP is on the ENI the demo model gave it', async () => {
    const lab = createDemoLab();
    const topology = Topology.parse(await collectTopology('demo', lab.hosts));
    expect(topology.warnings).toEqual([]);
    const cluster = lab.model.cluster;
    const expected = cluster.pods
      .filter((p) => p.network && !p.hostNetwork)
      .map((p) => `${p.namespace}/${p.name} ${p.network?.ip} ${p.network?.eniId}`)
      .sort();
    const got = topology.pods
      .filter((p) => !p.isHostNetwork)
      .map((p) => `${p.namespace}/${p.name} ${p.ip} ${p.eniId}`)
      .sort();
    expect(got).toEqual(expected);
  });
});
