/** A message picked on the wire (or held): its fields, and drop / duplicate / deliver. */
import { act, session } from '../app/runtime';
import { colorOf, familyOf } from '../topology/messageKinds';
import { useUi } from '../store/uiStore';
import { formatMs } from '../controls/format';
import { ACTION_KINDS } from '../../scenario/parseAction';

/** Dropping a message already on the wire needs kernel support (feature-detected). */
function canDropInFlight(world: unknown): boolean {
  return typeof (world as { dropInFlight?: unknown }).dropInFlight === 'function';
}

function canDuplicate(): boolean {
  return (ACTION_KINDS as string[]).includes('duplicate');
}

function fieldRows(msg: unknown): [string, string][] {
  if (!msg || typeof msg !== 'object') return [];
  return Object.entries(msg as Record<string, unknown>)
    // `req` is the decoded form of a ClientRequest's `op` (clientRequest.ts), not a field on the wire.
    .filter(([k, v]) => k !== 'type' && k !== 'req' && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => {
      if (k === 'entries' && Array.isArray(v)) return [k, `${v.length}: ${v.slice(0, 4).map((e: { index: number; term: number }) => `${e.index}@t${e.term}`).join(' ')}${v.length > 4 ? ' …' : ''}`];
      const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
      return [k, text.length > 60 ? `${text.slice(0, 57)}…` : text];
    });
}

export function MessageCard({ msgId }: { msgId: number }) {
  const s = session();
  const world = s.engine.world;
  const flight = s.recorder.flights.get(msgId)?.[0];
  const heldEvent = world.state.held.find((e) => e.id === msgId);
  const close = () => useUi.getState().set({ selectedMsg: null });
  if (!flight && !heldEvent) {
    return (
      <div className="msg-card">
        <p className="muted">Message #{msgId} has arrived or was dropped.</p>
        <button className="btn" onClick={close}>Close</button>
      </div>
    );
  }
  const type = flight?.type ?? heldEvent!.name;
  const from = flight?.from ?? world.hosts[heldEvent!.from].id;
  const to = flight?.to ?? world.hosts[heldEvent!.host].id;
  const msg = flight?.msg ?? heldEvent!.data;
  const rows = fieldRows(msg);
  return (
    <div className="msg-card" aria-label={`Message ${type} from ${from} to ${to}`}>
      <h2 className="insp-title"><span className="swatch big" style={{ background: colorOf(type) }} />{type}</h2>
      <p className="muted">
        #{msgId} · {from} → {to} · {familyOf(type)}
        {flight && <> · sent {formatMs(flight.sentAt)}, arrives {formatMs(flight.deliverAt)}</>}
        {heldEvent && <> · <strong>held</strong></>}
      </p>
      <dl className="facts">
        {rows.map(([k, v]) => <div key={k} className="fact"><dt>{k}</dt><dd className="mono">{v}</dd></div>)}
      </dl>
      <div className="row">
        {heldEvent && <button className="btn primary" onClick={() => act({ do: 'deliver', msg: msgId })}>Deliver now</button>}
        <button className="btn danger" disabled={!heldEvent && !canDropInFlight(world)} onClick={() => { if (act({ do: 'drop', msg: msgId }) === null) close(); }}>Drop</button>
        <button className="btn" disabled={!canDuplicate()} onClick={() => act({ do: 'duplicate', msg: msgId } as never)}>Duplicate</button>
        <button className="btn" onClick={close}>Close</button>
      </div>
      {!heldEvent && !canDropInFlight(world) && (
        <p className="muted small">
          The kernel can drop or deliver <em>held</em> messages only, so far: use <strong>Hold…</strong> to catch messages on their way, then drop or deliver them one at a time.
        </p>
      )}
    </div>
  );
}
