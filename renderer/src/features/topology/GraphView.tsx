import cytoscape, { type Core, type NodeSingular } from 'cytoscape';
import svg from 'cytoscape-svg';
import { memo, useEffect, useRef } from 'react';
import { GraphApplier } from './graph-applier';
import type { GraphElement } from './graph-elements';
import type { Position } from './graph-layout';
import { graphStyle, readPalette } from './graph-style';

cytoscape.use(svg);

/**
 * Cytoscape adds a `<style>` for its container (`position: relative`) unless an element with its
 * id exists; the page's CSP refuses inline styles, so a marker stands in and topology.css gives
 * the container that rule.
 */
function markCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id) !== null) return;
  const marker = document.createElement('meta');
  marker.id = id;
  document.head.append(marker);
}

export interface GraphData {
  elements: readonly GraphElement[];
  positions: ReadonlyMap<string, Position>;
  /** The user changed the view (Services, Collapse IPs): apply it without watch -d highlights. */
  isViewChange?: boolean;
}

/** What the panel can ask of the graph. */
export interface GraphHandle {
  fit: () => void;
  png: () => Blob;
  svg: () => string;
}

declare global {
  interface Window {
    /** Set by e2e tests before the page loads: exposes the graph as `__kubelabGraph`. */
    __kubelabTestHooks?: boolean;
    __kubelabGraph?: Core;
  }
}

/**
 * The cytoscape graph. Its container never re-renders (React owns only the empty div): `cy`
 * lives in a ref, the stylesheet is data, and each new `graph` is applied as a diff against what
 * is drawn (GraphApplier: large additions in steps, outline first), so existing elements keep
 * their places and new ones are highlighted a moment.
 */
export const GraphView = memo(function GraphView({
  graph,
  onSelect,
  handleRef,
}: {
  graph: GraphData;
  onSelect: (id: string | null) => void;
  handleRef: { current: GraphHandle | null };
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const applierRef = useRef<GraphApplier | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    markCytoscapeStylesheet();
    const css = getComputedStyle(document.documentElement);
    const palette = readPalette((token) => css.getPropertyValue(token));
    const cy = cytoscape({
      container,
      style: graphStyle(palette),
      layout: { name: 'preset' },
      minZoom: 0.02,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      boxSelectionEnabled: false,
      autoungrabify: true,
      hideEdgesOnViewport: true,
      textureOnViewport: true,
      motionBlur: false,
    });
    const applier = new GraphApplier(cy, () => cy.fit(undefined, 24));
    applierRef.current = applier;
    cy.on('tap', (event) => {
      const target = event.target as Core | NodeSingular;
      cy.edges('.is-focus').removeClass('is-focus');
      if (target === cy) return onSelectRef.current(null);
      const node = target as NodeSingular;
      if (node.isNode()) node.connectedEdges('[kind="endpoint"]').addClass('is-focus');
      onSelectRef.current(node.id());
    });
    handleRef.current = {
      fit: () => cy.fit(undefined, 24),
      png: () => {
        applier.flush();
        return cy.png({ output: 'blob', full: true, bg: palette.bg, scale: 2 });
      },
      svg: () => {
        applier.flush();
        return (cy as Core & { svg: (options: object) => string }).svg({
          full: true,
          bg: palette.bg,
        });
      },
    };
    if (window.__kubelabTestHooks === true) window.__kubelabGraph = cy;
    const resize = new ResizeObserver(() => cy.resize());
    resize.observe(container);
    return () => {
      resize.disconnect();
      handleRef.current = null;
      applier.dispose();
      cy.destroy();
      applierRef.current = null;
    };
  }, [handleRef]);

  useEffect(() => {
    applierRef.current?.show(graph.elements, graph.positions, graph.isViewChange === true);
  }, [graph]);

  return <div ref={containerRef} className="topology__canvas" data-testid="topology-graph" />;
});
