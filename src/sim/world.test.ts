/**
 * Determinism, the trace hash, and snapshot/restore: the properties replay and rewind rest on.
 * Driven by the ping/echo fixture, with faults laid over it from outside.
 */
import { describe, expect, it } from 'vitest';
import { pingHosts, type PingProcess } from './fixtures/pingpong';
import { SECOND } from './time';
import { Trace } from './trace';
import { World, type WorldState } from './world';

function pingWorld(seed: number, n = 5, interval = 1000, persistEvery = 3, traceCapacity = 0) {
  const w = new World({ seed, hosts: pingHosts(n, interval, persistEvery), traceCapacity });
  w.boot();
  return w;
}

const pings = (w: World) => w.hosts.map((h) => {
  const p = h.procs.get('ping') as PingProcess | undefined;
  return p ? [h.id, p.sent, p.pings, p.pongs, p.recovered] : [h.id, 'down'];
});

/** Everything a run produces that a replay must match. */
const fingerprint = (w: World) => ({
  hash: w.traceHash,
  now: w.now,
  events: w.state.events,
  counters: { ...w.state.counters },
  pings: pings(w),
  queued: w.state.queue.size,
  held: w.state.held.map((e) => e.id),
});

describe('trace hash and determinism', () => {
  it('the same seed gives the same run, event for event', () => {
    const a = pingWorld(1);
    const b = pingWorld(1);
    a.runUntil(10 * SECOND);
    b.runUntil(10 * SECOND);
    expect(a.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(a)).toEqual(fingerprint(b));
    expect(a.state.counters.messagesSent).toBeGreaterThan(50);
  });

  it('a different seed gives a different hash', () => {
    const a = pingWorld(1);
    const b = pingWorld(2);
    a.runUntil(10 * SECOND);
    b.runUntil(10 * SECOND);
    expect(a.traceHash).not.toBe(b.traceHash);
  });

  it('the hash moves with time: a longer run has a different hash', () => {
    const a = pingWorld(1);
    a.runUntil(5 * SECOND);
    const h5 = a.traceHash;
    a.runUntil(10 * SECOND);
    expect(a.traceHash).not.toBe(h5);
  });

  it('changing one message’s latency by 1µs changes the hash', () => {
    const run = (latencyUs: number) => {
      // Ticks so rare they never fire: the only traffic is one ping and its pong.
      const w = new World({ seed: 1, hosts: pingHosts(3, 1e12), traceCapacity: 0 });
      w.boot();
      w.runUntil(0);
      w.setLink('n1', 'n2', { latency: { kind: 'fixed', us: latencyUs } });
      w.context(w.host('n1').index, 'ping').send('n2', { type: 'ping', n: 0 } as never);
      w.runUntil(SECOND);
      expect(w.state.counters).toEqual({ messagesSent: 2, messagesDelivered: 2, messagesDropped: 0 });
      return w.traceHash;
    };
    expect(run(500)).toBe(run(500));
    expect(run(501)).not.toBe(run(500));
  });

  it('faults are part of the hash', () => {
    const a = pingWorld(3);
    const b = pingWorld(3);
    a.runUntil(SECOND);
    b.runUntil(SECOND);
    b.pause('n3');
    b.resume('n3'); // no lasting effect on the processes, but it happened
    a.runUntil(2 * SECOND);
    b.runUntil(2 * SECOND);
    expect(a.traceHash).not.toBe(b.traceHash);
  });

  it('recording (trace buffer, listeners) does not change the hash', () => {
    const quiet = pingWorld(4, 5, 1000, 3, 0);
    const loud = pingWorld(4, 5, 1000, 3, 4096);
    let seen = 0;
    loud.subscribe(() => seen++);
    quiet.runUntil(5 * SECOND);
    loud.runUntil(5 * SECOND);
    expect(loud.traceHash).toBe(quiet.traceHash);
    expect(seen).toBeGreaterThan(100);
    expect(loud.state.trace.recent().length).toBe(Math.min(4096, loud.state.trace.total));
  });

  it('step() runs one event at a time, to the same run as runUntil()', () => {
    const a = pingWorld(5);
    const b = pingWorld(5);
    a.runUntil(3 * SECOND);
    while ((b.nextEventAt() ?? Infinity) <= 3 * SECOND) expect(b.step()).toBe(true);
    b.runUntil(3 * SECOND);
    expect(fingerprint(b)).toEqual(fingerprint(a));
  });
});

