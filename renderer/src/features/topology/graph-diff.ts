import type { ElementData, GraphElement } from './graph-elements';

export interface ElementDiff {
  add: GraphElement[];
  remove: string[];
  /** Elements whose data changed (a warm slot now assigned, a pod Running, …). */
  update: GraphElement[];
}

/**
 * What turns the graph of `prev` into the graph of `next`, by element id. An element whose
 * parent changed is removed and added again (cytoscape cannot re-parent inside a batch cheaply
 * and a move is news the user should see).
 */
export function diffElements(
  prev: readonly GraphElement[],
  next: readonly GraphElement[],
): ElementDiff {
  const before = new Map(prev.map((element) => [element.data.id, element]));
  const add: GraphElement[] = [];
  const update: GraphElement[] = [];
  const remove = new Set<string>();
  const seen = new Set<string>();
  for (const element of next) {
    seen.add(element.data.id);
    const old = before.get(element.data.id);
    if (old === undefined) add.push(element);
    else if (
      old.data.parent !== element.data.parent ||
      old.data.source !== element.data.source ||
      old.data.target !== element.data.target
    ) {
      remove.add(element.data.id);
      add.push(element);
    } else if (!sameData(old.data, element.data)) update.push(element);
  }
  for (const id of before.keys()) if (!seen.has(id)) remove.add(id);
  return { add, remove: [...remove], update };
}

/** Same defined values under the same keys; allocation-free, as it runs for every element. */
function sameData(a: ElementData, b: ElementData): boolean {
  let defined = 0;
  for (const key in a) {
    const value = a[key as keyof ElementData];
    if (value !== b[key as keyof ElementData]) return false;
    if (value !== undefined) defined++;
  }
  for (const key in b) if (b[key as keyof ElementData] !== undefined) defined--;
  return defined === 0;
}
