/** Live checker verdicts: Raft safety invariants and linearizability of the client history. */
import { session } from '../app/runtime';
import { useUi } from '../store/uiStore';

export function ChecksPanel() {
  useUi((s) => s.slowFrame);
  const s = session();
  const checks = Object.entries(s.engine.checks());
  const history = s.engine.history();
  if (checks.length === 0) return <p className="muted pad">No checkers run in the kernel-only view.</p>;
  return (
    <div className="checks">
      <ul className="check-list" aria-label="Checker verdicts">
        {checks.map(([name, c]) => (
          <li key={name} className={c.ok ? 'ok' : 'bad'}>
            <span className="verdict" aria-hidden>{c.ok ? '✓' : '✕'}</span>
            <strong>{name}</strong>
            <span className="muted">{c.ok ? 'holds' : 'VIOLATED'}</span>
            {c.detail && <span className="detail">{c.detail}</span>}
          </li>
        ))}
      </ul>
      <p className="muted small">{history.length} client operations so far · {history.filter((h) => h.completeMs === null).length} with unknown outcome</p>
    </div>
  );
}
