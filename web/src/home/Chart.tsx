import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';

/** The part of an ECharts click the home needs: which series and category were clicked. */
export type ChartClick = { seriesName?: string; name?: string; value?: unknown; data?: unknown };

type Props = {
  option: EChartsCoreOption;
  /** What the chart shows, for screen readers (the same figures are also links beside the chart). */
  label: string;
  onClick?: (click: ChartClick) => void;
  height?: number;
};

/**
 * One ECharts chart, loaded lazily. Rendered as SVG (crisp at any zoom, inspectable in tests); a
 * click goes to the list behind the clicked bar or cell. Keyboard users reach the same lists through
 * the links each tile lists beside its chart.
 */
export function Chart({ option, label, onClick, height = 220 }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const click = useRef(onClick);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    click.current = onClick;
  });

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('./echarts')
      .then(({ echarts }) => {
        if (disposed || !box.current) return;
        const c = echarts.init(box.current, undefined, { renderer: 'svg' });
        c.on('click', (p) => click.current?.(p as ChartClick));
        chart.current = c;
        c.setOption(option);
        observer = new ResizeObserver(() => c.resize());
        observer.observe(box.current);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
    // Created once; option changes are applied below without re-creating the chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  if (failed) return null;
  return <div ref={box} className="home-chart" role="img" aria-label={label} style={{ height }} />;
}
