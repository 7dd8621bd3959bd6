/** What the event queue holds: deliveries, timers, fsyncs, scheduled calls and boots. */
import type { LinkCounters } from './network';

/** Event kinds (small integers: they feed the hash). */
export const enum Ev {
  Deliver = 1,
  Timer = 2,
  Fsync = 3,
  Call = 4,
  Boot = 5,
}

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
  /** A cancelled timer or fsync: skipped when it comes due. */
  cancelled = false;
  /** For a delivery: the message type's hash code and its link and type counters, found at send. */
  code = 0;
  linkCounters: LinkCounters | null = null;
  typeCounters: LinkCounters | null = null;
  /** Released from a hold by hand: it passes the hold filters once. */
  released = false;
  /** An fsync whose device part completed while the host was paused. */
  synced = false;
}

