/** A small chart frame: title, axes from d3 scales, and the plot drawn by the caller. */
import type * as d3 from 'd3';
import type { ReactNode } from 'react';

export const MARGIN = { top: 22, right: 10, bottom: 20, left: 36 };

interface Props {
  title: string;
  width: number;
  height: number;
  x: d3.ScaleLinear<number, number>;
  y: d3.ScaleLinear<number, number>;
  yFormat?: (v: number) => string;
  children: ReactNode;
  note?: string;
}

export function Chart({ title, width, height, x, y, yFormat = (v) => String(v), children, note }: Props) {
  const xt = x.ticks(4);
  const yt = y.ticks(3);
  return (
    <svg width={width} height={height} className="chart" role="img" aria-label={title}>
      <text className="chart-title" x={MARGIN.left} y={14}>{title}{note && <tspan className="chart-note"> {note}</tspan>}</text>
      {yt.map((v) => (
        <g key={v} transform={`translate(0,${y(v)})`} className="chart-grid">
          <line x1={MARGIN.left} x2={width - MARGIN.right} />
          <text x={MARGIN.left - 5} dy="0.32em">{yFormat(v)}</text>
        </g>
      ))}
      {xt.map((v) => (
        <text key={v} className="chart-x" x={x(v)} y={height - 5}>{Math.round(v / 1e6)}s</text>
      ))}
      {children}
    </svg>
  );
}
