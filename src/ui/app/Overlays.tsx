/**
 * The `?` overlay (keyboard shortcuts and the console's commands) and the "about this run"
 * box (seed, actions, trace hash).
 */
import { COMMANDS } from '../console/commands';
import { session } from './runtime';
import { SHORTCUTS } from './shortcuts';
import { useUi } from '../store/uiStore';
import { formatClock } from '../controls/format';

export function HelpOverlay() {
  const help = useUi((s) => s.help);
  if (!help) return null;
  const close = () => useUi.getState().set({ help: false });
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={close}>
      <div className="card" onClick={(e) => e.stopPropagation()}>
        <div className="help-columns">
          <section aria-label="Shortcuts">
            <h2>Keyboard shortcuts</h2>
            <table className="shortcuts">
              <tbody>
                {SHORTCUTS.map(([k, what]) => <tr key={k}><td><kbd>{k}</kbd></td><td>{what}</td></tr>)}
              </tbody>
            </table>
          </section>
          <section aria-label="Console commands">
            <h2>Console commands <span className="muted small">(<kbd>/</kbd> or <kbd>5</kbd>; hover for help)</span></h2>
            <ul className="help-commands mono">
              {Object.values(COMMANDS).map((c) => <li key={c.usage} title={c.help}>{c.usage}</li>)}
            </ul>
          </section>
        </div>
        <button className="btn" onClick={close} autoFocus>Close</button>
      </div>
    </div>
  );
}

export function AboutBox() {
  useUi((s) => s.slowFrame);
  const about = useUi((s) => s.about);
  if (!about) return null;
  const s = session();
  const e = s.engine;
  return (
    <div className="about card" role="dialog" aria-label="About this run">
      <h2>About this run</h2>
      <dl className="facts">
        <div className="fact"><dt>scenario</dt><dd>{e.scenario.name}</dd></div>
        <div className="fact"><dt>seed</dt><dd className="mono">{e.scenario.seed}</dd></div>
        <div className="fact"><dt>engine</dt><dd>{e.kind === 'raft' ? 'etcd members (Raft)' : 'kernel only (ping fixture)'}</dd></div>
        <div className="fact"><dt>virtual time</dt><dd className="mono">{formatClock(s.now)}</dd></div>
        <div className="fact"><dt>events</dt><dd className="mono">{e.world.state.events}</dd></div>
        <div className="fact"><dt>actions</dt><dd className="mono">{e.scenario.actions.length}</dd></div>
        <div className="fact"><dt>trace hash</dt><dd className="mono" data-testid="trace-hash">{e.traceHash()}</dd></div>
      </dl>
      <p className="muted small">Export the scenario and run <code>npm run sim -- FILE.json --until {Math.round(s.now / 1000)}ms</code>: it prints the same trace hash.</p>
      <button className="btn" onClick={() => useUi.getState().set({ about: false })}>Close</button>
    </div>
  );
}
