/**
 * Space-time diagram (as in ShiViz and Maelstrom): a lane per node, time to the right, an
 * arrow per message from its send to its delivery. Follows the present; wheel zooms, drag
 * pans (d3-zoom); hovering a lane highlights the node in the topology and vice versa.
 * A checker violation is drawn over it (ViolationLayer): the history window's span and ops,
 * the instants Raft and lease rules broke, and the lanes of the members involved. A lease
 * revoke in the window (the pseudo-client `revoke:N`) gets a lane of its own, "lease N revoke",
 * between the members' lanes and the clients'.
 */
import * as d3 from 'd3';
import { useEffect, useRef, useState } from 'react';
import { session } from '../app/runtime';
import { useSize } from '../app/useSize';
import { useUi } from '../store/uiStore';
import { colorOf, isReply, verdictOf } from '../topology/messageKinds';
import { collectLanes, visibleArrows } from './arrows';
import { currentFocus } from '../verdicts/verdicts';
import { clientLabel, isRevokeClient } from '../verdicts/violationFocus';
import { ViolationLayer } from './ViolationLayer';

const LABEL_W = 56;
/** Virtual time shown at zoom 1. */
const BASE_SPAN = 250_000;

export default function SpaceTime() {
  useUi((s) => s.frame);
  const hoverNode = useUi((s) => s.hoverNode);
  const selectedMsg = useUi((s) => s.selectedMsg);
  const [ref, { width, height }] = useSize<HTMLDivElement>();
  const svgRef = useRef<SVGSVGElement>(null);
  const [transform, setTransform] = useState(d3.zoomIdentity);
  const zoomRef = useRef<d3.ZoomBehavior<SVGSVGElement, unknown> | null>(null);

  useEffect(() => {
    const zoom = d3.zoom<SVGSVGElement, unknown>().scaleExtent([0.002, 50]).on('zoom', (e) => setTransform(e.transform));
    zoomRef.current = zoom;
    const svg = d3.select(svgRef.current!);
    svg.call(zoom).on('dblclick.zoom', null);
    return () => void svg.on('.zoom', null);
  }, []);

  // "Show" on a violation asks for a span: zoom so that it fills the width, once.
  const focusSpan = useUi((s) => s.spaceTimeFocus);
  useEffect(() => {
    if (!focusSpan || width === 0 || !zoomRef.current) return;
    const now = session().now;
    const W = Math.max(10, width - 14 - LABEL_W);
    const k = BASE_SPAN / Math.max(1000, focusSpan.to - focusSpan.from);
    const baseFrom = LABEL_W + ((focusSpan.from - (now - BASE_SPAN)) / BASE_SPAN) * W;
    const t = d3.zoomIdentity.translate(LABEL_W - k * baseFrom, 0).scale(k);
    d3.select(svgRef.current!).call(zoomRef.current.transform, t);
    useUi.getState().set({ spaceTimeFocus: null });
  }, [focusSpan, width]);

  const s = session();
  const now = s.now;
  const focus = currentFocus(s);
  const revokeLanes = [...new Set((focus.window?.ops ?? []).map((o) => o.client).filter(isRevokeClient))];
  // A revoke is the cluster's doing (the leader's entry): its lane sits between members and clients.
  const hostLanes = collectLanes(s);
  const members = s.engine.world.hosts.filter((h) => h.role === 'server').length;
  const lanes = [...hostLanes.slice(0, members), ...revokeLanes, ...hostLanes.slice(members)];
  const h = Math.max(60, height - 4);
  const laneH = Math.max(16, Math.min(34, (h - 22) / Math.max(1, lanes.length)));
  const laneY = new Map(lanes.map((id, i) => [id, 18 + i * laneH + laneH / 2]));
  // The base scale ends at "now"; zoom and pan apply on top, so the view follows the run.
  const base = d3.scaleLinear().domain([now - BASE_SPAN, now]).range([LABEL_W, Math.max(LABEL_W + 10, width - 14)]);
  const x = transform.rescaleX(base);
  const [t0, t1] = x.domain();
  const { arrows, marks } = visibleArrows(s, t0, t1, 1500);
  const ticks = x.ticks(Math.max(2, Math.floor(width / 120)));
  const following = transform.x === 0 && transform.k === 1;

  return (
    <div className="spacetime" ref={ref}>
      <svg ref={svgRef} width={width} height={h} role="img" aria-label={`Space-time diagram, ${Math.round((t1 - t0) / 1000)} ms shown${focus.failed.length > 0 ? `; ${focus.failed.join(' and ')} violation marked` : ''}`}>
        <defs>
          <marker id="st-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M 0 0 L 8 4 L 0 8 z" fill="context-stroke" />
          </marker>
        </defs>
        {ticks.map((t) => (
          <g key={t} transform={`translate(${x(t)},0)`} className="st-tick">
            <line y1={14} y2={h} />
            <text y={10}>{(t / 1e6).toFixed(3)}s</text>
          </g>
        ))}
        {lanes.map((id) => (
          isRevokeClient(id) ? (
            // Not a host: no messages, no hover link to the topology; its label may run long.
            <g key={id} className="st-lane revoke">
              <rect x={0} y={laneY.get(id)! - laneH / 2} width={width} height={laneH} className="st-band" />
              <line x1={LABEL_W} x2={width} y1={laneY.get(id)} y2={laneY.get(id)} />
              <text x={8} y={laneY.get(id)! + 4}>{clientLabel(id)}</text>
            </g>
          ) : (
            <g key={id} className={`st-lane ${hoverNode === id ? 'hot' : ''} ${focus.nodes.has(id) ? 'violating' : ''}`} onMouseEnter={() => useUi.getState().set({ hoverNode: id })} onMouseLeave={() => useUi.getState().set({ hoverNode: null })}>
              <rect x={0} y={laneY.get(id)! - laneH / 2} width={width} height={laneH} className="st-band" />
              <line x1={LABEL_W} x2={width} y1={laneY.get(id)} y2={laneY.get(id)} />
              <text x={8} y={laneY.get(id)! + 4}>{focus.nodes.has(id) ? `⚠ ${id}` : id}</text>
            </g>
          )
        ))}
        {arrows.map((a) => {
          const y1 = laneY.get(a.from);
          const y2 = laneY.get(a.to);
          if (y1 === undefined || y2 === undefined) return null;
          const end = Math.min(a.end, now);
          const x2 = x(end);
          const rejected = isReply(a.type) && verdictOf(a.msg) === 'rejected';
          const frac = a.end > a.start ? (end - a.start) / (a.end - a.start) : 1;
          const yEnd = y1 + (y2 - y1) * frac;
          const hot = hoverNode !== null && (a.from === hoverNode || a.to === hoverNode);
          return (
            <g key={a.key} className={`st-msg ${hot ? 'hot' : ''} ${selectedMsg === a.msgId ? 'selected' : ''}`} onClick={() => useUi.getState().set({ selectedMsg: a.msgId })}>
              <line x1={x(a.start)} y1={y1} x2={x2} y2={yEnd} style={{ stroke: colorOf(a.type) }} strokeDasharray={rejected ? '3 3' : undefined} markerEnd={a.dropped || end < a.end ? undefined : 'url(#st-arrow)'} />
              {a.dropped && <path d="M -4 -4 L 4 4 M 4 -4 L -4 4" transform={`translate(${x2},${yEnd})`} className="st-drop" />}
              <title>{`${a.type} ${a.from}→${a.to}${a.dropped ? ` dropped (${a.reason})` : ''}`}</title>
            </g>
          );
        })}
        {marks.map((m) => {
          const y = laneY.get(m.node);
          const violating = m.kind === 'leader' && focus.leaderTerms.some((l) => l.node === m.node && l.term === m.term);
          return (
            <g key={m.key} transform={`translate(${x(m.at)},${y ?? 16})`} className={`st-mark ${m.kind} ${violating ? 'violating' : ''}`}>
              {m.kind === 'leader' ? <path d="M 0 -7 L 6 0 L 0 7 L -6 0 Z" /> : <rect x={-2} y={-laneH / 2 + 2} width={4} height={laneH - 4} rx={1} />}
              <title>{m.label}</title>
            </g>
          );
        })}
        <ViolationLayer focus={focus} x={x} laneY={laneY} laneH={laneH} height={h} width={width} now={now} />
        <line className="st-now" x1={x(now)} x2={x(now)} y1={14} y2={h} />
      </svg>
      {!following && (
        <button className="btn small st-follow" onClick={() => d3.select(svgRef.current!).transition().duration(250).call(zoomRef.current!.transform, d3.zoomIdentity)}>
          Follow now
        </button>
      )}
    </div>
  );
}
