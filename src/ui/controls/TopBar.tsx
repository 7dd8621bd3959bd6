/**
 * The top bar: scenario, time controls (play, step, speed on a log scale, the virtual clock),
 * and the run's sharing and display switches.
 */
import { useRef } from 'react';
import { session, stepOnce } from '../app/runtime';
import { PRESETS } from '../app/presets';
import { MAX_SPEED, MIN_SPEED, useUi } from '../store/uiStore';
import { formatClock, formatSpeed } from './format';
import { exportScenario, importScenarioFile, loadPreset, shareRun } from './runActions';

export function TopBar() {
  useUi((s) => s.frame);
  const playing = useUi((s) => s.playing);
  const speed = useUi((s) => s.speed);
  const lagging = useUi((s) => s.lagging);
  const theme = useUi((s) => s.theme);
  const present = useUi((s) => s.present);
  const set = useUi((s) => s.set);
  const fileRef = useRef<HTMLInputElement>(null);
  const s = session();
  const name = s.engine.scenario.name;
  const preset = PRESETS.find((p) => (p.json as { name?: string }).name === name)?.id ?? '';

  return (
    <header className="topbar" role="toolbar" aria-label="Run controls">
      <div className="brand" aria-hidden>
        <svg width="22" height="22" viewBox="0 0 22 22"><circle cx="11" cy="4" r="3" /><circle cx="4" cy="16" r="3" /><circle cx="18" cy="16" r="3" /><path d="M11 4 L4 16 L18 16 Z" fill="none" /></svg>
        <span>Clusterscope</span>
      </div>
      {!present && (
        <select className="field scenario-pick" aria-label="Scenario" value={preset} onChange={(e) => loadPreset(e.target.value)}>
          {preset === '' && <option value="">{name}</option>}
          {PRESETS.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      )}
      <div className="group">
        <button className="btn icon primary" aria-label={playing ? 'Pause' : 'Play'} title="Play / pause (space)" onClick={() => set({ playing: !playing })}>
          {playing ? <svg width="14" height="14" viewBox="0 0 14 14"><rect x="2" y="1" width="3.5" height="12" rx="1" /><rect x="8.5" y="1" width="3.5" height="12" rx="1" /></svg> : <svg width="14" height="14" viewBox="0 0 14 14"><path d="M3 1 L13 7 L3 13 Z" /></svg>}
        </button>
        <button className="btn icon" aria-label="Step to the next event" title="Step (.)" onClick={stepOnce}>
          <svg width="14" height="14" viewBox="0 0 14 14"><path d="M2 1 L10 7 L2 13 Z" /><rect x="10.5" y="1" width="2.5" height="12" rx="1" /></svg>
        </button>
      </div>
      <label className="speed" title="Speed: virtual time per wall second ([ and ])">
        <span className="sr-only">Speed</span>
        <input
          type="range" min={Math.log10(MIN_SPEED)} max={Math.log10(MAX_SPEED)} step={0.01}
          value={Math.log10(speed)} aria-label="Speed" aria-valuetext={formatSpeed(speed)}
          onChange={(e) => set({ speed: 10 ** Number(e.target.value) })}
        />
        <output className={`mono speed-out ${lagging ? 'lagging' : ''}`} title={lagging ? 'The engine cannot keep up; running slower than asked' : undefined}>{formatSpeed(speed)}</output>
      </label>
      <output className="clock mono" aria-label="Virtual time" role="timer">{formatClock(s.now)}</output>
      <div className="spacer" />
      {!present && (
        <div className="group">
          <button className="btn" onClick={shareRun} title="Copy a link that replays this run">Share</button>
          <button className="btn" onClick={exportScenario} title="Download the scenario with your actions">Export</button>
          <button className="btn" onClick={() => fileRef.current?.click()} title="Open a scenario file">Import</button>
          <input ref={fileRef} type="file" accept=".json,application/json" hidden aria-label="Scenario file" onChange={(e) => { const f = e.target.files?.[0]; if (f) void importScenarioFile(f); e.target.value = ''; }} />
          <button className="btn" onClick={() => set({ about: !useUi.getState().about })} aria-expanded={useUi.getState().about}aria-label="About this run">About</button>
        </div>
      )}
      <div className="group">
        <button className={`btn ${present ? 'on' : ''}`} onClick={() => set({ present: !present })} aria-pressed={present} title="Presentation mode (p)">Present</button>
        <button className="btn icon" aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'} onClick={() => set({ theme: theme === 'dark' ? 'light' : 'dark' })}>
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <button className="btn icon" aria-label="Keyboard shortcuts" onClick={() => set({ help: true })}>?</button>
      </div>
    </header>
  );
}
