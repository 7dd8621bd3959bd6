/** Timeline markers: faults and actions, elections and leader changes, checker verdicts. */
import type { Session } from '../engine/session';
import { currentFocus } from '../verdicts/verdicts';

export interface Marker {
  at: number;
  kind: 'fault' | 'action' | 'future' | 'leader' | 'election' | 'violation';
  label: string;
}

const QUIET_ACTIONS = new Set(['probe']);

export function collectMarkers(s: Session): Marker[] {
  const out: Marker[] = [];
  const now = s.now;
  for (const a of s.engine.scenario.actions) {
    if (QUIET_ACTIONS.has(a.do)) continue;
    const what = 'node' in a ? `${a.do} ${a.node}` : 'to' in a && a.to ? `${a.do} ${'from' in a && a.from ? `${a.from}→` : ''}${a.to}` : a.do;
    out.push({ at: a.at, kind: a.at > now ? 'future' : 'action', label: what });
  }
  let lastTerm = -1;
  for (const l of s.engine.leaders()) {
    const at = Math.round(l.atMs * 1000);
    if (at > now) continue;
    out.push({ at, kind: 'leader', label: `${l.node} leads term ${l.term}` });
    lastTerm = l.term;
  }
  void lastTerm;
  // Nemesis faults come through the trace, not the timeline.
  const recs = s.recorder.records;
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i];
    if (r.kind === 'fault' && r.detail?.startsWith('nemesis')) out.push({ at: r.at, kind: 'fault', label: `${r.type} ${r.node}` });
  }
  // A verdict sits where it turned: the first Raft violation, the op no order could place.
  for (const m of currentFocus(s).moments) out.push({ at: Math.min(m.at, now), kind: 'violation', label: m.label });
  return out;
}
