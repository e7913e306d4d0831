import type { Css, StylesheetJson } from 'cytoscape';
import { LEAF_SIZE, LOOSE_POD_WIDTH } from './graph-layout';

/** The design tokens the graph is drawn with (cytoscape cannot read CSS variables itself). */
export const PALETTE_TOKENS = {
  bg: '--bg-panel',
  raised: '--bg-raised',
  output: '--bg-output',
  border: '--border',
  borderStrong: '--border-strong',
  text: '--text',
  muted: '--text-muted',
  faint: '--text-faint',
  accent: '--accent',
  ok: '--ok',
  error: '--error',
  warn: '--warn',
  operator: '--operator',
  selected: '--focus',
} as const;

export type Palette = Record<keyof typeof PALETTE_TOKENS, string>;

/** The tokens' values, read through `read` (getComputedStyle in the page). */
export function readPalette(read: (token: string) => string): Palette {
  const entries = Object.entries(PALETTE_TOKENS).map(([key, token]) => [
    key,
    read(token).trim() || '#888',
  ]);
  return Object.fromEntries(entries) as Palette;
}

const size = (kind: keyof typeof LEAF_SIZE) => LEAF_SIZE[kind] ?? { w: 100, h: 20 };

/** The stylesheet, as data: colours by kind and state, sizes matching the preset layout. */
export function graphStyle(c: Palette): StylesheetJson {
  const compound = (border: string, fill: string, opacity: number): Css.Node => ({
    'background-color': fill,
    'background-opacity': opacity,
    'border-color': border,
    'border-width': 1,
    shape: 'round-rectangle',
    'corner-radius': '6',
    label: 'data(label)',
    'text-valign': 'top',
    'text-halign': 'center',
    'text-justification': 'left',
    'text-wrap': 'wrap',
    'font-size': 11,
    color: c.muted,
    'text-margin-y': -2,
  });
  return [
    {
      selector: 'node',
      style: {
        'font-family': 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        'min-zoomed-font-size': 3,
        // Containers are plain nodes (see cy-apply): depth decides what is drawn on top.
        'z-index-compare': 'manual',
        'z-index': 10,
      },
    },
    { selector: 'node[bw]', style: { width: 'data(bw)', height: 'data(bh)' } },
    { selector: 'node[kind="vpc"]', style: { 'z-index': 0 } },
    { selector: 'node[kind="subnet"]', style: { 'z-index': 1 } },
    { selector: 'node[kind="node"]', style: { 'z-index': 2 } },
    {
      selector: 'node[kind="eni"][bw], node[kind="unplaced"], node[kind="services"]',
      style: { 'z-index': 3 },
    },
    {
      selector: 'node[kind="vpc"]',
      style: { ...compound(c.accent, c.accent, 0.04), 'font-size': 13, color: c.text },
    },
    {
      selector: 'node[kind="subnet"]',
      style: { ...compound(c.borderStrong, c.raised, 0.35), 'font-size': 12 },
    },
    {
      selector: 'node[kind="node"]',
      style: { ...compound(c.borderStrong, c.raised, 0.9), color: c.text, 'font-size': 12 },
    },
    {
      selector: 'node[kind="eni"]',
      style: { ...compound(c.accent, c.output, 1), 'border-opacity': 0.6, color: c.accent },
    },
    {
      selector: 'node[kind="unplaced"], node[kind="services"]',
      style: compound(c.warn, c.output, 1),
    },
    { selector: 'node[kind="services"]', style: { 'border-color': c.operator } },
    {
      selector: 'node[kind="eni"][^bw]',
      style: {
        width: size('eni').w,
        height: size('eni').h,
        'text-valign': 'center',
        'text-wrap': 'wrap',
      },
    },
    {
      selector: 'node[kind="eni-free"]',
      style: {
        shape: 'round-rectangle',
        width: size('eni-free').w,
        height: size('eni-free').h,
        'background-opacity': 0,
        'border-style': 'dashed',
        'border-color': c.borderStrong,
        'border-width': 1,
        label: 'data(label)',
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'font-size': 10,
        color: c.faint,
      },
    },
    { selector: 'node[kind="eni-free"][boxHeight]', style: { height: 'data(boxHeight)' } },
    {
      selector: 'node[kind="slot"], node[kind="pod"], node[kind="hostnet"]',
      style: {
        shape: 'round-rectangle',
        height: size('slot').h,
        label: 'data(label)',
        'text-valign': 'center',
        'text-halign': 'center',
        'font-size': 10,
        'border-width': 1,
        color: c.text,
        'text-max-width': `${size('pod').w - 6}px`,
      },
    },
    { selector: 'node[kind="slot"]', style: { width: size('slot').w } },
    {
      selector: 'node[kind="slot"][state="primary"]',
      style: { 'background-color': c.raised, 'border-color': c.faint, color: c.muted },
    },
    {
      selector: 'node[kind="slot"][state="assigned"]',
      style: { 'background-color': c.accent, 'background-opacity': 0.25, 'border-color': c.accent },
    },
    {
      selector: 'node[kind="slot"][state="warm"]',
      style: {
        'background-opacity': 0,
        'border-style': 'dashed',
        'border-color': c.ok,
        color: c.ok,
      },
    },
    {
      selector: 'node[kind="pod"]',
      style: {
        width: size('pod').w,
        'background-color': c.ok,
        'background-opacity': 0.18,
        'border-color': c.ok,
      },
    },
    {
      selector: 'node[kind="pod"][^slotId]',
      style: { width: LOOSE_POD_WIDTH, 'text-max-width': `${LOOSE_POD_WIDTH - 8}px` },
    },
    {
      selector: 'node[kind="pod"][state="Pending"]',
      style: { 'background-color': c.warn, 'border-color': c.warn },
    },
    {
      selector: 'node[kind="pod"][state="Failed"], node[kind="pod"][state="Unknown"]',
      style: { 'background-color': c.error, 'border-color': c.error },
    },
    {
      selector: 'node[kind="hostnet"]',
      style: {
        width: size('hostnet').w,
        'background-opacity': 0,
        'border-color': c.faint,
        color: c.muted,
        'text-max-width': `${size('hostnet').w - 8}px`,
      },
    },
    {
      selector: 'node[kind="operator"], node[kind="service"]',
      style: {
        shape: 'round-rectangle',
        width: size('operator').w,
        height: size('operator').h,
        label: 'data(label)',
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'font-size': 10,
        'background-color': c.operator,
        'background-opacity': 0.2,
        'border-color': c.operator,
        'border-width': 1,
        color: c.text,
      },
    },
    {
      selector: 'node[kind="service"]',
      style: { width: size('service').w, 'text-max-width': `${size('service').w - 8}px` },
    },
    {
      selector: 'edge',
      style: {
        width: 1,
        'curve-style': 'straight',
        'line-color': c.borderStrong,
        opacity: 0.7,
        'z-index-compare': 'manual',
        'z-index': 20,
      },
    },
    {
      selector: 'edge[kind="peering"]',
      style: {
        width: 3,
        'line-color': c.accent,
        'line-style': 'dashed',
        label: 'data(label)',
        'font-size': 12,
        color: c.accent,
        'text-background-color': c.bg,
        'text-background-opacity': 1,
        'text-background-padding': '3px',
        'curve-style': 'bezier',
      },
    },
    {
      selector: 'edge[kind="endpoint"]',
      style: {
        'line-color': c.operator,
        'target-arrow-shape': 'triangle',
        'target-arrow-color': c.operator,
        'arrow-scale': 0.6,
        // Faint until their Service or pod is selected: dozens cross the whole graph.
        opacity: 0.22,
      },
    },
    { selector: 'edge[kind="endpoint"].is-focus', style: { opacity: 1, width: 2 } },
    {
      selector: '.is-new',
      style: {
        'border-color': c.warn,
        'border-width': 3,
        'underlay-color': c.warn,
        'underlay-opacity': 0.35,
        'underlay-padding': 4,
      },
    },
    { selector: '.is-changed', style: { 'border-color': c.warn, 'border-width': 2 } },
    { selector: '.is-leaving', style: { opacity: 0 } },
    {
      selector: ':selected',
      style: {
        'border-color': c.selected,
        'border-width': 3,
        'overlay-color': c.selected,
        'overlay-opacity': 0.12,
      },
    },
  ];
}
