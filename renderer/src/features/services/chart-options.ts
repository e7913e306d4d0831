import type uPlot from 'uplot';
import type { ExpectedLine } from './distribution';

/** Colours per endpoint (uPlot draws on a canvas, so CSS variables cannot reach it). */
const PALETTE = ['#4c9bff', '#43b863', '#d9a53a', '#b48cf2', '#f0605a', '#4fc1c9', '#e58fc5'];
const EXPECTED = '#f0f2f5';
const AXIS = { stroke: '#959ba6', grid: { stroke: '#2e323a', width: 1 }, ticks: { show: false } };

/** The colour of endpoint `i`, shared by the chart and the table. */
export function endpointColor(i: number): string {
  return PALETTE[i % PALETTE.length] ?? '#4c9bff';
}

/**
 * uPlot options for the live distribution: seconds since zeroing on x; per endpoint its hits
 * (solid), and the hits each expected share predicts (dashed).
 */
export function distributionChartOptions(
  size: { width: number; height: number },
  labels: readonly string[],
  expected: readonly ExpectedLine[],
): uPlot.Options {
  return {
    ...size,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(max, 5)] } },
    axes: [
      { ...AXIS, label: 'seconds since zero', size: 36 },
      { ...AXIS, label: 'new connections', size: 50 },
    ],
    series: [
      { label: 'seconds' },
      ...labels.map((label, i) => ({
        label,
        stroke: endpointColor(i),
        width: 2,
        points: { show: false },
      })),
      ...expected.map((line) => ({
        label: `expected ${(line.share * 100).toFixed(1)}%${line.endpoints.length > 1 ? ' each' : ''}`,
        // One share for all endpoints: a neutral line; otherwise the colour of its endpoint.
        stroke: expected.length === 1 ? EXPECTED : endpointColor(line.endpoints[0] ?? 0),
        width: 1.5,
        dash: [6, 4],
        points: { show: false },
      })),
    ],
  };
}
