/**
 * Faults and network changes, floating over the topology. Group actions use the members
 * gathered with shift-click (in click order: the first two make a one-way cut).
 */
import { useState } from 'react';
import { act, session, undoFork } from '../app/runtime';
import { useUi } from '../store/uiStore';
import { PLANTED_BUGS } from '../../scenario/types';
import { LinkForm } from './LinkForm';

const HOLD_TYPES = ['MsgVote', 'MsgPreVote', 'MsgApp', 'MsgHeartbeat', 'MsgAppResp', 'MsgVoteResp'];

function activeFlags(): { nemesis: boolean; bugs: Set<string>; holding: boolean } {
  const e = session().engine;
  let nemesis = e.scenario.nemesis !== null;
  const bugs = new Set(e.scenario.bugs);
  for (const a of e.scenario.actions) {
    if (a.do === 'nemesis') nemesis = a.on;
    if (a.do === 'bug') a.on ? bugs.add(a.name) : bugs.delete(a.name);
  }
  return { nemesis, bugs, holding: e.world.state.net.holds.length > 0 };
}

export function PerturbBar() {
  useUi((s) => s.slowFrame);
  const group = useUi((s) => s.group);
  const set = useUi((s) => s.set);
  const [menu, setMenu] = useState<'' | 'hold' | 'bug' | 'link'>('');
  const s = session();
  const raft = s.engine.kind === 'raft';
  const flags = activeFlags();
  const toggle = (m: typeof menu) => setMenu(menu === m ? '' : m);
  const done = () => { setMenu(''); };

  return (
    <div className="perturb" role="toolbar" aria-label="Perturbations">
      {group.length > 0 && (
        <div className="group-bar">
          <span className="muted">Group: <strong>{group.join(' ')}</strong></span>
          <button className="btn" onClick={() => { if (act({ do: 'partition', groups: [group, ['*']] }) === null) set({ group: [] }); }}>
            Partition {group.join(' ')} | rest
          </button>
          {group.length === 2 && <button className="btn" onClick={() => { if (act({ do: 'cut', from: group[0], to: group[1] }) === null) set({ group: [] }); }}>Cut {group[0]} → {group[1]}</button>}
          {group.length === 2 && <button className="btn" onClick={() => toggle('link')}>Link {group[0]} → {group[1]}…</button>}
          {group.length === 1 && <button className="btn" onClick={() => { act({ do: 'isolate', node: group[0] }); set({ group: [] }); }}>Isolate {group[0]}</button>}
          <button className="btn" onClick={() => set({ group: [] })} aria-label="Clear group">✕</button>
        </div>
      )}
      <div className="row">
        <button className="btn" onClick={() => act({ do: 'heal' })} title="Remove every partition, cut, isolation and clog">Heal</button>
        <button className={`btn ${flags.holding ? 'on' : ''}`} onClick={() => toggle('hold')} aria-expanded={menu === 'hold'}>Hold…</button>
        {flags.holding && <button className="btn" onClick={() => act({ do: 'release' })}>Release all</button>}
        {raft && <button className={`btn ${flags.nemesis ? 'on' : ''}`} aria-pressed={flags.nemesis} onClick={() => act({ do: 'nemesis', on: !flags.nemesis })}>Nemesis {flags.nemesis ? 'on' : 'off'}</button>}
        {raft && <button className={`btn ${flags.bugs.size ? 'on' : ''}`} onClick={() => toggle('bug')} aria-expanded={menu === 'bug'}>Bugs{flags.bugs.size ? ` (${flags.bugs.size})` : ''}…</button>}
        {s.forks.length > 0 && <button className="btn" onClick={undoFork} title="Bring back the future this action replaced">Undo fork</button>}
      </div>
      {menu === 'hold' && (
        <div className="menu" role="menu">
          <p className="muted small">Held messages wait until you deliver or drop them (see the inspector).</p>
          <button className="btn" role="menuitem" onClick={() => { act({ do: 'hold' }); done(); }}>Hold every message</button>
          {group.length === 1 && <button className="btn" role="menuitem" onClick={() => { act({ do: 'hold', to: group[0] }); done(); }}>Hold messages to {group[0]}</button>}
          {group.length === 2 && <button className="btn" role="menuitem" onClick={() => { act({ do: 'hold', from: group[0], to: group[1] }); done(); }}>Hold {group[0]} → {group[1]}</button>}
          {raft && HOLD_TYPES.map((t) => <button key={t} className="btn" role="menuitem" onClick={() => { act({ do: 'hold', type: t }); done(); }}>Hold {t}</button>)}
        </div>
      )}
      {menu === 'bug' && (
        <div className="menu" role="menu">
          <p className="muted small">Planted bugs: each checker is proven to catch one.</p>
          {PLANTED_BUGS.map((b) => (
            <label key={b} className="check">
              <input type="checkbox" checked={flags.bugs.has(b)} onChange={(e) => act({ do: 'bug', name: b, on: e.target.checked })} /> {b}
            </label>
          ))}
        </div>
      )}
      {menu === 'link' && group.length === 2 && <LinkForm from={group[0]} to={group[1]} onDone={done} />}
    </div>
  );
}
