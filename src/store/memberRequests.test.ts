import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { KeyedQueue } from './memberRequests';

describe('KeyedQueue (a member\'s pending requests)', () => {
  it('behaves as a Map over random sets, takes and drains', () => {
    const rng = new Rng(11, 'keyed-queue');
    const q = new KeyedQueue<number, { key: number; v: number }>();
    let model = new Map<number, { key: number; v: number }>();
    for (let step = 0; step < 5000; step++) {
      const op = rng.int(0, 10);
      const key = rng.int(0, 12);
      if (op < 5) {
        const item = { key, v: step };
        q.set(item);
        model.set(key, item);
      } else if (op < 9) {
        const want = model.get(key);
        model.delete(key);
        expect(q.take(key)).toBe(want);
      } else {
        expect(q.takeAll()).toEqual([...model.values()]);
        model = new Map();
      }
      expect(q.size).toBe(model.size);
      expect(q.items).toEqual([...model.values()]);
    }
  });

  it('replaces an item with the same key where it stands', () => {
    const q = new KeyedQueue<string, { key: string; v: number }>();
    q.set({ key: 'a', v: 1 });
    q.set({ key: 'b', v: 2 });
    q.set({ key: 'a', v: 3 });
    expect(q.items).toEqual([{ key: 'a', v: 3 }, { key: 'b', v: 2 }]);
    expect(q.take('b')).toEqual({ key: 'b', v: 2 });
    expect(q.take('b')).toBeUndefined();
  });
});
