/**
 * The linearizability checker's failing window, drawn as Jepsen and Porcupine draw histories:
 * a lane per client, a bar per op from invocation to completion. Ops of the window are solid,
 * the op no order could place is red, neighbouring ops on the key are faint. A lease revoke's
 * deletes get a lane of their own, "lease N revoke" (no client sent them: the lease ended). A
 * table below says the same in words.
 */
import { scaleLinear } from 'd3';
import { useMemo } from 'react';
import { formatMs } from '../../check/history';
import type { HistoryOp } from '../../check/history';
import { useSize } from '../app/useSize';
import { showViolation } from './showViolation';
import { clientLabel, isRevokeClient, type HistoryWindow as Window } from './violationFocus';
import { opText, windowRows } from './windowRows';

const LANE_H = 30;
/** Lane labels are 12px bold: about 7.5px a character, and at least a short client id's room. */
const labelWidth = (labels: string[]) => Math.max(40, 12 + Math.ceil(7.5 * Math.max(0, ...labels.map((l) => l.length))));

export function HistoryWindow({ window: w, history }: { window: Window; history: HistoryOp[] }) {
  const [ref, { width }] = useSize<HTMLDivElement>();
  // Recomputed when the verdict or the history changes, not on every redraw.
  const view = useMemo(() => windowRows(history, w), [history.length, w]);
  const LABEL_W = labelWidth(view.clients.map(clientLabel));
  const x = scaleLinear().domain([view.fromMs, view.toMs]).range([LABEL_W, Math.max(LABEL_W + 10, width - 10)]);
  const laneOf = new Map(view.clients.map((c, i) => [c, i]));
  const h = view.clients.length * LANE_H + 18;
  const culprit = view.rows.find((r) => r.culprit)?.op;
  const spanFrom = Math.round(Math.min(...w.ops.map((o) => o.invokeMs)) * 1000);
  const spanTo = Math.round(Math.max(...w.ops.map((o) => o.completeMs ?? o.invokeMs)) * 1000);
  return (
    <section className="history-window" aria-label={`History window of key ${w.key}`} ref={ref}>
      <header className="hw-head">
        <strong>History window · key {w.key}</strong>
        <span className="muted small">{w.ops.length} ops cannot be ordered</span>
        <button className="btn small" aria-label="Show the window in the space-time diagram" onClick={() => showViolation('spacetime', spanFrom, spanTo)}>Show</button>
      </header>
      <svg width={width} height={h} role="img" aria-label={`Ops on key ${w.key} from ${formatMs(view.fromMs)} to ${formatMs(view.toMs)}${culprit ? `; ${clientLabel(culprit.client)} ${opText(culprit)} cannot be placed` : ''}`}>
        {view.clients.map((c, i) => (
          <g key={c} transform={`translate(0,${i * LANE_H})`} className={`hw-lane ${isRevokeClient(c) ? 'revoke' : ''}`}>
            <line x1={LABEL_W} x2={width - 10} y1={LANE_H - 6} y2={LANE_H - 6} />
            <text x={4} y={LANE_H - 2}>{clientLabel(c)}</text>
          </g>
        ))}
        {view.rows.map((r, i) => {
          const y = laneOf.get(r.op.client)! * LANE_H + LANE_H - 6;
          const x1 = x(Math.max(view.fromMs, r.op.invokeMs));
          const x2 = Math.max(x1 + 3, x(Math.min(view.toMs, r.op.completeMs ?? view.toMs)));
          // Labels stay inside the drawing: right of the bar's start, or ending at its end.
          const right = x1 > (LABEL_W + width) / 2;
          return (
            <g key={i} className={`hw-op ${r.inWindow ? 'in-window' : 'context'} ${r.culprit ? 'culprit' : ''}`}>
              <rect x={x1} y={y - 4} width={x2 - x1} height={8} rx={2} />
              <text x={right ? x2 : x1} y={y - 8} textAnchor={right ? 'end' : 'start'}>{opText(r.op)}{r.op.completeMs === null ? ' (unknown)' : ''}</text>
              <title>{`${clientLabel(r.op.client)} ${opText(r.op)} [${formatMs(r.op.invokeMs)}–${formatMs(r.op.completeMs)}]${r.culprit ? ' · cannot be placed' : r.inWindow ? ' · in the window' : ''}`}</title>
            </g>
          );
        })}
        <g className="hw-axis" transform={`translate(0,${h - 4})`}>
          <text x={LABEL_W} textAnchor="start">{formatMs(view.fromMs)}</text>
          <text x={width - 10} textAnchor="end">{formatMs(view.toMs)}</text>
        </g>
      </svg>
      <table className="grid-table hw-table" aria-label={`Ops around the window of key ${w.key}`}>
        <thead><tr><th>client</th><th>op</th><th>invoked</th><th>completed</th><th>checker</th></tr></thead>
        <tbody>
          {view.rows.map((r, i) => (
            <tr key={i} className={`${r.inWindow ? 'in-window' : 'context'} ${r.culprit ? 'culprit' : ''}`}>
              <td>{clientLabel(r.op.client)}</td>
              <td className="mono">{opText(r.op)}</td>
              <td className="mono">{formatMs(r.op.invokeMs)}</td>
              <td className="mono">{r.op.completeMs === null ? 'unknown' : formatMs(r.op.completeMs)}</td>
              <td>{r.culprit ? 'cannot be placed' : r.inWindow ? 'in the window' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
