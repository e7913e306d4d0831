import { describe, expect, it } from 'vitest';
import {
  appendSnapshot,
  buildTimeline,
  chartColumns,
  emptyTimeline,
  type TimelineSnapshot,
} from './eni-timeline';
import type { TopologyEni, TopologyNode, TopologyPod } from './topology';

const LIMITS = { maxEnis: 3, ipsPerEni: 6, maxPods: 17 };

function eni(device: number, assigned: number, warm: number): TopologyEni {
  return {
    id: `eni-0abc${device}`,
    deviceNumber: device,
    interfaceName: `ens${5 + device}`,
    secondaryIps: [],
    slots: [
      { address: `10.0.${device}.1`, state: 'primary' },
      ...Array.from({ length: assigned }, (_, i) => ({
        address: `10.0.${device}.${10 + i}`,
        state: 'assigned' as const,
      })),
      ...Array.from({ length: warm }, (_, i) => ({
        address: `10.0.${device}.${100 + i}`,
        state: 'warm' as const,
      })),
    ],
    sources: ['test'],
  };
}

function node(nodeName: string, enis: TopologyEni[]): TopologyNode {
  return { nodeName, instanceType: 't3.medium', limits: LIMITS, enis, sources: ['test'] };
}

function pods(nodeName: string | undefined, count: number, phase = 'Running'): TopologyPod[] {
  return Array.from({ length: count }, (_, i) => ({
    namespace: 'default',
    name: `nginx-${nodeName ?? 'none'}-${phase}-${i}`,
    ...(nodeName === undefined ? {} : { nodeName }),
    phase,
    isHostNetwork: false,
    sources: ['test'],
  }));
}

const t = (s: number): string => new Date(Date.UTC(2026, 10, 23, 14, 0, s)).toISOString();

describe('ENI timeline', () => {
  const snapshots: TimelineSnapshot[] = [
    {
      collectedAt: t(0),
      nodes: [node('node2', [eni(0, 1, 4), eni(1, 0, 5)])],
      pods: pods('node2', 3),
    },
    {
      collectedAt: t(5),
      nodes: [node('node2', [eni(0, 5, 0), eni(1, 3, 2), eni(2, 0, 5)])],
      pods: pods('node2', 10),
    },
    {
      collectedAt: t(10),
      nodes: [node('node2', [eni(0, 5, 0), eni(1, 5, 0), eni(2, 5, 0)])],
      pods: [...pods('node2', 17), ...pods(undefined, 2, 'Pending')],
    },
    {
      collectedAt: t(15),
      nodes: [node('node2', [eni(0, 1, 4), eni(1, 0, 5)])],
      pods: pods('node2', 3),
    },
  ];
  const timeline = buildTimeline(snapshots);

  it('samples ENIs, IPs allocated / assigned / warm and pods per node', () => {
    expect(timeline.series.map((s) => s.nodeName)).toEqual(['node2']);
    expect(timeline.series[0]?.points).toEqual([
      { at: Date.parse(t(0)), enis: 2, ipsAllocated: 10, ipsAssigned: 1, ipsWarm: 9, pods: 3 },
      { at: Date.parse(t(5)), enis: 3, ipsAllocated: 15, ipsAssigned: 8, ipsWarm: 7, pods: 10 },
      { at: Date.parse(t(10)), enis: 3, ipsAllocated: 15, ipsAssigned: 15, ipsWarm: 0, pods: 17 },
      { at: Date.parse(t(15)), enis: 2, ipsAllocated: 10, ipsAssigned: 1, ipsWarm: 9, pods: 3 },
    ]);
  });

  it('tells attach, node full, Pending and detach as events', () => {
    expect(timeline.events.map((e) => [e.at - Date.parse(t(0)), e.text])).toEqual([
      [5000, 'eni-0abc2 attached to node2 as device 2 (ens7)'],
      [10000, 'node2 full: 17 pods, max pods 17'],
      [10000, 'pod nginx-none-Pending-0 Pending: node full'],
      [10000, 'pod nginx-none-Pending-1 Pending: node full'],
      [15000, 'eni-0abc2 detached from node2 as device 2 (ens7)'],
    ]);
    expect(timeline.events[0]).toMatchObject({
      kind: 'eni-attached',
      nodeName: 'node2',
      eniId: 'eni-0abc2',
      deviceNumber: 2,
      interfaceName: 'ens7',
    });
  });

  it('reports a pod waiting on a node that is not full as waiting for an IP, once', () => {
    const base = {
      collectedAt: t(0),
      nodes: [node('node1', [eni(0, 5, 0)])],
      pods: pods('node1', 5),
    };
    const waiting = {
      ...base,
      collectedAt: t(1),
      pods: [...pods('node1', 5), ...pods('node1', 1, 'Pending')],
    };
    const again = { ...waiting, collectedAt: t(2) };
    const { events } = buildTimeline([base, waiting, again]);
    const roomy = { ...base, nodes: [node('node1', [eni(0, 3, 2)])] };
    const starting = { ...roomy, collectedAt: t(1), pods: waiting.pods };
    expect(buildTimeline([roomy, starting]).events).toEqual([]);
    expect(events.map((e) => e.text)).toEqual([
      'pod nginx-node1-Pending-0 Pending: waiting for an IP on node1',
    ]);
  });

  it('skips snapshots out of order or without a date, and keeps its bounds', () => {
    const late = appendSnapshot(timeline, { ...snapshots[0]!, collectedAt: t(1) });
    expect(late.skipped).toBe(1);
    expect(late.series).toEqual(timeline.series);
    expect(appendSnapshot(emptyTimeline(), { ...snapshots[0]!, collectedAt: 'now' }).skipped).toBe(
      1,
    );
    const bounded = buildTimeline(snapshots, { maxPoints: 2, maxEvents: 1 });
    expect(bounded.series[0]?.points.map((p) => p.pods)).toEqual([17, 3]);
    expect(bounded.events.map((e) => e.kind)).toEqual(['eni-detached']);
  });

  it('gives uPlot columns in seconds', () => {
    const columns = chartColumns(timeline, 'node2');
    expect(columns?.[0]).toEqual([0, 5, 10, 15].map((s) => Date.parse(t(s)) / 1000));
    expect(columns?.slice(1)).toEqual([
      [2, 3, 3, 2],
      [10, 15, 15, 10],
      [1, 8, 15, 1],
      [9, 7, 0, 9],
      [3, 10, 17, 3],
    ]);
    expect(chartColumns(timeline, 'node9')).toBeUndefined();
  });
});
