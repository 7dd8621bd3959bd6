/**
 * One member on the ring: a disc coloured by role, its id and term, and an arc that fills as
 * its election timer runs (a follower whose arc closes becomes a candidate).
 */
import { memo } from 'react';
import type { NodeReport } from '../../scenario/report';
import { NODE_R } from './layout';

export interface NodeLook {
  id: string;
  x: number;
  y: number;
  role: NodeReport['role'] | 'client';
  term: number;
  up: boolean;
  paused: boolean;
  /** 0..1 of the election timeout elapsed; null when it does not apply. */
  timer: number | null;
  commit: number;
  selected: boolean;
  grouped: boolean;
  hovered: boolean;
  isolated: boolean;
  /** Named by a failed checker verdict (see verdicts/violationFocus.ts). */
  violating: boolean;
}

const ROLE_FILL: Record<string, string> = {
  leader: 'var(--leader)',
  candidate: 'var(--candidate)',
  'pre-candidate': 'var(--precandidate)',
  learner: 'var(--node-fill)',
  follower: 'var(--node-fill)',
  down: 'var(--node-fill)',
  removed: 'var(--node-fill)',
  client: 'var(--panel-2)',
};

export function roleLabel(n: Pick<NodeLook, 'role' | 'up' | 'paused'>): string {
  if (!n.up) return 'crashed';
  if (n.paused) return `${n.role}, paused`;
  return n.role;
}

export function accessibleName(n: NodeLook, raft: boolean): string {
  if (n.role === 'client') return `${n.id}, client`;
  if (!raft) return `${n.id}, ${n.up ? (n.paused ? 'paused' : 'up') : 'crashed'}`;
  return `${n.id}, ${roleLabel(n)}, term ${n.term}`;
}

function arcPath(r: number, frac: number): string {
  const f = Math.max(0.0001, Math.min(0.9999, frac));
  const a = f * 2 * Math.PI;
  const x = r * Math.sin(a);
  const y = -r * Math.cos(a);
  return `M 0 ${-r} A ${r} ${r} 0 ${f > 0.5 ? 1 : 0} 1 ${x} ${y}`;
}

interface Props {
  n: NodeLook;
  raft: boolean;
  onSelect: (id: string, additive: boolean) => void;
  onHover: (id: string | null) => void;
}

export const NodeGlyph = memo(function NodeGlyph({ n, raft, onSelect, onHover }: Props) {
  const hot = n.role === 'leader' || n.role === 'candidate' || n.role === 'pre-candidate';
  const r = n.role === 'client' ? NODE_R * 0.7 : NODE_R;
  const ink = hot && n.up ? 'var(--accent-ink)' : 'var(--text)';
  const cls = ['node', n.up ? '' : 'down', n.paused ? 'paused' : '', n.selected ? 'selected' : '', n.grouped ? 'grouped' : ''].join(' ');
  return (
    <g
      className={cls}
      transform={`translate(${n.x},${n.y})`}
      role="button"
      tabIndex={0}
      aria-label={accessibleName(n, raft)}
      aria-pressed={n.selected}
      aria-description={n.violating ? 'named by a checker violation' : undefined}
      data-node={n.id}
      onClick={(e) => { e.stopPropagation(); onSelect(n.id, e.shiftKey || e.metaKey || e.ctrlKey); }}
      onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(n.id, e.shiftKey); } }}
      onMouseEnter={() => onHover(n.id)}
      onMouseLeave={() => onHover(null)}
    >
      {(n.selected || n.grouped || n.hovered) && <circle r={r + 14} className={n.grouped ? 'halo group' : 'halo'} />}
      {n.violating && <circle r={r + 10} className="violation-ring" />}
      <circle r={r + 6} className="timer-track" />
      {n.timer !== null && n.up && <path d={arcPath(r + 6, n.timer)} className={`timer-arc ${n.timer > 0.8 ? 'late' : ''}`} />}
      <circle
        r={r}
        className="disc"
        style={{ fill: n.up ? ROLE_FILL[n.role] : 'var(--node-fill)', stroke: n.role === 'learner' ? 'var(--learner)' : undefined }}
        strokeDasharray={n.role === 'pre-candidate' ? '6 4' : n.up ? undefined : '4 5'}
      />
      {n.role === 'client' ? (
        <text className="node-id" y={5} style={{ fill: 'var(--m-client)' }}>{n.id}</text>
      ) : (
        <>
          <text className="node-id" y={raft ? -2 : 6} style={{ fill: n.up ? ink : 'var(--faint)' }}>{n.id}</text>
          {raft && <text className="node-term" y={17} style={{ fill: n.up ? ink : 'var(--faint)' }}>term {n.term}</text>}
        </>
      )}
      {!n.up && <path className="cross" d="M -14 -14 L 14 14 M 14 -14 L -14 14" transform={`translate(${r * 0.72},${-r * 0.72}) scale(0.5)`} />}
      {n.paused && n.up && (
        <g className="pause-badge" transform={`translate(${r * 0.72},${-r * 0.72})`}>
          <circle r={11} />
          <rect x={-5} y={-5.5} width={3.5} height={11} rx={1} />
          <rect x={1.5} y={-5.5} width={3.5} height={11} rx={1} />
        </g>
      )}
      <text className={`node-role role-${n.up ? n.role : 'down'}`} y={r + 26}>
        {n.role === 'client' ? 'client' : raft ? roleLabel(n) : roleLabel({ ...n, role: 'follower' }).replace('follower', 'up')}
      </text>
      {n.isolated && <text className="node-note" y={r + 44}>isolated</text>}
    </g>
  );
});
