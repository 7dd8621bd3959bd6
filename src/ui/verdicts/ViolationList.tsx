/**
 * A failed checker's violations, each with where it happened (members, index, term) and a
 * "Show" button that stops the run at that moment in the view that draws it.
 */
import { formatMs } from '../../check/history';
import type { CheckReport } from '../../scenario/report';
import { MAX_LISTED, raftViolations, watchViolations } from './violationFocus';
import { showViolation } from './showViolation';
import { session } from '../app/runtime';

export function ViolationList({ checker, report }: { checker: string; report: CheckReport }) {
  if (checker === 'raftSafety') return <RaftList violations={raftViolations(report)} />;
  if (checker === 'watch') {
    const vs = watchViolations(report);
    return (
      <ol className="violations" aria-label="watch violations">
        {vs.slice(0, MAX_LISTED).map((v, i) => (
          <li key={i}><span className="v-rule">{v.rule}</span><span className="v-msg">{v.message}</span><span className="chip">{v.watcher}</span></li>
        ))}
      </ol>
    );
  }
  return null;
}

function RaftList({ violations }: { violations: ReturnType<typeof raftViolations> }) {
  const more = violations.length - MAX_LISTED;
  return (
    <ol className="violations" aria-label="raftSafety violations">
      {violations.slice(0, MAX_LISTED).map((v, i) => {
        const at = Math.round(v.atMs * 1000);
        // A broken index is drawn in the log grid; an election in the space-time diagram.
        const view = v.index !== undefined ? 'logs' : 'spacetime';
        // Two leaders of one term: show from the first one's election.
        const from = v.rule === 'election-safety' && v.term !== undefined ? firstLeaderOf(v.term, at) : at;
        return (
          <li key={i}>
            <span className="v-rule">{v.rule}</span>
            <span className="v-when mono">{formatMs(v.atMs)}</span>
            <span className="v-msg">{v.message}</span>
            <span className="v-where">
              {(v.nodes ?? []).map((n) => <span key={n} className="chip">{n}</span>)}
              {v.index !== undefined && <span className="chip">index {v.index}</span>}
              {v.term !== undefined && <span className="chip">term {v.term}</span>}
            </span>
            <button className="btn small" aria-label={`Show ${v.rule} at ${formatMs(v.atMs)} in the ${view === 'logs' ? 'log grid' : 'space-time diagram'}`} onClick={() => showViolation(view, from, at)}>
              Show
            </button>
          </li>
        );
      })}
      {more > 0 && <li className="muted small">… {more} more</li>}
    </ol>
  );
}

function firstLeaderOf(term: number, fallback: number): number {
  const times = session().engine.leaders().filter((l) => l.term === term).map((l) => Math.round(l.atMs * 1000));
  return Math.min(fallback, ...times);
}
