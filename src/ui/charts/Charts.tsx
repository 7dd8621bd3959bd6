/**
 * Four small charts over the last minute: commit latency of client operations, throughput,
 * term and leader over time, and messages per second by type.
 */
import * as d3 from 'd3';
import { session } from '../app/runtime';
import { useSize } from '../app/useSize';
import { useUi } from '../store/uiStore';
import { FAMILIES, familyColor } from '../topology/messageKinds';
import { Chart, MARGIN } from './Chart';
import { commitLatencies, messageRates, throughput, windowOf } from './series';

export default function Charts() {
  useUi((s) => s.slowFrame);
  const [ref, { width, height }] = useSize<HTMLDivElement>();
  const s = session();
  const [t0, t1] = windowOf(s);
  const w = Math.max(180, Math.floor(width / 4) - 6);
  const h = Math.max(100, height - 8);
  const x = d3.scaleLinear().domain([t0, t1]).range([MARGIN.left, w - MARGIN.right]);
  const yRange: [number, number] = [h - MARGIN.bottom, MARGIN.top];

  const lat = commitLatencies(s, t0);
  const yLat = d3.scaleLinear().domain([0, Math.max(10, d3.max(lat, (p) => p.ms) ?? 10)]).nice().range(yRange);

  const thr = throughput(s, t0, t1);
  const yThr = d3.scaleLinear().domain([0, Math.max(5, d3.max(thr, (b) => b.ok + b.failed) ?? 5)]).nice().range(yRange);

  const leaders = s.engine.leaders().filter((l) => l.atMs * 1000 <= t1);
  const maxTerm = Math.max(1, ...leaders.map((l) => l.term));
  const yTerm = d3.scaleLinear().domain([0, maxTerm]).nice().range(yRange);
  const ids = s.engine.world.hosts.filter((x) => x.role === 'server').map((x) => x.id);
  const nodeColor = d3.scaleOrdinal<string, string>().domain(ids).range(d3.schemeTableau10);

  const bins = messageRates(s, t0, t1, Math.max(250_000, (t1 - t0) / 60));
  const fams = FAMILIES.map((f) => f.family);
  const stack = d3.stack<(typeof bins)[number]>().keys(fams).value((b, k) => b.values[k as keyof typeof b.values] ?? 0)(bins);
  const yMsg = d3.scaleLinear().domain([0, Math.max(10, d3.max(stack[stack.length - 1] ?? [], (p) => p[1]) ?? 10)]).nice().range(yRange);
  const area = d3.area<d3.SeriesPoint<(typeof bins)[number]>>().x((p) => x(p.data.t)).y0((p) => yMsg(p[0])).y1((p) => yMsg(p[1])).curve(d3.curveStepAfter);
  const termPath = d3.line<{ t: number; term: number }>().x((p) => x(p.t)).y((p) => yTerm(p.term)).curve(d3.curveStepAfter)([
    ...leaders.map((l) => ({ t: Math.max(t0, l.atMs * 1000), term: l.term })),
    ...(leaders.length ? [{ t: t1, term: leaders[leaders.length - 1].term }] : []),
  ]);

  return (
    <div className="charts" ref={ref}>
      <Chart title="Commit latency" note="ms per op" width={w} height={h} x={x} y={yLat}>
        {lat.map((p, i) => <circle key={i} cx={x(p.t)} cy={yLat(p.ms)} r={2.2} className={p.ok ? `pt op-${p.op}` : 'pt failed'} />)}
      </Chart>
      <Chart title="Throughput" note="ops/s" width={w} height={h} x={x} y={yThr}>
        {thr.map((b) => {
          const bw = Math.max(1, x(b.t + 1_000_000) - x(b.t) - 1);
          return (
            <g key={b.t}>
              <rect x={x(b.t)} y={yThr(b.ok)} width={bw} height={yThr(0) - yThr(b.ok)} className="bar-ok" />
              {b.failed > 0 && <rect x={x(b.t)} y={yThr(b.ok + b.failed)} width={bw} height={yThr(b.ok) - yThr(b.ok + b.failed)} className="bar-failed" />}
            </g>
          );
        })}
      </Chart>
      <Chart title="Term and leader" width={w} height={h} x={x} y={yTerm}>
        {termPath && <path d={termPath} className="term-line" />}
        {leaders.filter((l) => l.atMs * 1000 >= t0).map((l) => (
          <g key={`${l.term}-${l.node}`} transform={`translate(${x(l.atMs * 1000)},${yTerm(l.term)})`}>
            <circle r={4} style={{ fill: nodeColor(l.node) }} />
            <text className="leader-label" x={6} y={4}>{l.node}</text>
          </g>
        ))}
      </Chart>
      <Chart title="Messages" note="per second, by type" width={w} height={h} x={x} y={yMsg}>
        {stack.map((layer) => <path key={layer.key} d={area(layer) ?? ''} style={{ fill: familyColor(layer.key as never), opacity: 0.8 }} />)}
      </Chart>
    </div>
  );
}
