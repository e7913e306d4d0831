import type { Core, ElementDefinition } from 'cytoscape';
import type { ElementDiff } from './graph-diff';
import type { ElementData, GraphElement } from './graph-elements';
import type { Position } from './graph-layout';

/** How long new and changed elements stay highlighted, and removed ones take to fade. */
export const HIGHLIGHT_MS = 2_500;
export const FADE_MS = 400;

/**
 * The graph is flat for cytoscape: a container (VPC, subnet, node, ENI) is a plain node sized to
 * the box the preset layout gave it, drawn beneath its children, and `owner` names what holds an
 * element. Cytoscape's compound nodes recompute their bounds and walk their descendants on every
 * style and position change, which at 10k elements costs seconds (bench/topology-graph.ts).
 */
export function cyData(
  data: ElementData,
  position: Position | undefined,
): Omit<ElementData, 'parent'> & { owner?: string; bw?: number; bh?: number } {
  const { parent, ...rest } = data;
  return {
    ...rest,
    ...(parent === undefined ? {} : { owner: parent }),
    ...(position?.w === undefined ? {} : { bw: position.w, bh: position.h }),
  };
}

function definition(
  element: GraphElement,
  positions: ReadonlyMap<string, Position>,
): ElementDefinition {
  const position = positions.get(element.data.id);
  const data = cyData(element.data, position);
  return position === undefined
    ? { group: element.group, data }
    : { group: element.group, data, position: { x: position.x, y: position.y } };
}

/**
 * Applies one diff to the graph inside a single `cy.batch`: adds (highlighted unless `isFirst`),
 * data updates (highlighted), removals (faded out, then removed), and the preset position of
 * any leaf whose place moved. Returns what to un-highlight and remove later.
 */
export function applyDiff(
  cy: Core,
  diff: ElementDiff,
  positions: ReadonlyMap<string, Position>,
  isFirst: boolean,
  /** The positions applied last time: only places that changed are touched in cytoscape. */
  before?: ReadonlyMap<string, Position>,
  /** False when the view changed (Services shown, IPs collapsed), not the cluster: no news. */
  isNews = !isFirst,
  /** Added ids that are not news (a backlog still being drawn from an earlier list). */
  quiet: ReadonlySet<string> = new Set(),
): { highlighted: string[]; leaving: string[] } {
  const highlighted: string[] = [];
  const leaving: string[] = [];
  const readded = new Set(diff.add.map((element) => element.data.id));
  cy.batch(() => {
    for (const id of diff.remove) {
      const element = cy.getElementById(id);
      if (element.empty()) continue;
      if (readded.has(id) || !isNews) element.remove();
      else {
        element.addClass('is-leaving');
        leaving.push(id);
      }
    }
    // A fading element whose id comes back is dropped now, so the new one can take the id.
    for (const element of diff.add) {
      const stale = cy.getElementById(element.data.id);
      if (!stale.empty()) stale.remove();
    }
    const added = cy.add(diff.add.map((element) => definition(element, positions)));
    if (isNews) {
      const news = quiet.size === 0 ? added : added.filter((element) => !quiet.has(element.id()));
      news.addClass('is-new');
      highlighted.push(...news.map((element) => element.id()));
    }
    for (const element of diff.update) {
      const node = cy.getElementById(element.data.id);
      node.data(cyData(element.data, positions.get(element.data.id)));
      if (!isNews) continue;
      node.addClass('is-changed');
      highlighted.push(element.data.id);
    }
    if (!isFirst) {
      for (const [id, position] of positions) {
        const old = before?.get(id);
        // Added elements were placed by cy.add; the rest only when their place changed.
        if (readded.has(id) || (old !== undefined && samePlace(old, position))) continue;
        const node = cy.getElementById(id);
        if (node.empty()) continue;
        const now = node.position();
        if (now.x !== position.x || now.y !== position.y)
          node.position({ x: position.x, y: position.y });
        // A container grows (down and right) as children join; its box follows silently.
        if (
          position.w !== undefined &&
          (node.data('bw') !== position.w || node.data('bh') !== position.h)
        ) {
          node.data({ bw: position.w, bh: position.h });
        }
      }
    }
  });
  return { highlighted, leaving };
}

function samePlace(a: Position, b: Position): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/** Ends the highlight of `ids` and removes the faded `leaving` elements. */
export function settle(cy: Core, highlighted: readonly string[], leaving: readonly string[]): void {
  cy.batch(() => {
    for (const id of highlighted) cy.getElementById(id).removeClass('is-new is-changed');
    for (const id of leaving) {
      const element = cy.getElementById(id);
      if (element.hasClass('is-leaving')) element.remove();
    }
  });
}
