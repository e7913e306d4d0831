import type uPlot from 'uplot';
import { describe, expect, it } from 'vitest';
import { CHART_SERIES, chartOptions } from './chart-options';

type Range = (u: uPlot, min: number, max: number) => [number, number];

describe('chartOptions', () => {
  const options = chartOptions({ width: 600, height: 180 }, { maxEnis: 3, maxPods: 17 });

  it('draws ENIs on their own axis and IPs and pods on a shared one', () => {
    expect(options.series.slice(1).map((s) => [s.label, s.scale])).toEqual([
      ['ENIs', 'enis'],
      ['IPs allocated', 'count'],
      ['IPs assigned', 'count'],
      ['IPs warm', 'count'],
      ['Pods', 'count'],
    ]);
    expect(CHART_SERIES).toHaveLength(5);
    expect(options.axes?.map((a) => a.scale)).toEqual([undefined, 'count', 'enis']);
  });

  it('scales up to the node limits, or past them when the data does', () => {
    const u = undefined as unknown as uPlot;
    const enis = options.scales?.enis?.range as Range;
    const count = options.scales?.count?.range as Range;
    expect(enis(u, 0, 2)).toEqual([0, 3]);
    expect(count(u, 0, 5)).toEqual([0, 17]);
    expect(count(u, 0, 20)).toEqual([0, 20]);
    const unknown = chartOptions({ width: 1, height: 1 }, {}).scales?.count?.range as Range;
    expect(unknown(u, 0, 0)).toEqual([0, 1]);
  });
});
