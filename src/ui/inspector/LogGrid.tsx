/**
 * Every member's Raft log, aligned by index: a row per member, a column per index. Colour is
 * the entry's term; committed entries are solid, uncommitted ones outlined, and the compacted
 * prefix (folded into a snapshot) is hatched. Shows the newest indexes that fit.
 */
import { session } from '../app/runtime';
import { useSize } from '../app/useSize';
import { useUi } from '../store/uiStore';
import { termColor } from './termColor';

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
  const first = Math.max(1, last - cols + 1);
  const indexes = Array.from({ length: Math.min(cols, last - first + 1) }, (_, i) => first + i);
  const rowH = Math.max(16, Math.min(30, (Math.max(100, height) - 12) / (nodes.length + 1)));
  return (
    <div className="log-grid" ref={ref}>
      <svg width={width} height={(nodes.length + 1) * rowH + 4} role="img" aria-label={`Raft logs up to index ${last}`}>
        <g transform={`translate(${LABEL_W},0)`}>
          {indexes.filter((i) => i % 5 === 0 || i === first).map((i) => (
            <text key={i} className="lg-index" x={(i - first) * CELL + CELL / 2} y={13}>{i}</text>
          ))}
        </g>
        {nodes.map((n, r) => {
          const y = (r + 1) * rowH;
          const byIndex = new Map(n.log.map((e) => [e.index, e]));
          return (
            <g key={n.id} transform={`translate(0,${y})`} className={`lg-row ${selectedNode === n.id ? 'selected' : ''} ${n.up ? '' : 'down'}`} onClick={() => useUi.getState().set({ selectedNode: n.id, selectedMsg: null })}>
              <text className="lg-label" x={8} y={rowH / 2 + 5}>
                {n.id}
                <tspan className="lg-role" dx={6}>{n.role === 'leader' ? '★' : ''} c{n.commit}</tspan>
              </text>
              <g transform={`translate(${LABEL_W},0)`}>
                {indexes.map((i) => {
                  const x = (i - first) * CELL;
                  if (i <= n.snapshotIndex) return <rect key={i} x={x + 1} y={2} width={CELL - 2} height={rowH - 6} rx={3} className="lg-compacted"><title>{`${i}: compacted into the snapshot`}</title></rect>;
                  const e = byIndex.get(i);
                  if (!e) return null;
                  const committed = i <= n.commit;
                  const c = termColor(e.term);
                  return (
                    <g key={i} transform={`translate(${x},0)`}>
                      <rect x={1} y={2} width={CELL - 2} height={rowH - 6} rx={3} style={committed ? { fill: c } : { fill: 'transparent', stroke: c, strokeWidth: 1.5, strokeDasharray: '3 2' }} />
                      <text x={CELL / 2} y={rowH / 2 + 3} className={`lg-term ${committed ? 'c' : ''}`}>{e.term}</text>
                      <title>{`index ${i}, term ${e.term}${committed ? ', committed' : ', not committed'}: ${e.command || '(empty entry of a new leader)'}`}</title>
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
