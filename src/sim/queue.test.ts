import { describe, expect, it } from 'vitest';
import { EventQueue } from './queue';
import { Rng } from './rng';

interface Item {
  at: number;
  seq: number;
  /** Insertion number, kept by the test (seq is the queue's). */
  ins: number;
}

const item = (at: number, ins: number): Item => ({ at, seq: -1, ins });
const before = (a: Item, b: Item) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

describe('EventQueue', () => {
  it('pops in time order, and equal times in insertion order', () => {
    const q = new EventQueue<Item>();
    const times = [5, 1, 5, 3, 1, 5, 0, 3];
    times.forEach((t, i) => q.push(item(t, i)));
    expect(q.size).toBe(8);
    const out: [number, number][] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push([e.at, e.ins]);
    expect(out).toEqual([
      [0, 6],
      [1, 1],
      [1, 4],
      [3, 3],
      [3, 7],
      [5, 0],
      [5, 2],
      [5, 5],
    ]);
    expect(q.pop()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('assigns increasing sequence numbers at push and peek shows the next pop', () => {
    const q = new EventQueue<Item>();
    const a = q.push(item(10, 0));
    const b = q.push(item(10, 1));
    const c = q.push(item(2, 2));
    expect([a.seq, b.seq, c.seq]).toEqual([0, 1, 2]);
    expect(q.peek()).toBe(c);
    expect(q.pop()).toBe(c);
    expect(q.peek()).toBe(a);
  });

  it('a re-pushed event gets a new sequence number and runs after earlier equal-time events', () => {
    const q = new EventQueue<Item>();
    const a = q.push(item(7, 0));
    q.push(item(7, 1));
    expect(q.pop()).toBe(a);
    q.push(a); // as World.resume does with deferred events
    expect(a.seq).toBe(2);
    expect(q.pop()!.ins).toBe(1);
    expect(q.pop()).toBe(a);
  });

  it('removeWhere returns the removed events and keeps a valid heap', () => {
    const q = new EventQueue<Item>();
    for (let i = 0; i < 20; i++) q.push(item((i * 7) % 5, i));
    const removed = q.removeWhere((e) => e.ins % 3 === 0);
    expect(removed.map((e) => e.ins).sort((x, y) => x - y)).toEqual([0, 3, 6, 9, 12, 15, 18]);
    expect(q.size).toBe(13);
    expect(q.removeWhere(() => false)).toEqual([]);
    const out: number[] = [];
    let prev: Item | undefined;
    for (let e = q.pop(); e; e = q.pop()) {
      if (prev) expect(before(prev, e)).toBe(true);
      expect(e.ins % 3).not.toBe(0);
      out.push(e.ins);
      prev = e;
    }
    expect(out.length).toBe(13);
  });

  it('matches a sorted-list model over many random pushes, pops and removals', () => {
    // Times are pushed relative to the last pop, as the kernel does, from the same bucket up
    // to beyond the calendar's window (so both the calendar and the far heap are exercised),
    // and sometimes in the past, as a test may.
    const spans = [40, 64, 200, 5_000, 300_000, 3_000_000];
    for (let seed = 1; seed <= 36; seed++) {
      const span = spans[seed % spans.length];
      const rng = new Rng(seed, 'queue-test');
      const q = new EventQueue<Item>();
      const model: Item[] = [];
      let ins = 0;
      let pops = 0;
      let now = 0;
      for (let step = 0; step < 3000; step++) {
        const r = rng.float();
        if (r < 0.55) {
          // Few distinct times, so ties are common.
          const past = rng.chance(0.05) ? rng.int(0, span) : 0;
          const e = q.push(item(Math.max(0, now - past) + rng.int(0, span), ins++));
          model.push(e);
        } else if (r < 0.97) {
          const got = q.pop();
          if (model.length === 0) {
            expect(got).toBeUndefined();
            continue;
          }
          let m = 0;
          for (let i = 1; i < model.length; i++) if (before(model[i], model[m])) m = i;
          const [want] = model.splice(m, 1);
          expect(got).toBe(want);
          now = want.at;
          pops++;
        } else {
          const k = rng.int(2, 6);
          const removed = q.removeWhere((e) => e.ins % k === 0);
          const expected = model.filter((e) => e.ins % k === 0);
          expect(new Set(removed)).toEqual(new Set(expected));
          for (const e of expected) model.splice(model.indexOf(e), 1);
        }
        expect(q.size).toBe(model.length);
      }
      // Drain: the rest comes out in (time, seq) order.
      let prev: Item | undefined;
      for (let e = q.pop(); e; e = q.pop()) {
        if (prev) expect(before(prev, e)).toBe(true);
        prev = e;
      }
      expect(pops).toBeGreaterThan(500);
    }
  });

  it('popDue takes only what is due, from the calendar and from the far heap alike', () => {
    const q = new EventQueue<Item>();
    q.push(item(100, 0));
    q.push(item(10_000_000, 1)); // beyond the window: the far heap
    q.push(item(100, 2));
    expect(q.popDue(99)).toBeUndefined();
    expect(q.popDue(100)!.ins).toBe(0);
    expect(q.popDue(100)!.ins).toBe(2);
    expect(q.popDue(9_999_999)).toBeUndefined();
    expect(q.size).toBe(1);
    q.push(item(5_000_000, 3));
    expect(q.popDue(10_000_000)!.ins).toBe(3);
    expect(q.popDue(10_000_000)!.ins).toBe(1);
    expect(q.popDue(Infinity)).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('keeps the order across the ring wrapping many times', () => {
    const q = new EventQueue<Item>();
    const rng = new Rng(7, 'queue-wrap');
    let now = 0;
    let last: Item | undefined;
    for (let i = 0; i < 20_000; i++) {
      q.push(item(now + rng.int(0, 400_000), i));
      if (i % 2 === 1 || q.size > 50) {
        const e = q.pop()!;
        if (last) expect(before(last, e)).toBe(true);
        last = e;
        now = e.at;
      }
    }
    expect(now).toBeGreaterThan(100 * 262_144);
  });
});
