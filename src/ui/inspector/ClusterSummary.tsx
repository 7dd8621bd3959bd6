/** With nothing selected: the cluster at a glance, held messages, and how to interact. */
import { act, session } from '../app/runtime';
import { colorOf } from '../topology/messageKinds';
import { Facts, Section } from './Facts';
import { useUi } from '../store/uiStore';

export function ClusterSummary() {
  const s = session();
  const engine = s.engine;
  const state = s.state();
  const w = engine.world.state;
  const raft = engine.kind === 'raft';
  const leader = state.leader ? state.nodes.find((n) => n.id === state.leader) : undefined;
  const held = w.held;
  return (
    <div className="summary">
      <h2 className="insp-title">{engine.scenario.name}</h2>
      <Facts
        label="Cluster"
        rows={[
          ...(raft ? ([['leader', leader ? `${leader.id} (term ${leader.term})` : 'none'], ['commit', leader?.commit ?? Math.max(0, ...state.nodes.map((n) => n.commit))]] as [string, string | number][]) : []),
          ['members up', `${state.nodes.filter((n) => n.up).length} of ${state.nodes.length}`],
          ['seed', engine.scenario.seed],
          ['messages', `${w.counters.messagesSent} sent · ${w.counters.messagesDropped} dropped`],
          ['actions', engine.scenario.actions.length],
        ]}
      />
      {!raft && <p className="note">Kernel view: members run a ping fixture until the etcd engine is present, so there are no roles or logs yet.</p>}
      <Section title="Held messages" aside={held.length > 0 ? `${held.length}` : undefined}>
        {held.length === 0 ? (
          <p className="muted small">None. Hold a link or type in the toolbar to deliver messages one at a time.</p>
        ) : (
          <ul className="held-list">
            {held.slice(0, 30).map((e) => (
              <li key={e.id}>
                <span className="swatch" style={{ background: colorOf(e.name) }} />
                <button className="linkish" onClick={() => useUi.getState().set({ selectedMsg: e.id })}>
                  {e.name} {w.hosts[e.from].id}→{w.hosts[e.host].id}
                </button>
                <span className="spacer" />
                <button className="btn small" aria-label={`Deliver message ${e.id}`} onClick={() => act({ do: 'deliver', msg: e.id })}>deliver</button>
                <button className="btn small danger" aria-label={`Drop message ${e.id}`} onClick={() => act({ do: 'drop', msg: e.id })}>drop</button>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="How to">
        <ul className="howto muted small">
          <li>Click a member to inspect it; click a moving message to see its fields.</li>
          <li>Shift-click members to gather a group, then <em>Partition</em> or <em>Cut</em> from the toolbar.</li>
          <li>Drag the timeline to rewind; acting in the past forks the run (Undo brings the old future back).</li>
          <li>Press <kbd>?</kbd> for keyboard shortcuts.</li>
        </ul>
      </Section>
    </div>
  );
}
