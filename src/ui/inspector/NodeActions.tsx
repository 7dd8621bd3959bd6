/** Perturbations of one member, each recorded on the timeline as a scenario action. */
import { useState } from 'react';
import { act } from '../app/runtime';
import type { NodeReport } from '../../scenario/report';

export function NodeActions({ node, raft, rate }: { node: NodeReport; raft: boolean; rate: number }) {
  const [skew, setSkew] = useState(String(rate));
  const id = node.id;
  return (
    <div className="node-actions">
      <div className="row">
        {node.up ? <button className="btn danger" onClick={() => act({ do: 'crash', node: id })}>Crash {id}</button> : <button className="btn" onClick={() => act({ do: 'restart', node: id })}>Restart {id}</button>}
        {node.up && (node.paused ? <button className="btn" onClick={() => act({ do: 'resume', node: id })}>Resume</button> : <button className="btn" onClick={() => act({ do: 'pause', node: id })}>Pause</button>)}
        <button className="btn" onClick={() => act({ do: 'isolate', node: id })}>Isolate</button>
      </div>
      {raft && (
        <div className="row">
          <button className="btn" disabled={!node.up} onClick={() => act({ do: 'timeout', node: id })} title="Its election timer fires now">Force timeout</button>
          <button className="btn" disabled={!node.up || node.role === 'leader'} onClick={() => act({ do: 'transfer', to: id })} title="Ask the leader to hand leadership to this member">Transfer here</button>
          <button className="btn danger" onClick={() => act({ do: 'remove-member', node: id })}>Remove</button>
        </div>
      )}
      <form className="row" onSubmit={(e) => { e.preventDefault(); const r = Number(skew); if (Number.isFinite(r) && r > 0) act({ do: 'skew', node: id, rate: r }); }}>
        <label className="muted" htmlFor={`skew-${id}`}>Clock rate</label>
        <input id={`skew-${id}`} className="field narrow mono" value={skew} onChange={(e) => setSkew(e.target.value)} aria-label={`Clock rate of ${id}`} />
        <button className="btn" type="submit">Skew</button>
      </form>
    </div>
  );
}
