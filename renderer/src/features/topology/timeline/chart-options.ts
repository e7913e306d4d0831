import type uPlot from 'uplot';

/** Colours from the app's tokens (uPlot draws on a canvas, so CSS variables cannot reach it). */
const COLORS = {
  axis: '#959ba6',
  grid: '#2e323a',
  enis: '#4c9bff',
  allocated: '#b48cf2',
  assigned: '#43b863',
  warm: '#d9a53a',
  pods: '#f0f2f5',
};

/** The measures the chart draws, in the order of `chartColumns` after the time column. */
export const CHART_SERIES = [
  { label: 'ENIs', stroke: COLORS.enis, scale: 'enis' },
  { label: 'IPs allocated', stroke: COLORS.allocated, scale: 'count' },
  { label: 'IPs assigned', stroke: COLORS.assigned, scale: 'count' },
  { label: 'IPs warm', stroke: COLORS.warm, scale: 'count' },
  { label: 'Pods', stroke: COLORS.pods, scale: 'count' },
] as const;

/**
 * uPlot options for one node's chart. ENIs get their own right-hand axis fixed to 0…max ENIs, so
 * three ENIs do not vanish under seventeen pods; `stepped` (uPlot.paths.stepped) draws them as
 * steps, since an ENI is attached or not. IPs and pods share the left axis, 0…max pods.
 */
export function chartOptions(
  size: { width: number; height: number },
  limits: { maxEnis?: number; maxPods?: number },
  stepped?: uPlot.Series.PathBuilder,
): uPlot.Options {
  const axis = {
    stroke: COLORS.axis,
    grid: { stroke: COLORS.grid, width: 1 },
    ticks: { show: false },
  };
  return {
    ...size,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true },
      enis: { range: (_u, _min, max) => [0, Math.max(limits.maxEnis ?? 0, max, 1)] },
      count: { range: (_u, _min, max) => [0, Math.max(limits.maxPods ?? 0, max, 1)] },
    },
    axes: [
      axis,
      { ...axis, scale: 'count', label: 'IPs · pods', size: 44 },
      { ...axis, scale: 'enis', side: 1, label: 'ENIs', size: 40, grid: { show: false } },
    ],
    series: [
      {},
      ...CHART_SERIES.map((s) => ({
        label: s.label,
        stroke: s.stroke,
        scale: s.scale,
        width: s.scale === 'enis' ? 2.5 : 1.5,
        ...(s.label === 'IPs warm' ? { dash: [4, 3] } : {}),
        ...(s.scale === 'enis' && stepped !== undefined ? { paths: stepped } : {}),
        points: { show: false },
      })),
    ],
  };
}
