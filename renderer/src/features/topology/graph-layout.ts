import type { ElementKind, GraphElement } from './graph-elements';

export interface Position {
  x: number;
  y: number;
  /** For a container (VPC, subnet, node, ENI…): the size of its box, drawn as a plain node. */
  w?: number;
  h?: number;
}

/** The order children were placed in, per container: what keeps old elements where they were. */
export type LayoutMemory = ReadonlyMap<string, readonly string[]>;

export interface Layout {
  /** Centres of the leaf nodes, and centre and size of each container's box. */
  positions: Map<string, Position>;
  memory: LayoutMemory;
}

/** Leaf sizes; the stylesheet draws leaves at exactly these. */
export const LEAF_SIZE: Partial<Record<ElementKind, { w: number; h: number }>> = {
  slot: { w: 92, h: 18 },
  pod: { w: 150, h: 18 },
  hostnet: { w: 246, h: 18 },
  operator: { w: 170, h: 36 },
  service: { w: 190, h: 36 },
  'eni-free': { w: 262, h: 60 },
  eni: { w: 246, h: 36 },
};
/** A pod without a slot is drawn wider: its label says why. */
export const LOOSE_POD_WIDTH = 300;

const ROW = 22;
const POD_X = 96;
const PAD = 8;
/** Room above a compound's box for its label (lines × line height). */
const LABEL: Partial<Record<ElementKind, number>> = {
  vpc: 34,
  subnet: 48,
  node: 34,
  eni: 18,
  unplaced: 18,
  services: 18,
};
const GAP: Partial<Record<ElementKind | 'root', number>> = {
  root: 120,
  vpc: 28,
  subnet: 24,
  node: 12,
  unplaced: 4,
  services: 8,
};
/** Nodes fill a subnet column by column: a new node grows its column down, moving nobody. */
const NODES_PER_COLUMN = 6;

/**
 * A measured box. Children keep offsets relative to their box; absolute places are written once,
 * top-down, at the end (copying every leaf's place at each of five levels cost more than the
 * rest of the layout at 10k elements).
 */
interface Box {
  w: number;
  h: number;
  /** A leaf's or container's element id; absent for an arrangement's anonymous group. */
  id?: string;
  /** For a container: its drawn box (centre and size, relative to this box's corner). */
  own?: readonly [number, number, number, number];
  kids: Kid[];
}

/** A child box and its offset inside its parent. */
type Kid = [Box, number, number];

/**
 * A deterministic preset layout: nested shelf packing of the compounds (subnets side by side in
 * a VPC, nodes in columns of six in a subnet, ENIs one under another in a node, IP slots one per row in an
 * ENI with their pod beside them). Boxes grow only down and to the right, and children keep the
 * order they had in `memory`, new ones appended, so adding elements never moves existing ones.
 */
export function presetLayout(elements: readonly GraphElement[], memory: LayoutMemory): Layout {
  const children = new Map<string, GraphElement['data'][]>();
  const kinds = new Map<string, ElementKind>();
  for (const element of elements) {
    if (element.group !== 'nodes') continue;
    kinds.set(element.data.id, element.data.kind);
    const parent = element.data.parent ?? '';
    const list = children.get(parent);
    if (list === undefined) children.set(parent, [element.data]);
    else list.push(element.data);
  }
  const nextMemory = new Map<string, string[]>();
  const ordered = (parent: string): GraphElement['data'][] => {
    const list = children.get(parent) ?? [];
    const previous = memory.get(parent);
    if (previous === undefined) {
      nextMemory.set(
        parent,
        list.map((data) => data.id),
      );
      return list;
    }
    const byId = new Map(list.map((data) => [data.id, data]));
    const result: GraphElement['data'][] = [];
    for (const id of previous) {
      const data = byId.get(id);
      if (data === undefined) continue;
      result.push(data);
      byId.delete(id);
    }
    for (const data of byId.values()) result.push(data);
    nextMemory.set(
      parent,
      result.map((data) => data.id),
    );
    return result;
  };

  const box = (data: GraphElement['data']): Box => {
    const size = LEAF_SIZE[data.kind];
    if (!children.has(data.id)) {
      const w =
        data.kind === 'pod' && data.slotId === undefined ? LOOSE_POD_WIDTH : (size?.w ?? 120);
      const h = data.boxHeight ?? size?.h ?? 36;
      return { w, h, id: data.id, kids: [] };
    }
    const inner = arrange(data.id, data.kind);
    const label = LABEL[data.kind] ?? 0;
    const top = PAD + label;
    const w = inner.w + 2 * PAD;
    const h = inner.h + top + PAD;
    // The drawn box leaves the label's room above it, as a cytoscape compound would.
    return {
      w,
      h,
      id: data.id,
      own: [w / 2, label + (h - label) / 2, w, h - label],
      kids: [[inner, PAD, top]],
    };
  };

  const arrange = (id: string, kind: ElementKind | 'root'): Box => {
    const list = ordered(id);
    if (kind === 'eni') return arrangeEni(list);
    if (kind === 'node') {
      const enis = list.filter((data) => data.kind === 'eni' || data.kind === 'eni-free');
      const real = enis.filter((data) => data.kind === 'eni');
      const free = enis.filter((data) => data.kind === 'eni-free');
      const rest = list.filter((data) => data.kind !== 'eni' && data.kind !== 'eni-free');
      const enisColumn = columns([...real, ...free].map(box), Infinity, GAP.node ?? 0);
      const hostColumn = columns(rest.map(box), Infinity, 4);
      return stack(enisColumn, hostColumn, 8);
    }
    if (kind === 'subnet' || kind === 'unplaced' || kind === 'services') {
      return columns(list.map(box), kind === 'subnet' ? NODES_PER_COLUMN : 40, GAP[kind] ?? 20);
    }
    return shelf(list.map(box), Infinity, GAP[kind] ?? 20);
  };

  const positions = new Map<string, Position>();
  const place = (item: Box, x: number, y: number): void => {
    if (item.id !== undefined) {
      const own = item.own;
      positions.set(
        item.id,
        own === undefined
          ? { x: x + item.w / 2, y: y + item.h / 2 }
          : { x: x + own[0], y: y + own[1], w: own[2], h: own[3] },
      );
    }
    for (const [kid, dx, dy] of item.kids) place(kid, x + dx, y + dy);
  };
  place(arrange('', 'root'), 0, 0);
  return { positions, memory: nextMemory };
}

