/** Data for the charts, binned over the last minute of the run. */
import type { Session } from '../engine/session';
import { familyOf, type MessageFamily } from '../topology/messageKinds';

export const WINDOW_US = 60_000_000;

export interface Bin {
  t: number;
  values: Partial<Record<MessageFamily, number>>;
}

export function windowOf(s: Session): [number, number] {
  const end = Math.max(s.now, 1_000_000);
  return [Math.max(0, end - WINDOW_US), end];
}

/** Messages sent per second by family, in `binUs` bins. */
export function messageRates(s: Session, t0: number, t1: number, binUs: number): Bin[] {
  const n = Math.max(1, Math.ceil((t1 - t0) / binUs));
  const bins: Bin[] = Array.from({ length: n }, (_, i) => ({ t: t0 + i * binUs, values: {} }));
  const recs = s.recorder.records;
  const scale = 1_000_000 / binUs;
  for (let i = s.recorder.indexAt(t0); i < recs.length; i++) {
    const r = recs[i];
    if (r.at > t1) break;
    if (r.kind !== 'send') continue;
    const b = bins[Math.min(n - 1, Math.floor((r.at - t0) / binUs))];
    const f = familyOf(r.type ?? '');
    b.values[f] = (b.values[f] ?? 0) + scale;
  }
  return bins;
}

export interface LatencyPoint {
  t: number;
  ms: number;
  op: string;
  ok: boolean;
}

export function commitLatencies(s: Session, t0: number): LatencyPoint[] {
  return s.engine
    .history()
    .filter((h) => h.completeMs !== null && h.invokeMs * 1000 >= t0)
    .map((h) => ({ t: h.invokeMs * 1000, ms: h.completeMs! - h.invokeMs, op: h.op, ok: h.ok }));
}

/** Completed operations per second (ok ones), in 1 s bins. */
export function throughput(s: Session, t0: number, t1: number): { t: number; ok: number; failed: number }[] {
  const n = Math.max(1, Math.ceil((t1 - t0) / 1_000_000));
  const bins = Array.from({ length: n }, (_, i) => ({ t: t0 + i * 1_000_000, ok: 0, failed: 0 }));
  for (const h of s.engine.history()) {
    if (h.completeMs === null) continue;
    const at = h.completeMs * 1000;
    if (at < t0 || at > t1) continue;
    const b = bins[Math.min(n - 1, Math.floor((at - t0) / 1_000_000))];
    if (h.ok) b.ok++;
    else b.failed++;
  }
  return bins;
}
