import type { Core } from 'cytoscape';
import { applyDiff, FADE_MS, HIGHLIGHT_MS, settle } from './cy-apply';
import { diffElements } from './graph-diff';
import type { GraphElement } from './graph-elements';
import type { Position } from './graph-layout';

/**
 * At most this many elements are added to cytoscape per step. A step costs cytoscape its style,
 * bounds and a redraw, growing with the elements added: the first paint of a 10k-element graph
 * took 5–15 s here in one batch, so a large graph is drawn containers first and filled in over
 * the next frames, while the page stays responsive (bench/topology-graph.ts).
 */
export const ADD_CHUNK = 1_500;

const EMPTY: ReadonlySet<string> = new Set();

/** A paint in the page; a timer where there is none (unit tests run cytoscape headless). */
function nextFrame(run: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(run);
    return () => cancelAnimationFrame(id);
  }
  const timer = setTimeout(run, 16);
  return () => clearTimeout(timer);
}

/** Containers before leaves before edges: a step then draws the graph's outline first. */
function rank(element: GraphElement, parents: ReadonlySet<string>): number {
  if (element.group === 'edges') return 2;
  return parents.has(element.data.id) ? 0 : 1;
}

/**
 * Keeps a cytoscape graph in step with the latest element list: each `show` is applied as a diff
 * against what is drawn, its additions in steps of `ADD_CHUNK` (one paint between steps), so a
 * poll arriving mid-way diffs against what was really drawn. Additions the previous list already
 * had (a backlog still being drawn) are not highlighted as news.
 */
export class GraphApplier {
  private shown: readonly GraphElement[] = [];
  private placed: ReadonlyMap<string, Position> = new Map();
  private target: readonly GraphElement[] = [];
  private positions: ReadonlyMap<string, Position> = new Map();
  private isNews = false;
  /** Ids the previous list had: their late addition is a backlog, not news. */
  private known: ReadonlySet<string> = new Set();
  /** Cancels the scheduled next step. */
  private pending: (() => void) | null = null;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private drained: (() => void)[] = [];

  constructor(
    private readonly cy: Core,
    /** Called once after the first step that drew anything (to fit the view). */
    private readonly onFirstPaint: () => void = () => undefined,
  ) {}

  /** Draw `elements` at `positions`; `isViewChange`: the user changed the view, not the cluster. */
  show(
    elements: readonly GraphElement[],
    positions: ReadonlyMap<string, Position>,
    isViewChange = false,
  ): void {
    const isFirst = this.target.length === 0;
    // Only a list still being drawn leaves a backlog worth telling apart from news.
    this.known =
      this.pending === null ? EMPTY : new Set(this.target.map((element) => element.data.id));
    this.target = elements;
    this.positions = positions;
    this.isNews = !isFirst && !isViewChange;
    this.cancel();
    this.step();
  }

  /** Draw whatever is left now (before an export). */
  flush(): void {
    this.cancel();
    while (this.step(Infinity));
  }

  /** Resolves once everything shown so far is drawn. */
  settled(): Promise<void> {
    if (this.pending === null) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  dispose(): void {
    this.cancel();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private cancel(): void {
    this.pending?.();
    this.pending = null;
  }

  /** One step: removals, updates and up to `limit` additions. True while additions remain. */
  private step(limit = ADD_CHUNK): boolean {
    const cy = this.cy;
    if (cy.destroyed()) return false;
    const wasEmpty = this.shown.length === 0;
    const diff = diffElements(this.shown, this.target);
    let add = diff.add;
    if (add.length > limit) {
      // A step adds one rank only: the first draws just the containers, the outline.
      const parents = new Set<string>();
      for (const element of this.target)
        if (element.data.parent !== undefined) parents.add(element.data.parent);
      const ranked = add.map((element) => ({ element, rank: rank(element, parents) }));
      const lowest = Math.min(...ranked.map((entry) => entry.rank));
      add = ranked
        .filter((entry) => entry.rank === lowest)
        .slice(0, limit)
        .map((entry) => entry.element);
    }
    const quiet = new Set<string>();
    if (this.known.size > 0)
      for (const element of add) if (this.known.has(element.data.id)) quiet.add(element.data.id);
    const { highlighted, leaving } = applyDiff(
      cy,
      { add, remove: diff.remove, update: diff.update },
      this.positions,
      wasEmpty,
      this.placed,
      this.isNews,
      quiet,
    );
    this.placed = this.positions;
    const isDone = add.length === diff.add.length;
    if (isDone) this.shown = this.target;
    else {
      const drawn = new Set(this.shown.map((element) => element.data.id));
      for (const id of diff.remove) drawn.delete(id);
      for (const element of add) drawn.add(element.data.id);
      this.shown = this.target.filter((element) => drawn.has(element.data.id));
    }
    if (wasEmpty && this.shown.length > 0) this.onFirstPaint();
    this.later(() => settle(cy, [], leaving), leaving.length > 0 ? FADE_MS : -1);
    this.later(() => settle(cy, highlighted, []), highlighted.length > 0 ? HIGHLIGHT_MS : -1);
    if (isDone) {
      for (const resolve of this.drained.splice(0)) resolve();
      return false;
    }
    // The next step after this one has painted, so the outline shows and input is handled.
    this.pending = nextFrame(() => {
      this.pending = nextFrame(() => {
        this.pending = null;
        this.step();
      });
    });
    return true;
  }

  /** Not cleared by the next update: a highlight or fade in progress finishes on its own. */
  private later(run: () => void, ms: number): void {
    if (ms < 0) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.cy.destroyed()) run();
    }, ms);
    this.timers.add(timer);
  }
}
