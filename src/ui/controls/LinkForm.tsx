/** Sets one direction of a link's latency and loss (a `link` action). */
import { useState } from 'react';
import { act } from '../app/runtime';

export function LinkForm({ from, to, onDone }: { from: string; to: string; onDone: () => void }) {
  const [latency, setLatency] = useState('50');
  const [loss, setLoss] = useState('0');
  const submit = () => {
    const ms = Number(latency);
    const pct = Number(loss);
    if (!Number.isFinite(ms) || ms < 0 || !Number.isFinite(pct) || pct < 0 || pct > 100) return;
    // Scenario JSON form (the engine parses actions as a file would).
    const action = { do: 'link', from, to, latency: `${ms}ms`, loss: pct / 100 };
    if (act(action as never) === null) onDone();
  };
  return (
    <form className="menu" onSubmit={(e) => { e.preventDefault(); submit(); }} aria-label={`Link ${from} to ${to}`}>
      <p className="muted small">{from} → {to} (one direction)</p>
      <label className="row">latency <input className="field narrow mono" value={latency} onChange={(e) => setLatency(e.target.value)} aria-label="Latency in ms" /> ms</label>
      <label className="row">loss <input className="field narrow mono" value={loss} onChange={(e) => setLoss(e.target.value)} aria-label="Loss in percent" /> %</label>
      <button className="btn primary" type="submit">Apply</button>
    </form>
  );
}
