import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartOptions } from './chart-options';

const HEIGHT = 170;

/**
 * One node's ENIs, IPs allocated / assigned / warm and pods over time. The uPlot instance lives in
 * a ref, created once per mount and fed new columns with `setData`, so a poll never rebuilds it.
 */
export function EniChart({
  columns,
  maxEnis,
  maxPods,
  label,
}: {
  columns: uPlot.AlignedData;
  maxEnis?: number | undefined;
  maxPods?: number | undefined;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(columns);

  // Declared before the creating effect so that a re-created chart starts from the newest data.
  useEffect(() => {
    latest.current = columns;
    plot.current?.setData(columns);
  }, [columns]);

  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const limits = {
      ...(maxEnis === undefined ? {} : { maxEnis }),
      ...(maxPods === undefined ? {} : { maxPods }),
    };
    const width = Math.max(element.clientWidth, 240);
    const stepped = uPlot.paths.stepped?.({ align: 1 });
    const chart = new uPlot(
      chartOptions({ width, height: HEIGHT }, limits, stepped),
      latest.current,
      element,
    );
    plot.current = chart;
    const observer = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(element.clientWidth, 240), height: HEIGHT });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [maxEnis, maxPods]);

  return <div className="eni-chart" ref={host} role="img" aria-label={label} />;
}
