/**
 * Live checker verdicts: Raft safety invariants, linearizability of the client history,
 * watch guarantees and lease safety. A failed verdict lists its violations (each can be shown
 * where it happened) and, for linearizability, the history window that cannot be ordered.
 */
import { session } from '../app/runtime';
import { useUi } from '../store/uiStore';
import { HistoryWindow } from '../verdicts/HistoryWindow';
import { currentFocus, currentVerdicts } from '../verdicts/verdicts';
import { relabelClients } from '../verdicts/violationFocus';
import { ViolationList } from '../verdicts/ViolationList';

export function ChecksPanel() {
  useUi((s) => s.slowFrame);
  const s = session();
  const checks = Object.entries(currentVerdicts(s));
  if (checks.length === 0) return <p className="muted pad">No checkers run in the kernel-only view.</p>;
  const history = s.engine.history();
  const focus = currentFocus(s);
  return (
    <div className={`checks ${focus.window ? 'with-window' : ''}`}>
      <div className="checks-main">
        <ul className="check-list" aria-label="Checker verdicts">
          {checks.map(([name, c]) => (
            <li key={name} className={c.ok ? 'ok' : 'bad'} aria-label={`${name}: ${c.ok ? 'holds' : 'violated'}`}>
              <div className="check-line">
                <span className="verdict" aria-hidden>{c.ok ? '✓' : '✕'}</span>
                <strong>{name}</strong>
                <span className="muted">{c.ok ? 'holds' : 'VIOLATED'}</span>
                {c.detail && <span className="detail">{relabelClients(c.detail)}</span>}
              </div>
              {!c.ok && <ViolationList checker={name} report={c} />}
            </li>
          ))}
        </ul>
        <p className="muted small">{history.length} client operations so far · {history.filter((h) => h.completeMs === null).length} with unknown outcome</p>
      </div>
      {focus.window && <HistoryWindow window={focus.window} history={history} />}
    </div>
  );
}
