import { describe, expect, it } from 'vitest';
import { diffElements } from './graph-diff';
import type { GraphElement } from './graph-elements';

const node = (id: string, extra: Partial<GraphElement['data']> = {}): GraphElement => ({
  group: 'nodes',
  data: { id, kind: 'slot', label: id, ...extra },
});

describe('diffElements', () => {
  it('finds added, removed and changed elements by id', () => {
    const diff = diffElements(
      [node('a'), node('b', { state: 'warm' }), node('c')],
      [node('a'), node('b', { state: 'assigned' }), node('d')],
    );
    expect(diff.add.map((element) => element.data.id)).toEqual(['d']);
    expect(diff.remove).toEqual(['c']);
    expect(diff.update.map((element) => element.data.id)).toEqual(['b']);
  });

  it('treats a new parent as remove and add, and an absent field as a change', () => {
    const diff = diffElements(
      [node('p', { parent: 'eni:1' }), node('q', { ref: 'x' })],
      [node('p', { parent: 'eni:2' }), node('q')],
    );
    expect(diff.remove).toEqual(['p']);
    expect(diff.add.map((element) => element.data.id)).toEqual(['p']);
    expect(diff.update.map((element) => element.data.id)).toEqual(['q']);
  });

  it('is empty between equal graphs', () => {
    expect(diffElements([node('a')], [node('a')])).toEqual({ add: [], remove: [], update: [] });
  });
});
