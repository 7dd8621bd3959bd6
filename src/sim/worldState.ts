/**
 * Everything that makes up a run, as plain data: `World.snapshot()` clones exactly this.
 */
import { EventQueue } from './queue';
import type { Host, HostSpec } from './host';
import { NetworkState } from './network';
import { Rng } from './rng';
import type { Micros } from './time';
import { StringMap } from './stringMap';
import { TimerSlots } from './timerSlots';
import { Trace } from './trace';
import type { SimEvent } from './event';

export interface WorldOptions {
  seed: number;
  hosts: HostSpec[];
  /** Recent events kept for the UI (0 keeps none). */
  traceCapacity?: number;
  /** Time an fsync takes. */
  fsyncLatency?: Micros;
}

export class WorldState {
  now: Micros = 0;
  hosts: Host[] = [];
  /** Host index by id; every send looks one up (stringMap.ts). */
  hostIndex = new StringMap<number>();
  queue = new EventQueue<SimEvent>();
  net = new NetworkState();
  netRng: Rng;
  trace: Trace;
  /** Events run so far. */
  events = 0;
  /** Live timers, by the handle a process holds. */
  timers = new TimerSlots();
  /** Cancelled timers still in the queue; purged once they outnumber the live events. */
  cancelledQueued = 0;
  nextMsgId = 1;
  fsyncLatency: Micros;
  /** Messages waiting for a manual release. */
  held: SimEvent[] = [];
  counters = { messagesSent: 0, messagesDelivered: 0, messagesDropped: 0 };
  /** State the layers above keep with the run (checkers, clients, history). */
  ext: Record<string, unknown> = {};

  constructor(readonly seed: number, traceCapacity: number, fsyncLatency: Micros) {
    this.netRng = new Rng(seed, 'net');
    this.trace = new Trace(traceCapacity);
    this.fsyncLatency = fsyncLatency;
  }
}

