/**
 * The store's contents at the member's applied index, with etcd's per-key revisions:
 * create_revision (the put that began this generation of the key), mod_revision (its last
 * change) and version (puts since it was created; a delete resets it).
 */
import type { KeyValue } from '../../store/types';

export function KvTable({ kv, keys: revisions, applied }: { kv: Record<string, string>; keys: KeyValue[] | null; applied: number }) {
  // A member that is down has no store in memory: its report's kv (empty) is all there is.
  const rows = revisions ?? Object.keys(kv).sort().map((key) => ({ key, value: kv[key], createRevision: 0, modRevision: 0, version: 0, lease: 0 }));
  if (rows.length === 0) return <p className="muted small">empty (applied up to index {applied})</p>;
  const leases = rows.some((r) => r.lease !== 0);
  return (
    <table className="grid-table kv" aria-label="Key-value contents">
      <thead>
        <tr>
          <th>key</th><th>value</th>
          {revisions && <>
            <th title="create_revision: the revision of the put that created this generation of the key">create_rev</th>
            <th title="mod_revision: the revision of the key's last change">mod_rev</th>
            <th title="version: puts to the key since it was created (a delete resets it)">version</th>
          </>}
          {leases && <th>lease</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td className="mono">{r.key}</td>
            <td className="mono">{r.value}</td>
            {revisions && <>
              <td className="mono" aria-label={`create revision ${r.createRevision}`}>{r.createRevision}</td>
              <td className="mono" aria-label={`mod revision ${r.modRevision}`}>{r.modRevision}</td>
              <td className="mono" aria-label={`version ${r.version}`}>{r.version}</td>
            </>}
            {leases && <td className="mono">{r.lease || '—'}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
