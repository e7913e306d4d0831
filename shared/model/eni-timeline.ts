/**
 * The ENI timeline: from successive topology snapshots, a time series per node (ENIs attached,
 * IPs allocated / assigned / warm, pods) and the events between snapshots — an ENI attached or
 * detached, a node reaching max pods, a pod left Pending. Pure: each snapshot folds into a new
 * timeline value, so a poller keeps one value and the view redraws from it.
 */
import { eniCounts, nodeLimits } from './eni-capacity';
import type { PodRef } from './lab-overview';
import type { Topology, TopologyEni, TopologyNode, TopologyPod } from './topology';

/** One sample of a node. `at` is epoch milliseconds (the snapshot's `collectedAt`). */
export interface TimelinePoint {
  at: number;
  enis: number;
  ipsAllocated: number;
  ipsAssigned: number;
  ipsWarm: number;
  pods: number;
}

/** Something that happened between two snapshots. `text` is the line the events list shows. */
export type TimelineEvent =
  | {
      kind: 'eni-attached' | 'eni-detached';
      at: number;
      nodeName: string;
      eniId?: string;
      deviceNumber?: number;
      interfaceName?: string;
      text: string;
    }
  | { kind: 'node-full'; at: number; nodeName: string; pods: number; text: string }
  | {
      kind: 'pod-pending';
      at: number;
      pod: PodRef;
      nodeName?: string;
      reason: string;
      text: string;
    };

/** A snapshot as the timeline reads it. */
export type TimelineSnapshot = Pick<Topology, 'collectedAt' | 'nodes' | 'pods'>;

/** The timeline so far, plus what it remembers of the last snapshot to find the next events. */
export interface EniTimeline {
  /** Samples per node, oldest first; nodes in the order they first appeared. */
  series: { nodeName: string; points: TimelinePoint[] }[];
  /** Events, oldest first. */
  events: TimelineEvent[];
  /** Snapshots the timeline could not place (bad `collectedAt`, or older than the last one). */
  skipped: number;
  last?: {
    at: number;
    enis: Map<string, Map<string, TopologyEni>>;
    fullNodes: Set<string>;
    pending: Set<string>;
  };
}

/** Bounds on what a timeline keeps, so a poller running for hours stays small. */
export interface TimelineLimits {
  maxPoints: number;
  maxEvents: number;
}

const DEFAULT_LIMITS: TimelineLimits = { maxPoints: 720, maxEvents: 500 };

/** An empty timeline. */
export function emptyTimeline(): EniTimeline {
  return { series: [], events: [], skipped: 0 };
}

function nodeKey(node: TopologyNode, index: number): string {
  return node.nodeName ?? node.instanceId ?? `node ${index + 1}`;
}

function eniKey(eni: TopologyEni): string {
  return eni.id ?? eni.mac ?? `device ${eni.deviceNumber ?? eni.interfaceName ?? '?'}`;
}

function eniEvent(
  kind: 'eni-attached' | 'eni-detached',
  at: number,
  nodeName: string,
  eni: TopologyEni,
): TimelineEvent {
  const name = eni.id ?? 'an ENI';
  const where =
    eni.deviceNumber === undefined
      ? eni.interfaceName === undefined
        ? ''
        : ` (${eni.interfaceName})`
      : ` as device ${eni.deviceNumber}${eni.interfaceName === undefined ? '' : ` (${eni.interfaceName})`}`;
  const text =
    kind === 'eni-attached'
      ? `${name} attached to ${nodeName}${where}`
      : `${name} detached from ${nodeName}${where}`;
  return {
    kind,
    at,
    nodeName,
    ...(eni.id === undefined ? {} : { eniId: eni.id }),
    ...(eni.deviceNumber === undefined ? {} : { deviceNumber: eni.deviceNumber }),
    ...(eni.interfaceName === undefined ? {} : { interfaceName: eni.interfaceName }),
    text,
  };
}

const podKey = (pod: TopologyPod): string => `${pod.namespace}/${pod.name}`;

/**
 * Why a Pending pod waits, as far as the snapshot tells; undefined for a pod that is only starting
 * (bound to a node that still has warm IPs), which every scale-out shows for a moment.
 */
function pendingReason(
  pod: TopologyPod,
  full: Set<string>,
  warm: Map<string, number>,
  snapshot: TimelineSnapshot,
): string | undefined {
  if (pod.nodeName !== undefined) {
    if (full.has(pod.nodeName)) return 'node full';
    return warm.get(pod.nodeName) === 0 ? `waiting for an IP on ${pod.nodeName}` : undefined;
  }
  const withLimits = snapshot.nodes
    .map((n, i) => ({ key: nodeKey(n, i), limits: nodeLimits(n) }))
    .filter((n) => n.limits !== undefined);
  if (withLimits.length > 0 && withLimits.every((n) => full.has(n.key))) return 'node full';
  return 'not scheduled';
}

