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

  it('positions every leaf, none overlapping', () => {
    const elements = toElements(model, FULL);
    const { positions } = presetLayout(elements, new Map());
    const parents = new Set(elements.map((element) => element.data.parent));
    const leaves = elements.filter(
      (element) => element.group === 'nodes' && !parents.has(element.data.id),
    );
    expect(positions.size).toBe(leaves.length);
    const taken = new Set([...positions.values()].map((p) => `${p.x},${p.y}`));
    expect(taken.size).toBe(positions.size);
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
    for (const [id, position] of first.positions) {
      if (id.startsWith('eni-free:')) continue; // a free ENI place is replaced by the ENI
      expect(next.positions.get(id), id).toEqual(position);
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
