/**
 * Network faults, driven through the kernel with a recorder process: every message a host
 * receives is logged with the true time, so each fault's effect is checked by exact times.
 */
import { describe, expect, it } from 'vitest';
import { slotOf } from './stringMap';
import { expectCountersConsistent, harness } from './network.testkit';

describe('network: plain delivery', () => {
  it('delivers after the zone latency (500µs in one zone), in send order, with counters', () => {
    const h = harness();
    h.w.runUntil(1000);
    h.send('n1', 'n2', 1);
    h.send('n1', 'n2', 2);
    h.send('n2', 'n1', 3);
    h.w.runUntil(10_000);
    expect(h.got('n2')).toEqual([
      { node: 'n2', at: 1500, from: 'n1', type: 'm', n: 1 },
      { node: 'n2', at: 1500, from: 'n1', type: 'm', n: 2 },
    ]);
    expect(h.got('n1')).toEqual([{ node: 'n1', at: 1500, from: 'n2', type: 'm', n: 3 }]);
    expect(h.w.state.counters).toEqual({ messagesSent: 3, messagesDelivered: 3, messagesDropped: 0 });
    const l12 = h.w.state.net.linkCounters.get(0 * 65536 + 1);
    expect(l12).toEqual({ sent: 2, delivered: 2, dropped: 0 });
    expect(h.w.state.net.typeCounters.get('m')).toEqual({ sent: 3, delivered: 3, dropped: 0 });
    expectCountersConsistent(h.w);
  });

  it('drops a message to an unknown host, counted and traced, without throwing', () => {
    const h = harness();
    expect(() => h.send('n1', 'nope', 1)).not.toThrow();
    h.w.runUntil(10_000);
    expect(h.log).toEqual([]);
    expect(h.w.state.counters).toEqual({ messagesSent: 1, messagesDelivered: 0, messagesDropped: 1 });
    const drop = h.records.find((r) => r.kind === 'drop');
    expect(drop).toMatchObject({ node: 'n1', peer: 'nope', detail: 'unknown host', type: 'm' });
  });

  it('finds the right receiver when ids share a slot of the send cache', () => {
    // Three ids that fall in one set of the host cache's two ways (stringMap.ts); ids built at run
    // time are equal strings but not the same objects.
    const h = harness(120);
    const ids = Array.from({ length: 120 }, (_, i) => `n${i + 1}`);
    const set = (id: string) => slotOf(id) >> 1; // a slot and its neighbour: the two ways
    const a = ids.find((id) => ids.filter((x) => set(x) === set(id)).length >= 3)!;
    const [x, y, z] = ids.filter((id) => set(id) === set(a));
    const to = [x, y, z, y, x, z, z, x];
    to.forEach((id, n) => h.send('n1', 'n' + id.slice(1), n));
    h.w.runUntil(10_000);
    for (const id of [x, y, z]) expect(h.ns(id)).toEqual(to.flatMap((t, n) => (t === id ? [n] : [])));
    h.send('n1', 'n999', 99);
    h.w.runUntil(20_000);
    expect(h.w.state.counters.messagesDropped).toBe(1);
  });
});

describe('network: partitions, cuts, isolation', () => {
  it('a partition blocks across groups, not within; heal restores', () => {
    const h = harness(4);
    h.w.partition([['n1', 'n2'], ['n3', 'n4']]);
    h.send('n1', 'n2', 1);
    h.send('n1', 'n3', 2);
    h.send('n3', 'n1', 3);
    h.send('n3', 'n4', 4);
    h.send('n4', 'n2', 5);
    h.w.runUntil(5000);
    expect(h.ns('n2')).toEqual([1]);
    expect(h.ns('n4')).toEqual([4]);
    expect(h.ns('n1')).toEqual([]);
    expect(h.ns('n3')).toEqual([]);
    expect(h.w.state.counters.messagesDropped).toBe(3);
    expect(h.records.filter((r) => r.kind === 'drop').map((r) => r.detail)).toEqual(['partition', 'partition', 'partition']);
    h.w.heal();
    h.send('n1', 'n3', 6);
    h.send('n3', 'n1', 7);
    h.w.runUntil(10_000);
    expect(h.got('n3')).toEqual([{ node: 'n3', at: 5500, from: 'n1', type: 'm', n: 6 }]);
    expect(h.ns('n1')).toEqual([7]);
    expectCountersConsistent(h.w);
  });

  it('a message already in flight when the partition starts is dropped on arrival', () => {
    const h = harness();
    h.send('n1', 'n3', 1);
    h.w.runUntil(200);
    h.w.partition([['n1'], ['n2', 'n3']]);
    h.w.runUntil(5000);
    expect(h.ns('n3')).toEqual([]);
    expect(h.records.find((r) => r.kind === 'drop')).toMatchObject({ at: 500, node: 'n3', peer: 'n1', detail: 'partition' });
    expectCountersConsistent(h.w);
  });

  it('hosts left out of every group are not cut off', () => {
    const h = harness(3);
    h.w.partition([['n1'], ['n2']]);
    h.send('n3', 'n1', 1);
    h.send('n3', 'n2', 2);
    h.send('n1', 'n2', 3);
    h.w.runUntil(5000);
    expect(h.ns('n1')).toEqual([1]);
    expect(h.ns('n2')).toEqual([2]);
  });

  it('cut is one-way: a→b blocked, b→a flows', () => {
    const h = harness();
    h.w.cut('n1', 'n2');
    h.send('n1', 'n2', 1);
    h.send('n2', 'n1', 2);
    h.send('n1', 'n3', 3);
    h.w.runUntil(5000);
    expect(h.ns('n2')).toEqual([]);
    expect(h.ns('n1')).toEqual([2]);
    expect(h.ns('n3')).toEqual([3]);
    h.w.heal();
    h.send('n1', 'n2', 4);
    h.w.runUntil(10_000);
    expect(h.ns('n2')).toEqual([4]);
  });

  it('isolate cuts a node off in both directions; the rest still talk', () => {
    const h = harness();
    h.w.isolate('n3');
    h.send('n3', 'n1', 1);
    h.send('n1', 'n3', 2);
    h.send('n1', 'n2', 3);
    h.send('n2', 'n1', 4);
    h.w.runUntil(5000);
    expect(h.ns('n3')).toEqual([]);
    expect(h.ns('n2')).toEqual([3]);
    expect(h.ns('n1')).toEqual([4]);
    expect(h.w.state.counters.messagesDropped).toBe(2);
    h.w.heal();
    h.send('n3', 'n1', 5);
    h.w.runUntil(10_000);
    expect(h.ns('n1')).toEqual([4, 5]);
  });
});