/**
 * Folds one snapshot into the timeline: a sample per node, and the events since the previous
 * snapshot (none for the first, which only sets the baseline). A snapshot whose `collectedAt` is
 * not a date or is older than the last one is counted in `skipped` and changes nothing else.
 */
export function appendSnapshot(
  timeline: EniTimeline,
  snapshot: TimelineSnapshot,
  limits: TimelineLimits = DEFAULT_LIMITS,
): EniTimeline {
  const at = Date.parse(snapshot.collectedAt);
  if (Number.isNaN(at) || (timeline.last !== undefined && at < timeline.last.at))
    return { ...timeline, skipped: timeline.skipped + 1 };
  const previous = timeline.last;
  const events: TimelineEvent[] = [];
  const series = timeline.series.map((s) => ({ ...s }));
  const enis = new Map<string, Map<string, TopologyEni>>();
  const fullNodes = new Set<string>();
  const warm = new Map<string, number>();

  snapshot.nodes.forEach((node, index) => {
    const nodeName = nodeKey(node, index);
    const counts = eniCounts(node, snapshot.pods);
    const point: TimelinePoint = { at, ...counts };
    warm.set(nodeName, counts.ipsWarm);
    const entry = series.find((s) => s.nodeName === nodeName);
    if (entry === undefined) series.push({ nodeName, points: [point] });
    else entry.points = [...entry.points, point].slice(-limits.maxPoints);

    const now = new Map(node.enis.map((eni) => [eniKey(eni), eni]));
    enis.set(nodeName, now);
    const before = previous?.enis.get(nodeName);
    if (before !== undefined) {
      for (const [key, eni] of now)
        if (!before.has(key)) events.push(eniEvent('eni-attached', at, nodeName, eni));
      for (const [key, eni] of before)
        if (!now.has(key)) events.push(eniEvent('eni-detached', at, nodeName, eni));
    }
    const capacity = nodeLimits(node);
    if (capacity !== undefined && counts.pods >= capacity.maxPods) {
      fullNodes.add(nodeName);
      if (previous !== undefined && !previous.fullNodes.has(nodeName))
        events.push({
          kind: 'node-full',
          at,
          nodeName,
          pods: counts.pods,
          text: `${nodeName} full: ${counts.pods} pods, max pods ${capacity.maxPods}`,
        });
    }
  });

  const pending = new Set<string>();
  for (const pod of snapshot.pods) {
    if (pod.phase !== 'Pending') continue;
    const key = podKey(pod);
    if (previous?.pending.has(key) === true) {
      pending.add(key);
      continue;
    }
    const reason = pendingReason(pod, fullNodes, warm, snapshot);
    // A starting pod is not remembered, so it is reported if it later waits for an IP.
    if (reason === undefined) continue;
    pending.add(key);
    if (previous === undefined) continue;
    events.push({
      kind: 'pod-pending',
      at,
      pod: { namespace: pod.namespace, name: pod.name },
      ...(pod.nodeName === undefined ? {} : { nodeName: pod.nodeName }),
      reason,
      text: `pod ${pod.name} Pending: ${reason}`,
    });
  }

  return {
    series,
    events: [...timeline.events, ...events].slice(-limits.maxEvents),
    skipped: timeline.skipped,
    last: { at, enis, fullNodes, pending },
  };
}

/** A timeline built from snapshots in order. */
export function buildTimeline(
  snapshots: readonly TimelineSnapshot[],
  limits: TimelineLimits = DEFAULT_LIMITS,
): EniTimeline {
  return snapshots.reduce((t, s) => appendSnapshot(t, s, limits), emptyTimeline());
}

/**
 * Columns for a chart of one node: x in seconds (what uPlot reads), then one array per measure.
 * Undefined when the node has no samples.
 */
export function chartColumns(
  timeline: EniTimeline,
  nodeName: string,
): [number[], number[], number[], number[], number[], number[]] | undefined {
  const points = timeline.series.find((s) => s.nodeName === nodeName)?.points;
  if (points === undefined || points.length === 0) return undefined;
  return [
    points.map((p) => p.at / 1000),
    points.map((p) => p.enis),
    points.map((p) => p.ipsAllocated),
    points.map((p) => p.ipsAssigned),
    points.map((p) => p.ipsWarm),
    points.map((p) => p.pods),
  ];
}