describe('Trace', () => {
  it('keeps the last `capacity` records, oldest first, and counts them all', () => {
    const t = new Trace(3);
    for (let i = 0; i < 5; i++) t.record({ n: i, at: i, kind: 'note', node: 'n1' });
    expect(t.total).toBe(5);
    expect(t.recent().map((r) => r.n)).toEqual([2, 3, 4]);
    const none = new Trace(0);
    none.record({ n: 0, at: 0, kind: 'note', node: 'n1' });
    expect(none.total).toBe(1);
    expect(none.recent()).toEqual([]);
  });

  it('hashes words in order, with fixed bits', () => {
    const a = new Trace(0);
    const b = new Trace(0);
    expect(a.hash()).toBe('811c9dc59747b28c');
    a.mix(1);
    a.mix(2);
    b.mix(2);
    b.mix(1);
    expect(a.hash()).not.toBe(b.hash());
    const c = new Trace(0);
    c.mixTime(2 ** 40 + 5); // beyond 32 bits: both halves count
    const d = new Trace(0);
    d.mixTime(5);
    expect(c.hash()).not.toBe(d.hash());
  });
});

describe('snapshot and restore', () => {
  it('restoring a snapshot and running on reaches the same trace hash', () => {
    const T = 4 * SECOND;
    const w = pingWorld(7);
    w.runUntil(T);
    const atT = fingerprint(w);
    const snap = w.snapshot();
    w.runUntil(2 * T);
    const end = fingerprint(w);
    expect(end.hash).not.toBe(atT.hash);

    w.restore(snap);
    expect(fingerprint(w)).toEqual(atT);
    w.runUntil(2 * T);
    expect(fingerprint(w)).toEqual(end);

    // The snapshot itself was not consumed: restore it again, into a fresh world this time.
    const fresh = new World({ seed: 7, hosts: pingHosts(5, 1000, 3), traceCapacity: 0 });
    fresh.restore(snap);
    fresh.runUntil(2 * T);
    expect(fingerprint(fresh)).toEqual(end);
  });

  it('a snapshot taken with held messages, a paused host, a clog, a partition and a crash in force replays exactly', () => {
    const w = pingWorld(11, 5, 300, 2);
    w.runUntil(1 * SECOND);
    w.hold({ to: 'n1', type: 'pong' });
    w.runUntil(2 * SECOND);
    w.pause('n2');
    w.skew('n4', 1.5);
    w.runUntil(3 * SECOND);
    w.clog('n3', 'n4', 8 * SECOND);
    w.partition([
      ['n1', 'n2', 'n3'],
      ['n4', 'n5'],
    ]);
    w.setLink('n1', 'n3', { jitter: 3000, loss: 0.2, duplicate: 0.2 });
    w.crash('n5');
    w.runUntil(4 * SECOND);

    const snap: WorldState = w.snapshot();
    // The faults really are in force in the snapshot.
    expect(snap.held.length).toBeGreaterThan(0);
    expect(snap.hosts[1].paused).toBe(true);
    expect(snap.hosts[1].deferred.length).toBeGreaterThan(0);
    expect(snap.net.clogs.size).toBe(1);
    expect(snap.net.groups.size).toBe(5);
    expect(snap.hosts[4].up).toBe(false);
    const atSnap = fingerprint(w);

    // What happens after the snapshot: the same script both times.
    const continueRun = (x: World) => {
      x.runUntil(5 * SECOND);
      expect(x.deliverHeld(x.state.held[0].id)).toBe(true);
      x.dropHeld(x.state.held[0].id);
      x.resume('n2');
      x.restart('n5');
      x.runUntil(6 * SECOND);
      x.release({ to: 'n1', type: 'pong' });
      x.heal();
      x.runUntil(9 * SECOND);
      x.crash('n3');
      x.runUntil(10 * SECOND);
      x.restart('n3');
      x.runUntil(12 * SECOND);
      return fingerprint(x);
    };
    const first = continueRun(w);
    expect(first.counters.messagesDelivered).toBeGreaterThan(atSnap.counters.messagesDelivered);

    w.restore(snap);
    expect(fingerprint(w)).toEqual(atSnap);
    expect(continueRun(w)).toEqual(first);

    const fresh = new World({ seed: 11, hosts: pingHosts(5, 300, 2), traceCapacity: 0 });
    fresh.restore(snap);
    expect(continueRun(fresh)).toEqual(first);
  });

  it('a snapshot is a deep copy: the run going on does not change it', () => {
    const w = pingWorld(8);
    w.runUntil(SECOND);
    const snap = w.snapshot();
    const events = snap.events;
    const size = snap.queue.size;
    w.runUntil(3 * SECOND);
    w.crash('n1');
    expect(snap.events).toBe(events);
    expect(snap.queue.size).toBe(size);
    expect(snap.hosts[0].up).toBe(true);
    expect(snap.now).toBe(SECOND);
  });

  it('restored processes are still class instances that keep working, and disks keep their durable state', () => {
    const w = pingWorld(9, 3, 200, 1);
    w.runUntil(3 * SECOND);
    const snap = w.snapshot();
    w.restore(snap);
    const p = w.host('n1').procs.get('ping')!;
    expect(p.constructor.name).toBe('PingProcess');
    const durable = w.host('n1').disk.readDurable('pongs');
    expect(typeof durable).toBe('number');
    w.crash('n1');
    w.restart('n1');
    expect((w.host('n1').procs.get('ping') as PingProcess).recovered).toBe(durable);
  });
});
