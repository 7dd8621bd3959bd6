/**
 * The rows of the history-window view: the ops the linearizability checker kept in its
 * failing window (marked), the one it could not place, and a few other ops on the same key
 * around them, so the reader sees what the window was cut from.
 */
import type { HistoryOp } from '../../check/history';
import { isRevokeClient, sameOp, type HistoryWindow } from './violationFocus';

export interface WindowRow {
  op: HistoryOp;
  inWindow: boolean;
  culprit: boolean;
}

export interface WindowView {
  rows: WindowRow[];
  /** Lanes: clients in order, then lease revokes (pseudo-clients `revoke:N`, see clientLabel). */
  clients: string[];
  /** Time range drawn, in ms: the window and a margin; longer ops are cut at its edges. */
  fromMs: number;
  toMs: number;
}

export function windowRows(history: HistoryOp[], w: HistoryWindow, maxContext = 6): WindowView {
  const from = Math.min(...w.ops.map((o) => o.invokeMs));
  const to = Math.max(...w.ops.map((o) => o.completeMs ?? o.invokeMs));
  // The window fills most of the width; ops reaching outside it are cut at the edges.
  const pad = Math.max(5, (to - from) * 0.25);
  const fromMs = from - pad;
  const toMs = to + pad;
  const inWindow = (op: HistoryOp) => w.ops.some((o) => sameOp(op, o));
  const overlaps = (op: HistoryOp) => op.invokeMs <= toMs && (op.completeMs ?? Infinity) >= fromMs;
  const distance = (op: HistoryOp) => Math.max(0, from - (op.completeMs ?? Infinity), op.invokeMs - to);
  const context = history
    .filter((op) => op.key === w.key && overlaps(op) && !inWindow(op))
    .sort((a, b) => distance(a) - distance(b))
    .slice(0, maxContext);
  const rows = [...w.ops.map((op) => ({ op, inWindow: true, culprit: sameOp(op, w.culprit) })), ...context.map((op) => ({ op, inWindow: false, culprit: false }))];
  rows.sort((a, b) => a.op.invokeMs - b.op.invokeMs);
  const clients = [...new Set(rows.map((r) => r.op.client))].sort((a, b) => Number(isRevokeClient(a)) - Number(isRevokeClient(b)) || (a < b ? -1 : a > b ? 1 : 0));
  return { rows, clients, fromMs, toMs };
}

/** One op without its client and times: "get x → 3", "cas x 1→2 ok", "put x 1 (lease 7)". */
export function opText(op: HistoryOp): string {
  const v = (s: string | null) => (s === null ? '∅' : s);
  switch (op.op) {
    case 'put': return `put ${op.key} ${v(op.value)}${op.lease ? ` (lease ${op.lease})` : ''}`;
    case 'get': return `get ${op.key} → ${v(op.result)}`;
    case 'delete': return `delete ${op.key}`;
    case 'cas': return `cas ${op.key} ${v(op.expected)}→${v(op.value)}${op.completeMs === null ? '' : op.ok ? ' ok' : ' failed'}`;
    case 'lease-grant': return `lease-grant ${op.lease} ttl ${op.ttlMs}ms`;
    default: return `${op.op} ${op.lease}`;
  }
}
