/**
 * The run's timeline: 0 to the furthest time reached, with markers. Drag to rewind (or replay
 * forward): the session restores the nearest checkpoint and replays deterministically.
 */
import * as d3 from 'd3';
import { useMemo, useRef } from 'react';
import { seekTo, session } from '../app/runtime';
import { useSize } from '../app/useSize';
import { useUi } from '../store/uiStore';
import { formatClock } from '../controls/format';
import { collectMarkers } from './markers';

const H = 46;
const PAD = 14;

export function Timeline() {
  useUi((s) => s.slowFrame);
  useUi((s) => s.frame);
  const [ref, { width }] = useSize<HTMLDivElement>();
  const dragging = useRef(false);
  const s = session();
  const end = Math.max(s.horizon, s.now, 5_000_000) * 1.02;
  const x = useMemo(() => d3.scaleLinear().domain([0, end]).range([PAD, Math.max(PAD + 1, width - PAD)]), [end, width]);
  const markers = collectMarkers(s);
  const ticks = x.ticks(Math.max(2, Math.floor(width / 110)));

  const seekAt = (clientX: number, el: Element) => {
    const box = el.getBoundingClientRect();
    const t = Math.max(0, Math.min(s.horizon, x.invert(clientX - box.left)));
    seekTo(t);
  };

  return (
    <div className="timeline" ref={ref}>
      <svg
        width={width}
        height={H}
        role="slider"
        tabIndex={0}
        aria-label="Timeline"
        aria-valuemin={0}
        aria-valuemax={Math.round(s.horizon / 1000)}
        aria-valuenow={Math.round(s.now / 1000)}
        aria-valuetext={formatClock(s.now)}
        onPointerDown={(e) => {
          dragging.current = true;
          (e.currentTarget as Element).setPointerCapture(e.pointerId);
          useUi.getState().set({ playing: false });
          seekAt(e.clientX, e.currentTarget);
        }}
        onPointerMove={(e) => { if (dragging.current) seekAt(e.clientX, e.currentTarget); }}
        onPointerUp={() => { dragging.current = false; }}
        onKeyDown={(e) => {
          const stepUs = e.shiftKey ? 5_000_000 : 500_000;
          if (e.key === 'ArrowLeft') { e.preventDefault(); seekTo(Math.max(0, s.now - stepUs)); }
          if (e.key === 'ArrowRight') { e.preventDefault(); seekTo(Math.min(s.horizon, s.now + stepUs)); }
        }}
      >
        <rect x={PAD} y={20} width={Math.max(0, x(s.horizon) - PAD)} height={6} rx={3} className="tl-reached" />
        <rect x={PAD} y={20} width={Math.max(0, x(s.now) - PAD)} height={6} rx={3} className="tl-played" />
        {ticks.map((t) => (
          <g key={t} transform={`translate(${x(t)},0)`} className="tl-tick">
            <line y1={30} y2={34} />
            <text y={44}>{t / 1e6}s</text>
          </g>
        ))}
        {markers.map((m, i) => (
          <g key={i} transform={`translate(${x(m.at)},0)`} className={`tl-marker ${m.kind}`}>
            <title>{`${formatClock(m.at)} · ${m.label}`}</title>
            {m.kind === 'leader' ? <path d="M 0 9 L 4 14 L 0 19 L -4 14 Z" /> : m.kind === 'violation' ? <path d="M 0 6 L 6 17 L -6 17 Z" /> : <rect x={-1.5} y={8} width={3} height={11} rx={1} />}
          </g>
        ))}
        <g transform={`translate(${x(s.now)},0)`} className="tl-head">
          <line y1={4} y2={34} />
          <circle cy={23} r={6} />
        </g>
      </svg>
    </div>
  );
}
