/** A host's disk: what is durable and what is still in the page cache (lost on a crash). */
import type { Disk, DiskKey } from '../../sim/disk';

/** A log entry's decoded command is the host's cache of its `data`, not part of what is on disk. */
const withoutDecoded = (key: string, value: unknown): unknown => (key === 'decoded' ? undefined : value);

function preview(v: unknown): string {
  if (v === undefined) return 'deleted';
  const s = typeof v === 'string' ? v : JSON.stringify(v, withoutDecoded) ?? String(v);
  return s.length > 48 ? `${s.slice(0, 45)}…` : s;
}

export function DiskView({ disk }: { disk: Disk }) {
  const unsynced = disk.unsynced();
  const pending = new Set(unsynced.map((w) => w.key));
  // Names first, then numbered records (a member's log entries, by index).
  const keys: DiskKey[] = [...disk.keys(), ...disk.records()];
  return (
    <div className="disk">
      <p className="muted small">
        {keys.length} keys · {disk.fsyncs} fsyncs · {unsynced.length === 0 ? 'all writes durable' : <span className="warn">{unsynced.length} writes not yet synced</span>}
        {disk.lostOnCrash > 0 && <> · {disk.lostOnCrash} lost to crashes</>}
      </p>
      <ul className="disk-keys mono">
        {keys.slice(0, 12).map((k) => (
          <li key={k} className={pending.has(k) ? 'unsynced' : 'durable'} title={pending.has(k) ? 'in the page cache: lost if the host crashes now' : 'durable'}>
            <span className="dot" />{typeof k === 'number' ? `#${k}` : k} <span className="faint">{preview(disk.read(k))}</span>
          </li>
        ))}
        {keys.length > 12 && <li className="faint">… {keys.length - 12} more</li>}
      </ul>
    </div>
  );
}
