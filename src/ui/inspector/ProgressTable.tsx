/** The leader's view of each follower (etcd raft's Progress): match, next, state, inflight. */
import type { RaftStatus } from '../../raft/types';

export function ProgressTable({ status }: { status: RaftStatus }) {
  const rows = Object.entries(status.progress ?? {}).sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }));
  return (
    <table className="grid-table" aria-label="Replication progress">
      <thead>
        <tr><th>peer</th><th>match</th><th>next</th><th>state</th><th>inflight</th></tr>
      </thead>
      <tbody>
        {rows.map(([id, p]) => (
          <tr key={id} className={p.recentActive ? '' : 'inactive'}>
            <td>{id}{id === status.id ? ' (self)' : ''}</td>
            <td className="mono">{p.match}</td>
            <td className="mono">{p.next}</td>
            <td><span className={`pill st-${p.state}`}>{p.state}</span></td>
            <td className="mono">{p.inflight}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
