import { useCallback, useMemo } from 'react';
import type { Topology } from '../../../../shared/model/topology';
import { COLLAPSE_THRESHOLD, fullElementCount, toElements } from '../topology/graph-elements';
import { presetLayout, type LayoutMemory } from '../topology/graph-layout';
import { GraphView, type GraphData, type GraphHandle } from '../topology/GraphView';
import '../topology/topology.css';

/** Layout memory per panel, outside React so a step change keeps every element where it was. */
const layoutMemory = new Map<string, LayoutMemory>();

/**
 * The topology feature's graph, fed a journaled snapshot instead of a live collection: the same
 * elements, layout and diffing, so moving between steps highlights what the step changed. The
 * layout memory lives as long as the panel, so elements keep their places across steps.
 */
export function LabGraph({
  topology,
  memoryKey,
  handleRef,
}: {
  topology: Topology;
  /** Whose layout memory to use (a workspace's lab panel). */
  memoryKey: string;
  handleRef: { current: GraphHandle | null };
}) {
  const graph = useMemo((): GraphData => {
    const elements = toElements(topology, {
      showServices: false,
      collapseSlots: fullElementCount(topology) > COLLAPSE_THRESHOLD,
    });
    const layout = presetLayout(elements, layoutMemory.get(memoryKey) ?? new Map());
    layoutMemory.set(memoryKey, layout.memory);
    return { elements, positions: layout.positions };
  }, [topology, memoryKey]);
  const onSelect = useCallback(() => undefined, []);
  return <GraphView graph={graph} onSelect={onSelect} handleRef={handleRef} />;
}

/** Bytes the backend takes for one picture (base64 inside one API frame). */
const MAX_PNG_BYTES = 600_000;

/** The graph as base64 PNG, scaled down when the full-resolution picture would not fit. */
export async function graphPngBase64(handle: GraphHandle): Promise<string> {
  let blob = handle.png();
  if (blob.size > MAX_PNG_BYTES) {
    const bitmap = await createImageBitmap(blob);
    const scale = Math.sqrt(MAX_PNG_BYTES / blob.size) * 0.9;
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))),
        'image/png',
      ),
    );
  }
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
