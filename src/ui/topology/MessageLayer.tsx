/**
 * Messages on the wire: each moves from sender to receiver between its send and delivery
 * times (virtual time, so the speed slider slows them); held messages wait near the receiver;
 * dropped ones fall away. Replies show their verdict: a ring for accepted, a cross for rejected.
 */
import { useRef } from 'react';
import type { Fall, Flight } from '../engine/recorder';
import type { Placed } from './layout';
import { alongLink } from './layout';
import { colorOf, entryCount, isReply, verdictOf } from './messageKinds';

const LANE = 7;
/** Wall milliseconds a drop takes to fall, whatever the speed. */
const FALL_MS = 900;

export interface HeldMessage {
  msgId: number;
  from: string;
  to: string;
  type: string;
  msg: unknown;
}

interface Props {
  now: number;
  flights: Flight[];
  held: HeldMessage[];
  falls: Fall[];
  nodes: Map<string, Placed>;
  selectedMsg: number | null;
  onSelect: (msgId: number) => void;
}

function Dot({ type, msg, x, y, selected, label, onClick, held }: { type: string; msg: unknown; x: number; y: number; selected: boolean; label: string; onClick?: () => void; held?: boolean }) {
  const color = colorOf(type);
  const r = 6 + Math.min(4, entryCount(msg));
  const verdict = isReply(type) ? verdictOf(msg) : null;
  return (
    <g transform={`translate(${x},${y})`} className={`msg ${held ? 'held' : ''} ${selected ? 'selected' : ''}`} role="button" aria-label={label} onClick={(e) => { e.stopPropagation(); onClick?.(); }}>
      <circle r={r + 7} className="hit" />
      {selected && <circle r={r + 5} className="msg-halo" style={{ stroke: color }} />}
      {isReply(type) ? (
        <circle r={r - 1} style={{ fill: 'var(--bg)', stroke: verdict === 'rejected' ? 'var(--danger)' : color, strokeWidth: 3.5 }} />
      ) : (
        <circle r={r} style={{ fill: color }} />
      )}
      {verdict === 'rejected' && <path d="M -3 -3 L 3 3 M 3 -3 L -3 3" className="reject-x" />}
      {held && <circle r={r + 3} className="held-ring" style={{ stroke: color }} />}
    </g>
  );
}

export function MessageLayer({ now, flights, held, falls, nodes, selectedMsg, onSelect }: Props) {
  // Falls animate in wall time so a drop is visible at any speed; remember when each began.
  const fallStart = useRef(new Map<string, number>());
  const wall = performance.now();
  const seen = new Set<string>();
  const falling: { f: Fall; age: number }[] = [];
  for (const f of falls) {
    const key = `${f.msgId}@${f.droppedAt}`;
    seen.add(key);
    let start = fallStart.current.get(key);
    if (start === undefined) fallStart.current.set(key, (start = wall));
    const age = (wall - start) / FALL_MS;
    if (age < 1) falling.push({ f, age });
  }
  for (const key of fallStart.current.keys()) if (!seen.has(key)) fallStart.current.delete(key);

  const queued = new Map<string, number>();
  return (
    <g className="messages">
      {flights.map((f) => {
        const a = nodes.get(f.from);
        const b = nodes.get(f.to);
        if (!a || !b || f.sentAt > now) return null;
        const span = f.deliverAt - f.sentAt;
        const t = span <= 0 ? 1 : Math.min(1, (now - f.sentAt) / span);
        const p = alongLink(a, b, t, LANE);
        return <Dot key={`${f.msgId}-${f.duplicate ? 'd' : 'o'}`} type={f.type} msg={f.msg} x={p.x} y={p.y} selected={selectedMsg === f.msgId} label={`${f.type} from ${f.from} to ${f.to}`} onClick={() => onSelect(f.msgId)} />;
      })}
      {held.map((h) => {
        const a = nodes.get(h.from);
        const b = nodes.get(h.to);
        if (!a || !b) return null;
        // Several held on one link queue up behind each other.
        const link = `${h.from}>${h.to}`;
        const k = queued.get(link) ?? 0;
        queued.set(link, k + 1);
        const p = alongLink(a, b, Math.max(0.3, 0.82 - k * 0.09), LANE);
        return <Dot key={`h${h.msgId}`} type={h.type} msg={h.msg} x={p.x} y={p.y} held selected={selectedMsg === h.msgId} label={`held ${h.type} from ${h.from} to ${h.to}`} onClick={() => onSelect(h.msgId)} />;
      })}
      {falling.map(({ f, age }) => {
        const a = nodes.get(f.from);
        const b = nodes.get(f.to);
        if (!a || !b) return null;
        const span = f.deliverAt - f.sentAt;
        const t = span <= 0 ? 0.15 : Math.min(1, Math.max(0.15, (f.droppedAt - f.sentAt) / span));
        const p = alongLink(a, b, t, LANE);
        // Gravity: y grows with the square of age; a slight drift sideways; fade out.
        return (
          <g key={`f${f.msgId}@${f.droppedAt}`} className="fall" transform={`translate(${p.x + age * 14},${p.y + age * age * 90}) rotate(${age * 120})`} opacity={1 - age}>
            <circle r={6} style={{ fill: colorOf(f.type) }} />
            <path d="M -4 -4 L 4 4 M 4 -4 L -4 4" className="drop-x" />
          </g>
        );
      })}
    </g>
  );
}
