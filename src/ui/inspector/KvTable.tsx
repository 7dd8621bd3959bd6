/**
 * The store's contents at the member's applied index, with etcd's per-key revisions:
 * create_revision (the put that began this generation of the key), mod_revision (its last
 * change) and version (puts since it was created; a delete resets it), and the lease a key is
 * attached to (`put --lease`; revoking or expiring the lease deletes the key). Below it, the
 * member's leases. Keys a checker violation names are marked.
 */
import { formatDuration } from '../../sim/time';
import type { KeyValue } from '../../store/types';
import type { LeaseView } from '../engine/storeView';

/** What a violation marks here: keys by name (and why), and every key of a named lease. */
export interface KvMarks {
  keys: ReadonlyMap<string, string>;
  leaseIds: ReadonlySet<number>;
}

const NO_MARKS: KvMarks = { keys: new Map(), leaseIds: new Set() };

const ttl = (ms: number) => formatDuration(ms * 1000);

export function KvTable({ kv, keys: revisions, leases = null, applied, marks = NO_MARKS }: {
  kv: Record<string, string>;
  keys: KeyValue[] | null;
  leases?: LeaseView[] | null;
  applied: number;
  marks?: KvMarks;
}) {
  // A member that is down has no store in memory: its report's kv (empty) is all there is.
  const rows = revisions ?? Object.keys(kv).sort().map((key) => ({ key, value: kv[key], createRevision: 0, modRevision: 0, version: 0, lease: 0 }));
  const byId = new Map((leases ?? []).map((l) => [l.id, l]));
  const why = (r: KeyValue) => marks.keys.get(r.key) ?? (r.lease !== 0 && marks.leaseIds.has(r.lease) ? `a lease ${r.lease} violation` : undefined);
  const withLease = rows.some((r) => r.lease !== 0);
  return (
    <>
      {rows.length === 0 ? <p className="muted small">empty (applied up to index {applied})</p> : (
        // Long lease ids (a session's) can make it wider than the panel: it scrolls on its own.
        <div className="kv-scroll">
          <table className="grid-table kv" aria-label="Key-value contents">
            <thead>
              <tr>
                <th>key</th><th>value</th>
                {withLease && <th title="the lease the key is attached to: revoking it, or its expiry, deletes the key">lease</th>}
                {revisions && <>
                  <th title="create_revision: the revision of the put that created this generation of the key">create_rev</th>
                  <th title="mod_revision: the revision of the key's last change">mod_rev</th>
                  <th title="version: puts to the key since it was created (a delete resets it)">version</th>
                </>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const marked = why(r);
                const lease = byId.get(r.lease);
                return (
                  <tr key={r.key} className={marked ? 'violating' : undefined} title={marked ? `named by ${marked}` : undefined}>
                    <td className="mono">{marked ? `⚠ ${r.key}` : r.key}</td>
                    <td className="mono">{r.value}</td>
                    {withLease && (
                      r.lease !== 0
                        ? <td className="mono" aria-label={`lease ${r.lease}`} title={lease ? `lease ${r.lease}, TTL ${ttl(lease.ttlMs)}` : undefined}>{r.lease}</td>
                        : <td className="mono" aria-label="no lease">—</td>
                    )}
                    {revisions && <>
                      <td className="mono" aria-label={`create revision ${r.createRevision}`}>{r.createRevision}</td>
                      <td className="mono" aria-label={`mod revision ${r.modRevision}`}>{r.modRevision}</td>
                      <td className="mono" aria-label={`version ${r.version}`}>{r.version}</td>
                    </>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {leases && leases.length > 0 && (
        <p className="kv-leases small" aria-label="Leases">
          <span className="muted">leases </span>
          {leases.map((l) => (
            <span key={l.id} className={`lease-chip mono ${marks.leaseIds.has(l.id) ? 'violating' : ''}`} title={l.keys.length ? `keys: ${l.keys.join(', ')}` : 'no keys attached'}>
              {l.id} · TTL {ttl(l.ttlMs)} · {l.keys.length === 1 ? '1 key' : `${l.keys.length} keys`}
            </span>
          ))}
        </p>
      )}
    </>
  );
}
