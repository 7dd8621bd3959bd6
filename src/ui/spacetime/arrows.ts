/** The space-time diagram's data: lanes, and the messages and events inside a time window. */
import type { Session } from '../engine/session';

export interface Arrow {
  key: string;
  msgId: number;
  from: string;
  to: string;
  type: string;
  msg: unknown;
  start: number;
  end: number;
  dropped: boolean;
  reason: string;
}

export interface LaneMark {
  key: string;
  node: string;
  at: number;
  kind: 'fault' | 'action' | 'leader';
  label: string;
  /** For a leader mark: the term it leads. */
  term?: number;
}

/** Servers first, then clients (the built-in console client only once it has been used). */
export function collectLanes(s: Session): string[] {
  const hosts = s.engine.world.hosts;
  return [...hosts.filter((h) => h.role === 'server'), ...hosts.filter((h) => h.role === 'client')].map((h) => h.id);
}

/** Longest flight we look back for (messages sent before the window but landing in it). */
const LOOKBACK = 2_000_000;

export function visibleArrows(s: Session, t0: number, t1: number, max: number): { arrows: Arrow[]; marks: LaneMark[] } {
  const recs = s.recorder.records;
  const arrows: Arrow[] = [];
  const marks: LaneMark[] = [];
  const open = new Map<number, Arrow[]>();
  const from = s.recorder.indexAt(t0 - LOOKBACK);
  for (let i = from; i < recs.length; i++) {
    const r = recs[i];
    if (r.at > t1) break;
    if (r.kind === 'send' && r.msgId !== undefined && r.deliverAt !== undefined) {
      const a: Arrow = { key: `${r.n}`, msgId: r.msgId, from: r.node, to: r.peer!, type: r.type!, msg: r.msg, start: r.at, end: r.deliverAt, dropped: false, reason: '' };
      if (a.end >= t0) arrows.push(a);
      const list = open.get(r.msgId);
      if (list) list.push(a);
      else open.set(r.msgId, [a]);
    } else if (r.kind === 'drop' && r.msgId !== undefined) {
      const a = open.get(r.msgId)?.shift();
      if (a) {
        a.end = r.at;
        a.dropped = true;
        a.reason = r.detail ?? '';
      } else if (r.at >= t0) {
        // Dropped at send: a short stub from the sender.
        arrows.push({ key: `${r.n}`, msgId: r.msgId, from: r.peer!, to: r.node, type: r.type!, msg: r.msg, start: r.at, end: r.at, dropped: true, reason: r.detail ?? '' });
      }
    } else if (r.kind === 'deliver' && r.msgId !== undefined) {
      const a = open.get(r.msgId)?.shift();
      if (a) a.end = r.at;
    } else if ((r.kind === 'fault' || r.kind === 'action') && r.at >= t0) {
      marks.push({ key: `${r.n}`, node: r.node, at: r.at, kind: r.kind, label: `${r.type} ${r.node}${r.detail ? ` (${r.detail})` : ''}` });
    }
  }
  for (const l of s.engine.leaders()) {
    const at = l.atMs * 1000;
    if (at >= t0 && at <= t1) marks.push({ key: `L${l.term}${l.node}`, node: l.node, at, kind: 'leader', term: l.term, label: `${l.node} became leader of term ${l.term}` });
  }
  return { arrows: arrows.length > max ? arrows.slice(arrows.length - max) : arrows, marks };
}
