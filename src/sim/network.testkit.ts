/** Test harness shared by the network tests: recorder processes on hosts n1..nN. */
import { expect } from 'vitest';
import { registerProcessKind, type Process, type ProcessContext, type SimMessage } from './process';
import type { TraceRecord } from './trace';
import { World } from './world';

const KIND = 'network-test-recorder';

export interface Msg extends SimMessage {
  n: number;
}

export interface Seen {
  node: string;
  at: number;
  from: string;
  type: string;
  n: number;
}

export class Recorder implements Process {
  readonly kind = KIND;
  start(): void {}
  onMessage(ctx: ProcessContext, from: string, msg: SimMessage): void {
    ctx.emit('msg', { from, type: msg.type, n: (msg as Msg).n });
  }
  onTimer(): void {}
}
registerProcessKind(KIND, () => new Recorder());

/** Hosts n1..nN in one zone (fixed 500µs links by default), booted at time 0. */
export function harness(n = 3, seed = 1) {
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const w = new World({ seed, hosts: ids.map((id) => ({ id, procs: [{ name: 'rec', kind: KIND, config: null }] })), traceCapacity: 0 });
  const log: Seen[] = [];
  w.onEmit = (world, node, _proc, _kind, data) => log.push({ node, at: world.now, ...(data as { from: string; type: string; n: number }) });
  const records: TraceRecord[] = [];
  w.subscribe((r) => records.push(r));
  w.boot();
  w.runUntil(0);
  const send = (from: string, to: string, n: number, type = 'm') => w.context(w.host(from).index, 'rec').send(to, { type, n } as Msg);
  const got = (node: string, from?: string) => log.filter((e) => e.node === node && (from === undefined || e.from === from));
  const ns = (node: string, from?: string) => got(node, from).map((e) => e.n);
  return { w, log, records, send, got, ns };
}

/** Per-link and per-type counters must add up to the run's counters, and balance once the queue is empty. */
export function expectCountersConsistent(w: World) {
  const s = w.state;
  let sent = 0;
  let delivered = 0;
  let dropped = 0;
  for (const c of s.net.linkCounters.values()) {
    sent += c.sent;
    delivered += c.delivered;
    dropped += c.dropped;
  }
  expect({ messagesSent: sent, messagesDelivered: delivered, messagesDropped: dropped }).toEqual(s.counters);
  let tSent = 0;
  for (const c of s.net.typeCounters.values()) tSent += c.sent;
  expect(tSent).toBe(s.counters.messagesSent);
  if (w.nextEventAt() === undefined && s.held.length === 0) expect(s.counters.messagesSent).toBe(s.counters.messagesDelivered + s.counters.messagesDropped);
}
