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
    for (let seed = 1; seed <= 20; seed++) {
      const rng = new Rng(seed, 'queue-test');
      const q = new EventQueue<Item>();
      const model: Item[] = [];
      let ins = 0;
      let pops = 0;
      for (let step = 0; step < 3000; step++) {
        const r = rng.float();
        if (r < 0.55) {
          // Few distinct times, so ties are common.
          const e = q.push(item(rng.int(0, 40), ins++));
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
});