describe('network: link settings', () => {
  it('fixed latency: exactly that delay', () => {
    const h = harness();
    h.w.setLink('n1', 'n2', { latency: { kind: 'fixed', us: 7000 } });
    h.w.runUntil(100);
    h.send('n1', 'n2', 1);
    h.send('n2', 'n1', 2); // the reverse link keeps the default
    h.w.runUntil(20_000);
    expect(h.got('n2')[0].at).toBe(7100);
    expect(h.got('n1')[0].at).toBe(600);
  });

  it('uniform latency: every delay in [min, max], and spread over it', () => {
    const h = harness();
    h.w.setLink('n1', 'n2', { latency: { kind: 'uniform', min: 1000, max: 3000 } });
    const N = 2000;
    for (let i = 0; i < N; i++) h.send('n1', 'n2', i);
    h.w.runUntil(10_000);
    const delays = h.got('n2').map((e) => e.at);
    expect(delays.length).toBe(N);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(3000);
    expect(Math.min(...delays)).toBeLessThan(1050);
    expect(Math.max(...delays)).toBeGreaterThan(2950);
    const mean = delays.reduce((a, b) => a + b, 0) / N;
    expect(Math.abs(mean - 2000)).toBeLessThan(60);
  });

  it('uniform latency includes both ends of its range', () => {
    const h = harness();
    h.w.setLink('n1', 'n2', { latency: { kind: 'uniform', min: 1000, max: 1002 } });
    for (let i = 0; i < 300; i++) h.send('n1', 'n2', i);
    h.w.runUntil(10_000);
    expect([...new Set(h.got('n2').map((e) => e.at))].sort()).toEqual([1000, 1001, 1002]);
  });

  it('exponential latency: at least min, mean min + mean', () => {
    const h = harness();
    h.w.setLink('n1', 'n2', { latency: { kind: 'exponential', min: 5000, mean: 2000 } });
    const N = 4000;
    for (let i = 0; i < N; i++) h.send('n1', 'n2', i);
    h.w.runUntil(1_000_000);
    const delays = h.got('n2').map((e) => e.at);
    expect(delays.length).toBe(N);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(5000);
    const mean = delays.reduce((a, b) => a + b, 0) / N;
    expect(Math.abs(mean - 7000)).toBeLessThan(150);
    // Exponential: about e^-1 of the samples exceed min + mean.
    const tail = delays.filter((d) => d > 7000).length / N;
    expect(Math.abs(tail - Math.exp(-1))).toBeLessThan(0.03);
  });

  it('loss drops about that fraction, and every counter agrees', () => {
    const h = harness();
    h.w.setLink('n1', 'n2', { loss: 0.3 });
    const N = 4000;
    for (let i = 0; i < N; i++) h.send('n1', 'n2', i);
    for (let i = 0; i < 100; i++) h.send('n2', 'n1', i); // the other direction is lossless
    h.w.runUntil(10_000);
    const received = h.got('n2').length;
    const s = h.w.state;
    const link = s.net.linkCounters.get(0 * 65536 + 1)!;
    expect(link.sent).toBe(N);
    expect(link.delivered).toBe(received);
    expect(link.dropped).toBe(N - received);
    expect(Math.abs(link.dropped / N - 0.3)).toBeLessThan(0.03);
    expect(h.ns('n1').length).toBe(100);
    expect(s.counters).toEqual({ messagesSent: N + 100, messagesDelivered: received + 100, messagesDropped: N - received });
    expect(h.records.filter((r) => r.kind === 'drop').every((r) => r.detail === 'loss')).toBe(true);
    expectCountersConsistent(h.w);
  });

  it('loss 1 drops everything; loss 0 nothing', () => {
    const h = harness();
    h.w.setLink('n1', 'n2', { loss: 1 });
    for (let i = 0; i < 50; i++) h.send('n1', 'n2', i);
    h.w.setLink('n1', 'n3', { loss: 0 });
    for (let i = 0; i < 50; i++) h.send('n1', 'n3', i);
    h.w.runUntil(10_000);
    expect(h.ns('n2')).toEqual([]);
    expect(h.ns('n3').length).toBe(50);
  });

  it('duplicate: each message arrives twice, and the counters agree', () => {
    const h = harness();
    h.w.setLink('n1', 'n2', { duplicate: 1 });
    h.send('n1', 'n2', 1);
    h.send('n1', 'n2', 2);
    h.w.runUntil(10_000);
    expect(h.got('n2').map((e) => [e.at, e.n])).toEqual([
      [500, 1],
      [500, 1],
      [500, 2],
      [500, 2],
    ]);
    expect(h.records.filter((r) => r.kind === 'send').map((r) => r.detail)).toEqual([undefined, 'duplicate', undefined, 'duplicate']);
    expect(h.w.state.counters).toEqual({ messagesSent: 4, messagesDelivered: 4, messagesDropped: 0 });
    // The link's own counters must tell the same story as the run's.
    expectCountersConsistent(h.w);
  });

  it('jitter reorders messages on one link, within [latency, latency + jitter]; without it the link is FIFO', () => {
    const h = harness();
    h.w.setLink('n1', 'n2', { latency: { kind: 'fixed', us: 1000 }, jitter: 5000 });
    const sentAt: number[] = [];
    for (let i = 0; i < 100; i++) {
      sentAt.push(h.w.now);
      h.send('n1', 'n2', i);
      h.w.runUntil(h.w.now + 100);
    }
    for (let i = 0; i < 100; i++) h.send('n1', 'n3', i); // n1→n3: no jitter
    h.w.runUntil(100_000);
    const seen = h.got('n2');
    expect(seen.length).toBe(100);
    for (const e of seen) {
      const d = e.at - sentAt[e.n];
      expect(d).toBeGreaterThanOrEqual(1000);
      expect(d).toBeLessThanOrEqual(6000);
    }
    const order = seen.map((e) => e.n);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    expect(h.ns('n3')).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('setLink merges with the current settings of that link', () => {
    const h = harness();
    h.w.setLink('n1', 'n2', { latency: { kind: 'fixed', us: 3000 } });
    h.w.setLink('n1', 'n2', { jitter: 0, loss: 0 });
    h.send('n1', 'n2', 1);
    h.w.runUntil(10_000);
    expect(h.got('n2')[0].at).toBe(3000);
  });
});

describe('network: clog', () => {
  it('packets wait until the clog time, then flow in send order; the other direction is not clogged', () => {
    const h = harness();
    h.w.clog('n1', 'n2', 10_000);
    for (const t of [1000, 2000, 3000]) {
      h.w.runUntil(t);
      h.send('n1', 'n2', t);
    }
    h.send('n2', 'n1', 99);
    h.w.runUntil(9999);
    expect(h.ns('n2')).toEqual([]);
    expect(h.got('n1')).toEqual([{ node: 'n1', at: 3500, from: 'n2', type: 'm', n: 99 }]);
    h.w.runUntil(10_000);
    expect(h.got('n2').map((e) => [e.at, e.n])).toEqual([
      [10_000, 1000],
      [10_000, 2000],
      [10_000, 3000],
    ]);
    // After the clog time the link is back to normal.
    h.w.runUntil(12_000);
    h.send('n1', 'n2', 12);
    h.w.runUntil(20_000);
    expect(h.got('n2').at(-1)).toEqual({ node: 'n2', at: 12_500, from: 'n1', type: 'm', n: 12 });
  });

  it('clogged packets with random latency still flow in send order', () => {
    const h = harness();
    h.w.setLink('n1', 'n2', { latency: { kind: 'uniform', min: 100, max: 900 } });
    h.w.clog('n1', 'n2', 50_000);
    for (let i = 0; i < 30; i++) {
      h.send('n1', 'n2', i);
      h.w.runUntil(h.w.now + 7);
    }
    h.w.runUntil(100_000);
    expect(h.got('n2').every((e) => e.at === 50_000)).toBe(true);
    expect(h.ns('n2')).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('heal lifts a clog', () => {
    const h = harness();
    h.w.clog('n1', 'n2', 1_000_000);
    h.w.heal();
    h.send('n1', 'n2', 1);
    h.w.runUntil(10_000);
    expect(h.got('n2')[0].at).toBe(500);
  });
});
