/**
 * A failed checker's violations, each with where it happened (members, clients, index, term,
 * lease, keys) and a "Show" button that stops the run at that moment in the view that draws it.
 */
import { formatMs } from '../../check/history';
import type { CheckReport } from '../../scenario/report';
import { MAX_LISTED, leaseViolations, raftViolations, watchViolations, type LeaseMark } from './violationFocus';
import { showViolation } from './showViolation';
import { session } from '../app/runtime';
import { currentFocus } from './verdicts';

export function ViolationList({ checker, report }: { checker: string; report: CheckReport }) {
  if (checker === 'raftSafety') return <RaftList violations={raftViolations(report)} />;
  if (checker === 'lease') return <LeaseList marks={currentFocus(session()).leases} total={leaseViolations(report).length} />;
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

function LeaseList({ marks, total }: { marks: LeaseMark[]; total: number }) {
  const more = total - marks.length;
  return (
    <ol className="violations" aria-label="lease violations">
      {marks.map((m, i) => (
        <li key={i}>
          <span className="v-rule">{m.rule}</span>
          {m.at !== null && <span className="v-when mono">{formatMs(m.at / 1000)}</span>}
          <span className="v-msg">{m.message}</span>
          <span className="v-where">
            <span className="chip">lease {m.lease}</span>
            {m.clients.map((c) => <span key={c} className="chip">{c}</span>)}
            {m.keys.slice(0, 4).map((k) => <span key={k} className="chip mono" aria-label={`key ${k}`}>key {k}</span>)}
            {m.keys.length > 4 && <span className="chip">+{m.keys.length - 4} keys</span>}
          </span>
          {m.at !== null && (
            <button className="btn small" aria-label={`Show ${m.rule} of lease ${m.lease} at ${formatMs(m.at / 1000)} in the space-time diagram`} onClick={() => showViolation('spacetime', m.from ?? m.at!, m.at!)}>
              Show
            </button>
          )}
        </li>
      ))}
      {more > 0 && <li className="muted small">… {more} more</li>}
    </ol>
  );
}

function firstLeaderOf(term: number, fallback: number): number {
  const times = session().engine.leaders().filter((l) => l.term === term).map((l) => Math.round(l.atMs * 1000));
  return Math.min(fallback, ...times);
}
