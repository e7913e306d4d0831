import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { ADD_CHUNK, GraphApplier } from './graph-applier';
import { toElements } from './graph-elements';
import { presetLayout } from './graph-layout';
import { syntheticTopology, withMorePods } from './synthetic-topology';

const FULL = { showServices: false, collapseSlots: false };

/** A real cytoscape core without a renderer: styles, positions and classes behave as in the page. */
function setup() {
  const cy = cytoscape({ headless: true, styleEnabled: true });
  let painted = 0;
  const applier = new GraphApplier(cy, () => painted++);
  return { cy, applier, firstPaints: () => painted };
}

describe('GraphApplier', () => {
  const model = syntheticTopology({ nodes: 40, enisPerNode: 3, ipsPerEni: 20, podsPerNode: 50 });
  const elements = toElements(model, FULL);
  const layout = presetLayout(elements, new Map());

  it('draws a large graph outline first, then every element in steps, at its preset place', async () => {
    expect(elements.length).toBeGreaterThan(2 * ADD_CHUNK);
    const { cy, applier, firstPaints } = setup();
    applier.show(elements, layout.positions);
    const parents = new Set(elements.flatMap((element) => element.data.parent ?? []));
    // The first step is the containers alone.
    expect(new Set(cy.nodes().map((node) => node.id()))).toEqual(parents);
    expect(firstPaints()).toBe(1);
    await applier.settled();
    expect(cy.elements().length).toBe(elements.length);
    for (const element of elements.slice(0, 500)) {
      const at = layout.positions.get(element.data.id);
      if (at === undefined) continue;
      expect(cy.getElementById(element.data.id).position()).toEqual({ x: at.x, y: at.y });
    }
    // Nothing of the first drawing is news.
    expect(cy.elements('.is-new').length).toBe(0);
    applier.dispose();
  });

  it('highlights what a poll adds mid-way, not the backlog of the first drawing', async () => {
    const { cy, applier } = setup();
    applier.show(elements, layout.positions);
    const grown = withMorePods(model, 30);
    const next = toElements(grown, FULL);
    const nextLayout = presetLayout(next, layout.memory);
    applier.show(next, nextLayout.positions);
    await applier.settled();
    expect(cy.elements().length).toBe(next.length);
    const before = new Set(elements.map((element) => element.data.id));
    const added = next.filter((element) => !before.has(element.data.id));
    expect(added.length).toBe(30);
    expect(new Set(cy.elements('.is-new').map((element) => element.id()))).toEqual(
      new Set(added.map((element) => element.data.id)),
    );
    applier.dispose();
  });

  it('applies a small graph in one step, and flush draws any rest at once', () => {
    const small = syntheticTopology({ nodes: 2, enisPerNode: 2, ipsPerEni: 4, podsPerNode: 3 });
    const smallElements = toElements(small, FULL);
    const { cy, applier } = setup();
    applier.show(smallElements, presetLayout(smallElements, new Map()).positions);
    expect(cy.elements().length).toBe(smallElements.length);
    applier.show(elements, layout.positions);
    applier.flush();
    expect(cy.elements().length).toBe(elements.length);
    applier.dispose();
  });
});
