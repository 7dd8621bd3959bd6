import { describe, expect, it } from 'vitest';
import { Disk, type DiskKey } from './disk';
import { Rng } from './rng';

describe('Disk', () => {
  it('reads its own writes at once, before any fsync', () => {
    const d = new Disk();
    d.write('a', 1);
    d.write('a', 2);
    d.write('b', 3);
    d.delete('b');
    expect(d.read('a')).toBe(2);
    expect(d.read('b')).toBeUndefined();
    expect(d.keys()).toEqual(['a']);
    expect(d.unsynced()).toEqual([
      { key: 'a', value: 1 },
      { key: 'a', value: 2 },
      { key: 'b', value: 3 },
      { key: 'b', value: undefined },
    ]);
    expect(d.readDurable('a')).toBeUndefined();
  });

  it('an fsync makes only the writes issued before it began durable', () => {
    const d = new Disk();
    d.write('a', 1);
    const upTo = d.beginSync();
    d.write('a', 2);
    d.write('c', 5);
    d.completeSync(upTo);
    expect(d.fsyncs).toBe(1);
    expect(d.readDurable('a')).toBe(1);
    expect(d.read('a')).toBe(2);
    d.crash();
    expect(d.lostOnCrash).toBe(2);
    expect(d.read('a')).toBe(1);
    expect(d.read('c')).toBeUndefined();
    expect(d.keys()).toEqual(['a']);
  });

  it('durable deletes survive a crash; keys() filters by prefix, sorted', () => {
    const d = new Disk();
    d.write('log/2', 'y');
    d.write('log/1', 'x');
    d.write('meta', 'm');
    d.completeSync(d.beginSync());
    d.delete('log/2');
    d.completeSync(d.beginSync());
    d.crash();
    expect(d.keys('log/')).toEqual(['log/1']);
    expect(d.keys()).toEqual(['log/1', 'meta']);
    expect(d.lostOnCrash).toBe(0);
  });

  it('numbered records: listed apart from names, ascending, and only the synced ones survive', () => {
    const d = new Disk();
    d.write(10, 'x');
    d.write(2, 'y');
    d.write('hs', 'h');
    d.completeSync(d.beginSync());
    d.write(11, 'z');
    d.delete(2);
    expect(d.records()).toEqual([10, 11]);
    expect(d.records(true)).toEqual([2, 10]);
    expect(d.keys()).toEqual(['hs']);
    d.crash();
    expect(d.records()).toEqual([2, 10]);
    expect(d.read(2)).toBe('y');
  });

  it('agrees with a simple model over random writes, overlapping fsyncs and crashes', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rng = new Rng(seed, 'disk');
      const d = new Disk();
      // The model: every write in order; durable = replay of the writes an fsync covered.
      const log: [DiskKey, unknown][] = [];
      let lostBefore = 0;
      let durableUpTo = 0;
      const syncs: number[] = [];
      const view = (upTo: number) => {
        const m = new Map<DiskKey, unknown>();
        for (let i = 0; i < upTo; i++) {
          const [k, v] = log[i];
          if (v === undefined) m.delete(k);
          else m.set(k, v);
        }
        return m;
      };
      for (let step = 0; step < 600; step++) {
        const roll = rng.int(0, 100);
        if (roll < 70) {
          const k: DiskKey = rng.chance(0.5) ? rng.int(0, 30) : `f${rng.int(0, 4)}`;
          const v = rng.chance(0.2) ? undefined : step;
          d.write(k, v);
          log.push([k, v]);
        } else if (roll < 85) syncs.push(d.beginSync());
        else if (roll < 97 && syncs.length > 0) {
          const upTo = syncs.shift()!;
          d.completeSync(upTo);
          durableUpTo = Math.max(durableUpTo, upTo - lostBefore);
        } else {
          d.crash();
          log.length = durableUpTo; // unsynced writes are gone
          syncs.length = 0;
          // After a crash the write counter keeps counting: rebase the model on it.
          lostBefore = d.beginSync() - log.length;
        }
        const now = view(log.length);
        const durable = view(durableUpTo);
        for (let k = 0; k < 30; k++) {
          expect(d.read(k)).toBe(now.get(k));
          expect(d.readDurable(k)).toBe(durable.get(k));
        }
        expect(d.records()).toEqual([...now.keys()].filter((k) => typeof k === 'number').sort((a, b) => (a as number) - (b as number)));
        expect(d.keys()).toEqual([...now.keys()].filter((k) => typeof k === 'string').sort());
      }
    }
  });
});
