/**
 * Every member's Raft log, aligned by index: a row per member, a column per index. Colour is
 * the entry's term; committed entries are solid, uncommitted ones outlined, and the compacted
 * prefix (folded into a snapshot) is hatched. Shows the newest indexes that fit, or, when a
 * checker names older indexes, those: cells a violation points at are outlined in red.
 */
import { session } from '../app/runtime';
import { useSize } from '../app/useSize';
import { useUi } from '../store/uiStore';
import { termColor } from './termColor';
import { cellMark } from '../verdicts/violationFocus';
import { currentFocus } from '../verdicts/verdicts';

const CELL = 26;
const LABEL_W = 92;

export function LogGrid() {
  useUi((s) => s.slowFrame);
  const selectedNode = useUi((s) => s.selectedNode);
  const [ref, { width, height }] = useSize<HTMLDivElement>();
  const s = session();
  if (s.engine.kind !== 'raft') return <p className="muted pad">The log grid needs the etcd members (the kernel view runs a ping fixture).</p>;
  const state = s.state();
  const nodes = state.nodes.filter((n) => !n.removed);
  const last = Math.max(0, ...nodes.map((n) => (n.log.length ? n.log[n.log.length - 1].index : n.snapshotIndex)));
  const cols = Math.max(4, Math.floor((width - LABEL_W - 16) / CELL));
  const focus = currentFocus(s);
  const marked = focus.cells.flatMap((c) => (c.index !== undefined ? [c.index] : []));
  let first = Math.max(1, last - cols + 1);
  // A violation at an index that scrolled out of view brings the window back to it.
  if (marked.length > 0 && Math.min(...marked) < first) first = Math.max(1, Math.min(...marked) - 2);
  const indexes = Array.from({ length: Math.max(0, Math.min(cols, last - first + 1)) }, (_, i) => first + i);
  const logs = new Map(nodes.map((n) => [n.id, new Map(n.log.map((e) => [e.index, e]))]));
  const markOf = (n: (typeof nodes)[number], i: number) => {
    if (i <= n.snapshotIndex) return null; // compacted: drawn hatched, nothing to point at
    const node = n.id;
    const e = logs.get(node)!.get(i);
    const m = cellMark(focus, node, i, e?.term ?? -1);
    // A missing entry is marked only where the violation names that node.
    return m && (e || m.node === node) ? m : null;
  };
  const markedCells = nodes.reduce((sum, n) => sum + indexes.filter((i) => markOf(n, i)).length, 0);
  const rowH = Math.max(16, Math.min(30, (Math.max(100, height) - 12) / (nodes.length + 1)));
  return (
    <div className="log-grid" ref={ref}>
      <svg width={width} height={(nodes.length + 1) * rowH + 4} role="img" aria-label={`Raft logs up to index ${last}${markedCells > 0 ? `; ${markedCells} entries marked by a checker violation` : ''}`}>
        <g transform={`translate(${LABEL_W},0)`}>
          {indexes.filter((i) => i % 5 === 0 || i === first || marked.includes(i)).map((i) => (
            <text key={i} className="lg-index" x={(i - first) * CELL + CELL / 2} y={13}>{i}</text>
          ))}
        </g>
        {nodes.map((n, r) => {
          const y = (r + 1) * rowH;
          const byIndex = logs.get(n.id)!;
          return (
            <g key={n.id} transform={`translate(0,${y})`} className={`lg-row ${selectedNode === n.id ? 'selected' : ''} ${n.up ? '' : 'down'} ${focus.nodes.has(n.id) ? 'violating' : ''}`} onClick={() => useUi.getState().set({ selectedNode: n.id, selectedMsg: null })}>
              <text className="lg-label" x={8} y={rowH / 2 + 5}>
                {focus.nodes.has(n.id) ? `⚠ ${n.id}` : n.id}
                <tspan className="lg-role" dx={6}>{n.role === 'leader' ? '★' : ''} c{n.commit}</tspan>
              </text>
              <g transform={`translate(${LABEL_W},0)`}>
                {indexes.map((i) => {
                  const x = (i - first) * CELL;
                  if (i <= n.snapshotIndex) return <rect key={i} x={x + 1} y={2} width={CELL - 2} height={rowH - 6} rx={3} className="lg-compacted"><title>{`${i}: compacted into the snapshot`}</title></rect>;
                  const e = byIndex.get(i);
                  const mark = markOf(n, i);
                  if (!e) {
                    // A named node lacks the entry (e.g. a new leader missing a committed one).
                    return mark ? <rect key={i} x={x + 1} y={2} width={CELL - 2} height={rowH - 6} rx={3} className="lg-violation missing"><title>{`index ${i}: missing on ${n.id} · ${mark.why}`}</title></rect> : null;
                  }
                  const committed = i <= n.commit;
                  const c = termColor(e.term);
                  return (
                    <g key={i} transform={`translate(${x},0)`}>
                      <rect x={1} y={2} width={CELL - 2} height={rowH - 6} rx={3} style={committed ? { fill: c } : { fill: 'transparent', stroke: c, strokeWidth: 1.5, strokeDasharray: '3 2' }} />
                      <text x={CELL / 2} y={rowH / 2 + 3} className={`lg-term ${committed ? 'c' : ''}`}>{e.term}</text>
                      {mark && <rect x={-0.5} y={0.5} width={CELL + 1} height={rowH - 3} rx={4} className="lg-violation" />}
                      <title>{`index ${i}, term ${e.term}${committed ? ', committed' : ', not committed'}: ${e.command || '(empty entry of a new leader)'}${mark ? ` · violation: ${mark.why}` : ''}`}</title>
                    </g>
                  );
                })}
                {n.commit >= first && n.commit <= last && <line className="lg-commit" x1={(n.commit - first + 1) * CELL} x2={(n.commit - first + 1) * CELL} y1={0} y2={rowH - 2} />}
              </g>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