/**
 * The outer height of an ENI box with `rows` IP slots: what a free ENI place reserves, so the
 * ENI that attaches there later moves nothing below it.
 */
export function eniBoxHeight(rows: number): number {
  return rows * ROW - (ROW - (LEAF_SIZE.slot?.h ?? 18)) + 2 * PAD + (LABEL.eni ?? 0);
}

/** IP slots one per row, each pod on its slot's row. */
function arrangeEni(list: readonly GraphElement['data'][]): Box {
  const kids: Kid[] = [];
  const rowOf = new Map<string, number>();
  const slot = LEAF_SIZE.slot ?? { w: 92, h: 18 };
  const pod = LEAF_SIZE.pod ?? { w: 150, h: 18 };
  for (const data of list) {
    if (data.kind !== 'slot') continue;
    const row = rowOf.size;
    rowOf.set(data.id, row);
    kids.push([{ w: slot.w, h: slot.h, id: data.id, kids: [] }, 0, row * ROW]);
  }
  let extra = rowOf.size;
  for (const data of list) {
    if (data.kind === 'slot') continue;
    const row = (data.slotId === undefined ? undefined : rowOf.get(data.slotId)) ?? extra++;
    kids.push([{ w: pod.w, h: pod.h, id: data.id, kids: [] }, POD_X, row * ROW]);
  }
  return { w: POD_X + pod.w, h: Math.max(extra * ROW - (ROW - slot.h), 0), kids };
}

/** Boxes left to right, `perRow` to a row, rows top to bottom. */
function shelf(boxes: readonly Box[], perRow: number, gap: number): Box {
  const kids: Kid[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  let inRow = 0;
  for (const item of boxes) {
    if (inRow === perRow) {
      y += rowHeight + gap;
      x = 0;
      rowHeight = 0;
      inRow = 0;
    }
    kids.push([item, x, y]);
    x += item.w + gap;
    width = Math.max(width, x - gap);
    rowHeight = Math.max(rowHeight, item.h);
    inRow++;
  }
  return { w: width, h: y + rowHeight, kids };
}

/** Boxes top to bottom, `perColumn` to a column, columns left to right. */
function columns(boxes: readonly Box[], perColumn: number, gap: number): Box {
  const kids: Kid[] = [];
  let x = 0;
  let y = 0;
  let columnWidth = 0;
  let height = 0;
  let inColumn = 0;
  for (const item of boxes) {
    if (inColumn === perColumn) {
      x += columnWidth + gap;
      y = 0;
      columnWidth = 0;
      inColumn = 0;
    }
    kids.push([item, x, y]);
    y += item.h + gap;
    height = Math.max(height, y - gap);
    columnWidth = Math.max(columnWidth, item.w);
    inColumn++;
  }
  return { w: x + columnWidth, h: height, kids };
}

function stack(upper: Box, lower: Box, gap: number): Box {
  if (lower.kids.length === 0) return upper;
  const dy = upper.h + gap;
  return {
    w: Math.max(upper.w, lower.w),
    h: dy + lower.h,
    kids: [
      [upper, 0, 0],
      [lower, 0, dy],
    ],
  };
}
