/** The tabbed panel under the topology: logs, space-time, charts, checks, console. */
import { lazy, Suspense, useState } from 'react';
import { useUi, type BottomPanel as PanelName } from '../store/uiStore';
import { LogGrid } from '../inspector/LogGrid';
import { ChecksPanel } from '../inspector/ChecksPanel';
import { Console } from '../console/Console';

const SpaceTime = lazy(() => import('../spacetime/SpaceTime'));
const Charts = lazy(() => import('../charts/Charts'));

const TABS: { id: PanelName; label: string }[] = [
  { id: 'logs', label: 'Logs' },
  { id: 'spacetime', label: 'Space-time' },
  { id: 'charts', label: 'Charts' },
  { id: 'checks', label: 'Checks' },
  { id: 'console', label: 'Console' },
];

export function BottomPanel() {
  const panel = useUi((s) => s.panel);
  const set = useUi((s) => s.set);
  const [collapsed, setCollapsed] = useState(false);
  return (
    <section className={`bottom ${collapsed ? 'collapsed' : ''}`}>
      <div className="tabs" role="tablist" aria-label="Views">
        {TABS.map((t, i) => (
          <button key={t.id} role="tab" id={`tab-${t.id}`} aria-selected={panel === t.id} aria-controls="bottom-panel" className={`tab ${panel === t.id ? 'active' : ''}`} onClick={() => { if (panel === t.id) setCollapsed(!collapsed); else { set({ panel: t.id }); setCollapsed(false); } }} title={`${t.label} (${i + 1})`}>
            {t.label}
          </button>
        ))}
      </div>
      <div className="panel-body" id="bottom-panel" role="tabpanel" aria-labelledby={`tab-${panel}`}>
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {panel === 'logs' && <LogGrid />}
          {panel === 'spacetime' && <SpaceTime />}
          {panel === 'charts' && <Charts />}
          {panel === 'checks' && <ChecksPanel />}
          {panel === 'console' && <Console />}
        </Suspense>
      </div>
    </section>
  );
}
