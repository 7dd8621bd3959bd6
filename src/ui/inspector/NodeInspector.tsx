/** One member in detail: Raft state, timers, replication progress, disk and key-value store. */
import { session } from '../app/runtime';
import { Facts, Section } from './Facts';
import { NodeActions } from './NodeActions';
import { ProgressTable } from './ProgressTable';
import { DiskView } from './DiskView';
import { KvTable } from './KvTable';
import { currentFocus } from '../verdicts/verdicts';

export function NodeInspector({ id }: { id: string }) {
  const s = session();
  const engine = s.engine;
  const world = engine.world;
  if (!world.hasHost(id)) return <p className="muted">{id} is gone.</p>;
  const host = world.host(id);
  const node = s.state().nodes.find((n) => n.id === id);
  const raft = engine.kind === 'raft';
  const status = raft && node?.up ? engine.raftStatus(id) : null;
  const heading = node ? (raft ? `${id} · ${node.up ? (node.paused ? `${node.role}, paused` : node.role) : 'crashed'}` : `${id} · ${node.up ? 'up' : 'crashed'}`) : `${id} · client`;
  return (
    <div className="node-inspector">
      <h2 className={`insp-title role-${node?.up ? node.role : 'down'}`}>{heading}</h2>
      {node && raft && (
        <Facts
          label={`${id} state`}
          rows={[
            ['term', node.term],
            ['vote', node.vote ?? '—'],
            ['leader', status?.lead ?? '—'],
            ['commit', node.commit],
            ['applied', node.applied],
            ['last index', status?.lastIndex ?? (node.log.length ? node.log[node.log.length - 1].index : node.snapshotIndex)],
            ['snapshot', node.snapshotIndex],
            ['voters', node.voters.join(' ') || '—'],
          ]}
        />
      )}
      {status?.progress && status.role === 'leader' && (
        <Section title="Followers (leader's progress)">
          <ProgressTable status={status} />
        </Section>
      )}
      {node && <NodeActions node={node} raft={raft} rate={host.rate} />}
      <Section title="Timers">
        <Facts
          rows={[
            ...(status ? ([['election', status.role === 'leader' ? 'leads' : `${status.electionElapsed} / ${status.randomizedElectionTimeout} ticks`]] as [string, string][]) : []),
            ['pending timers', host.liveTimers],
            ['clock rate', host.rate === 1 ? 'true time' : `${host.rate}×`],
            ['zone', host.zone],
          ]}
        />
        {status && status.role !== 'leader' && (
          <div className="bar" role="progressbar" aria-label="Election timer" aria-valuemin={0} aria-valuemax={status.randomizedElectionTimeout} aria-valuenow={status.electionElapsed}>
            <span style={{ width: `${Math.min(100, (100 * status.electionElapsed) / Math.max(1, status.randomizedElectionTimeout))}%` }} />
          </div>
        )}
      </Section>
      {node && raft && (
        <Section title="Key-value store" aside={node.revision !== undefined ? `revision ${node.revision}` : undefined}>
          <KvTable kv={node.kv} keys={engine.keyRevisions(id)} leases={engine.leases(id)} applied={node.applied} marks={currentFocus(s)} />
        </Section>
      )}
      <Section title="Disk">
        <DiskView disk={host.disk} />
      </Section>
    </div>
  );
}
