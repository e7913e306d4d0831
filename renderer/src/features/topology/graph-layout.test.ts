import { describe, expect, it } from 'vitest';
import { toElements } from './graph-elements';
import { presetLayout } from './graph-layout';
import { syntheticTopology, withMorePods } from './synthetic-topology';

const FULL = { showServices: false, collapseSlots: false };

describe('presetLayout', () => {
  const model = syntheticTopology({
    nodes: 6,
    enisPerNode: 2,
    ipsPerEni: 6,
    podsPerNode: 4,
    maxEnis: 3,
  });

  it('positions every leaf, none overlapping, and gives every container its box', () => {
    const elements = toElements(model, FULL);
    const { positions } = presetLayout(elements, new Map());
    const parents = new Set(elements.flatMap((element) => element.data.parent ?? []));
    const nodes = elements.filter((element) => element.group === 'nodes');
    const leaves = nodes.filter((element) => !parents.has(element.data.id));
    const boxes = [...positions].filter(([, p]) => p.w !== undefined);
    expect(positions.size).toBe(nodes.length);
    expect(new Set(boxes.map(([id]) => id))).toEqual(parents);
    const taken = new Set(
      [...positions.values()].filter((p) => p.w === undefined).map((p) => `${p.x},${p.y}`),
    );
    expect(taken.size).toBe(leaves.length);
    // Each child sits inside its container's box.
    for (const element of nodes) {
      const parent = element.data.parent;
      if (parent === undefined) continue;
      const box = positions.get(parent)!;
      const at = positions.get(element.data.id)!;
      expect(Math.abs(at.x - box.x), element.data.id).toBeLessThan(box.w! / 2);
      expect(Math.abs(at.y - box.y), element.data.id).toBeLessThan(box.h! / 2);
    }
  });

  it('puts each pod on its slot’s row, to its right', () => {
    const { positions } = presetLayout(toElements(model, FULL), new Map());
    const slot = positions.get('ip:10.0.0.20')!;
    const pod = positions.get('pod:default/app-0-0-0')!;
    expect(pod.y).toBe(slot.y);
    expect(pod.x).toBeGreaterThan(slot.x);
  });

  it('is deterministic', () => {
    const elements = toElements(model, FULL);
    expect(presetLayout(elements, new Map()).positions).toEqual(
      presetLayout(elements, new Map()).positions,
    );
  });

  it('keeps every existing element in place when pods, ENIs and nodes are added', () => {
    const first = presetLayout(toElements(model, FULL), new Map());
    const grown = syntheticTopology({
      nodes: 7,
      enisPerNode: 3,
      ipsPerEni: 6,
      podsPerNode: 4,
      maxEnis: 3,
    });
    const next = presetLayout(toElements(withMorePods(grown, 10), FULL), first.memory);
    const topLeft = (p: { x: number; y: number; w?: number; h?: number }) => ({
      x: p.x - (p.w ?? 0) / 2,
      y: p.y - (p.h ?? 0) / 2,
    });
    for (const [id, position] of first.positions) {
      if (id.startsWith('eni-free:')) continue; // a free ENI place is replaced by the ENI
      // Leaves stay put; containers keep their top-left corner and may only grow.
      expect(topLeft(next.positions.get(id)!), id).toEqual(topLeft(position));
      if (position.w !== undefined) {
        expect(next.positions.get(id)!.w, id).toBeGreaterThanOrEqual(position.w);
        expect(next.positions.get(id)!.h, id).toBeGreaterThanOrEqual(position.h!);
      }
    }
    expect(next.positions.size).toBeGreaterThan(first.positions.size);
  });

  it('keeps the remembered order when the source lists children differently', () => {
    const first = presetLayout(toElements(model, FULL), new Map());
    const reversed = {
      ...model,
      nodes: [...model.nodes].reverse(),
      subnets: [...model.subnets].reverse(),
    };
    const next = presetLayout(toElements(reversed, FULL), first.memory);
    expect(next.positions).toEqual(first.positions);
  });

  it('puts a new ENI where the free place was', () => {
    const first = presetLayout(toElements(model, FULL), new Map());
    const grown = syntheticTopology({
      nodes: 6,
      enisPerNode: 3,
      ipsPerEni: 6,
      podsPerNode: 4,
      maxEnis: 3,
    });
    const next = presetLayout(toElements(grown, FULL), first.memory);
    const ghost = first.positions.get('eni-free:node1:2')!;
    const primary = next.positions.get('ip:10.0.2.10')!;
    expect(Math.abs(primary.y - ghost.y)).toBeLessThan(80);
    expect(Math.abs(primary.x - ghost.x)).toBeLessThan(140);
  });
});
