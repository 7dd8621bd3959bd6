/** What the event queue holds: deliveries, timers, fsyncs, scheduled calls and boots. */
import type { LinkCounters, MessageType } from './network';

/** Event kinds (small integers: they feed the hash). */
export const enum Ev {
  Deliver = 1,
  Timer = 2,
  Fsync = 3,
  Call = 4,
  Boot = 5,
}

/** Bits of SimEvent.flags. */
export const enum EvFlag {
  /** A cancelled timer or fsync: skipped when it comes due. */
  Cancelled = 1,
  /** Released from a hold by hand: it passes the hold filters once. */
  Released = 2,
  /** An fsync whose device part completed while the host was paused. */
  Synced = 4,
}

/*
 * Every message and timer is one of these, about a million per minute of an etcd run: each
 * field costs 8 bytes of allocation per event, so rare facts share one `flags` word and a
 * delivery carries its type (code and counters) as one reference.
 */
export class SimEvent {
  at = 0;
  seq = 0;
  kind: Ev = Ev.Call;
  host = 0;
  /** Sender host index for deliveries. */
  from = -1;
  proc = '';
  /** Timer name; for a delivery, the message type. */
  name = '';
  data: unknown = undefined;
  incarnation = 0;
  /** Message id, or a timer's serial number (kept small: a large number here would be boxed). */
  id = 0;
  /** A live timer's slot in WorldState.timers (-1 once it fired or was cancelled). */
  slot = -1;
  sentAt = 0;
  /** EvFlag bits. */
  flags = 0;
  /** For a delivery: the message type (hash code and counters) and the link's counters, found at send. */
  type: MessageType | null = null;
  linkCounters: LinkCounters | null = null;
}
