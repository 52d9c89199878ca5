// A per-minute line chart drawn by uPlot on a canvas, created once and fed new data on
// every refresh (setData, no re-creation), sized to its container. The figures it draws
// are also in the panel's table: a canvas says nothing to a screen reader.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MinuteSeries } from './dashboard-model.ts';

export interface SeriesSpec {
  metric: string;
  label: string;
  color: string;
}

export function MinuteChart({ series, specs, label }: { series: MinuteSeries; specs: SeriesSpec[]; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = [series.x, ...specs.map((s) => series.y[s.metric] ?? [])] as uPlot.AlignedData;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const chart = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height: 180,
        series: [{}, ...specs.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: false } }))],
        axes: [{}, { size: 40 }],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(4, max)] } },
        legend: { show: true },
      },
      data,
      el,
    );
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(280, el.clientWidth), height: 180 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Created once per set of series; data arrives through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [specs.map((s) => s.metric).join()]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return <div ref={host} className="minute-chart" role="img" aria-label={label} />;
}
