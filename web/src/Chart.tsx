// A uPlot chart that fits its container's width. The caller fetches at most as many points as the chart is
// wide (`useWidth`), so no chart draws more points than pixels; drag-selecting a range calls `onZoom`.
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  /** Unit shown in the legend and on the axis. */
  unit: string;
  color: string;
  values: (number | null)[];
  /** Which y axis: 'y' (left) or 'y2' (right). */
  scale?: 'y' | 'y2';
  dash?: number[];
  bars?: boolean;
}

export interface ChartProps {
  /** X values: seconds since 1970 (time) or plain numbers (years). */
  x: number[];
  series: Series[];
  time?: boolean;
  height?: number;
  title: string;
  xLabel?: string;
  onZoom?: (fromS: number, toS: number) => void;
  timeZone?: string;
}

/** The width of an element in CSS pixels, following resizes. */
export function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    ro.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

export function Chart(props: ChartProps) {
  const [box, width] = useWidth<HTMLDivElement>();
  const holder = useRef<HTMLDivElement>(null);
  const zoom = useRef(props.onZoom);
  zoom.current = props.onZoom;
  useEffect(() => {
    const el = holder.current;
    if (!el || width === 0) return;
    const units = [...new Set(props.series.map((s) => `${s.scale ?? 'y'}|${s.unit}`))];
    const unitOf = (scale: string) =>
      units
        .filter((u) => u.startsWith(`${scale}|`))
        .map((u) => u.slice(scale.length + 1))
        .join(', ');
    const hasY2 = props.series.some((s) => s.scale === 'y2');
    const opts: uPlot.Options = {
      width,
      height: props.height ?? 260,
      title: undefined,
      // the site's clock on the time axis (`time` defaults to true, as the x scale below)
      ...(props.timeZone && (props.time ?? true)
        ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), props.timeZone as string) }
        : {}),
      scales: { x: { time: props.time ?? true } },
      axes: [
        { label: props.xLabel },
        { label: unitOf('y'), scale: 'y' },
        ...(hasY2 ? [{ label: unitOf('y2'), scale: 'y2', side: 1 as const, grid: { show: false } }] : []),
      ],
      cursor: { drag: { x: true, y: false } },
      series: [
        { label: props.time === false ? (props.xLabel ?? 'x') : 'time' },
        ...props.series.map((s) => ({
          label: `${s.label} (${s.unit})`,
          stroke: s.color,
          scale: s.scale ?? 'y',
          width: 1.5,
          ...(s.dash ? { dash: s.dash } : {}),
          ...(s.bars ? { paths: uPlot.paths.bars?.({ size: [0.8, 40] }), fill: `${s.color}55` } : {}),
          value: (_u: uPlot, v: number | null) =>
            v === null ? '–' : `${Number(v.toPrecision(4)).toLocaleString('en-US')} ${s.unit}`,
        })),
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (!zoom.current || u.select.width < 5) return;
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            zoom.current(from, to);
          },
        ],
      },
    };
    const data = [props.x, ...props.series.map((s) => s.values)] as uPlot.AlignedData;
    // Time to draw (the data have arrived): kept on the figure for the browser test and `npm run bench`.
    const t0 = performance.now();
    const plot = new uPlot(opts, data, el);
    box.current?.setAttribute('data-render-ms', (performance.now() - t0).toFixed(1));
    box.current?.setAttribute('data-points', String(props.x.length));
    box.current?.setAttribute('data-drawn-at', performance.now().toFixed(1));
    return () => plot.destroy();
  }, [width, props.x, props.series, props.time, props.height, props.timeZone, props.xLabel]);
  return (
    <figure className="chart" ref={box}>
      <figcaption>{props.title}</figcaption>
      <div
        ref={holder}
        role="img"
        aria-label={`${props.title}: chart of ${props.series.map((s) => `${s.label} in ${s.unit}`).join(', ')}`}
      />
    </figure>
  );
}
