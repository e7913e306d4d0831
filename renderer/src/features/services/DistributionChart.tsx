import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { distributionChartOptions } from './chart-options';
import type { ExpectedLine } from './distribution';

const HEIGHT = 220;

/**
 * Hits per endpoint against the expected share, live. One uPlot per set of endpoints (the caller
 * memoises `labels` and `expected`), fed new columns with `setData`, so a poll never rebuilds it.
 */
export function DistributionChart({
  columns,
  labels,
  expected,
}: {
  columns: number[][];
  labels: string[];
  expected: ExpectedLine[];
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(columns);

  useEffect(() => {
    latest.current = columns;
    plot.current?.setData(columns as uPlot.AlignedData);
  }, [columns]);

  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const width = Math.max(element.clientWidth, 280);
    const chart = new uPlot(
      distributionChartOptions({ width, height: HEIGHT }, labels, expected),
      latest.current as uPlot.AlignedData,
      element,
    );
    plot.current = chart;
    const observer = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(element.clientWidth, 280), height: HEIGHT });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [labels, expected]);

  return (
    <div
      className="distribution__chart"
      ref={host}
      role="img"
      aria-label="New connections per endpoint against the expected share"
      data-testid="distribution-chart"
    />
  );
}
