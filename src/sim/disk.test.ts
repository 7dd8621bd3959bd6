import { describe, expect, it } from 'vitest';
import { Disk } from './disk';

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
});
