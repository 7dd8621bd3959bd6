/**
 * A checker violation over the space-time diagram: the linearizability window's time span
 * shaded, each of its ops as a bar on its client's lane (a lease revoke's deletes on their own
 * "lease N revoke" lane; the op no order could place in red), and a red tick at each instant a
 * Raft or lease rule broke, on the lanes of the members and clients it names.
 */
import type { ScaleLinear } from 'd3';
import { formatMs } from '../../check/history';
import type { ViolationFocus } from '../verdicts/violationFocus';
import { clientLabel, isRevokeClient, sameOp } from '../verdicts/violationFocus';
import { opText } from '../verdicts/windowRows';

interface Props {
  focus: ViolationFocus;
  x: ScaleLinear<number, number>;
  laneY: Map<string, number>;
  laneH: number;
  height: number;
  width: number;
  now: number;
}

export function ViolationLayer({ focus, x, laneY, laneH, height, width, now }: Props) {
  const [t0, t1] = x.domain();
  const inView = (a: number, b: number) => b >= t0 && a <= t1;
  const clampX = (t: number) => Math.max(0, Math.min(width, x(t)));
  const w = focus.window;
  const instants = focus.instants.filter((i) => i.at <= now && inView(i.at, i.at));
  return (
    <g className="st-violation">
      {focus.span && inView(focus.span.from, focus.span.to) && (
        <g className="st-window">
          <rect x={clampX(focus.span.from)} y={14} width={Math.max(2, clampX(focus.span.to) - clampX(focus.span.from))} height={height - 14} />
          <text x={clampX(focus.span.from) + 4} y={height - 4}>history window · key {w?.key}</text>
        </g>
      )}
      {w?.ops.map((op, i) => {
        const y = laneY.get(op.client);
        const end = op.completeMs === null ? now : op.completeMs * 1000;
        if (y === undefined || !inView(op.invokeMs * 1000, end)) return null;
        const culprit = sameOp(op, w.culprit);
        const x1 = clampX(op.invokeMs * 1000);
        return (
          <g key={i} className={`st-op ${culprit ? 'culprit' : ''}`}>
            <line x1={x1} x2={Math.max(x1 + 3, clampX(end))} y1={y - laneH / 4} y2={y - laneH / 4} />
            {/* A revoke's lane is labelled with it already: the bar says what it did. */}
            <text x={x1} y={y - laneH / 4 - 4}>{isRevokeClient(op.client) ? opText(op) : `${op.client} ${opText(op)}`}</text>
            <title>{`${clientLabel(op.client)} ${opText(op)} [${formatMs(op.invokeMs)}–${formatMs(op.completeMs)}]${culprit ? ': cannot be placed' : ''}`}</title>
          </g>
        );
      })}
      {instants.map((v, i) => (
        <g key={i} className="st-instant" transform={`translate(${x(v.at)},0)`}>
          <line y1={14} y2={height} />
          {v.nodes.map((n) => laneY.has(n) && <circle key={n} cy={laneY.get(n)} r={5} />)}
          <title>{v.label}</title>
        </g>
      ))}
    </g>
  );
}
