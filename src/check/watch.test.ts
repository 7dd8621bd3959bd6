import { describe, expect, it } from 'vitest';
import type { HistoryOp } from './history';
import { checkWatches, type WatchEvent, type WatchStream } from './watch';

const put = (revision: number, key: string, value: string): WatchEvent => ({ revision, type: 'PUT', key, value });
const del = (revision: number, key: string): WatchEvent => ({ revision, type: 'DELETE', key, value: null });
const stream = (watcher: string, key: string, events: WatchEvent[]): WatchStream => ({ watcher, key, events });

const full = [put(2, 'x', 'a'), put(3, 'x', 'b'), del(5, 'x'), put(8, 'x', 'c')];

describe('checkWatches', () => {
  it('accepts consistent streams, including late joiners and multi-key revisions', () => {
    const r = checkWatches([
      stream('w1', 'x', full),
      stream('w2', 'x', full.slice(1)), // started later
      stream('w3', 'x', full.slice(0, 2)), // cancelled early
      stream('w4', '/p/', [put(4, '/p/a', '1'), put(4, '/p/b', '2'), put(6, '/p/a', '3')]),
      stream('w5', '/p/', [put(4, '/p/a', '1'), put(4, '/p/b', '2'), put(6, '/p/a', '3')]),
    ]);
    expect(r).toEqual({ ok: true, detail: '5 watch streams, 15 events: ok', violations: [] });
  });

  it('catches a gap: a revision the other watcher saw is skipped mid-stream', () => {
    const r = checkWatches([stream('w1', 'x', full), stream('w2', 'x', [full[0], full[2], full[3]])]);
    expect(r.ok).toBe(false);
    expect(r.violations).toEqual([
      { rule: 'watch-gap', watcher: 'w2', message: 'w2 skipped revision 3 (PUT "b" on x) between revisions 2 and 8' },
    ]);
  });

  it('catches a lone whole-keyspace watcher skipping revisions (each revision changes some key)', () => {
    const everything = [put(2, 'x', 'a'), put(3, 'y', 'b'), put(3, 'z', 'b'), put(4, 'x', 'c'), del(7, 'y'), put(8, 'x', 'd')];
    expect(checkWatches([stream('w1', '', everything.slice(0, 4))]).ok).toBe(true);
    const r = checkWatches([stream('w1', '', everything)]);
    expect(r.violations).toEqual([
      { rule: 'watch-gap', watcher: 'w1', message: 'w1 watches every key but skipped revisions 5..6 (between 4 and 7)' },
    ]);
    // A single key's watcher rightly sees only that key's revisions.
    expect(checkWatches([stream('w2', 'x', full)]).ok).toBe(true);
  });

  it('catches a duplicated revision', () => {
    const r = checkWatches([stream('w1', 'x', [full[0], full[1], full[1], full[2]])]);
    expect(r.violations).toEqual([{ rule: 'watch-duplicate', watcher: 'w1', message: 'w1 received revision 3 (x) twice' }]);
  });

  it('catches an out-of-order revision', () => {
    const r = checkWatches([stream('w1', 'x', [full[0], full[2], full[1], full[3]])]);
    expect(r.violations).toEqual([{ rule: 'watch-order', watcher: 'w1', message: 'w1 received revision 3 (x) after revision 5' }]);
    expect(r.detail).toBe('1 watch stream, 4 events: 1 violation; first: watch-order: w1 received revision 3 (x) after revision 5');
  });

  it('catches one revision meaning different events in two streams', () => {
    const r = checkWatches([stream('w1', 'x', full), stream('w2', 'x', [full[0], put(3, 'x', 'B'), full[2], full[3]])]);
    expect(r.violations).toEqual([
      { rule: 'watch-consistency', watcher: 'w2', message: 'revision 3 on x is PUT "B" for w2 but PUT "b" for w1' },
    ]);
  });

  it('catches a skipped event of a multi-key revision under a prefix', () => {
    const r = checkWatches([
      stream('w1', '/p/', [put(4, '/p/a', '1'), put(4, '/p/b', '2'), put(6, '/p/a', '3')]),
      stream('w2', '/p/', [put(4, '/p/a', '1'), put(6, '/p/a', '3')]),
    ]);
    expect(r.violations.map((v) => [v.rule, v.watcher])).toEqual([['watch-gap', 'w2']]);
  });

  it('with a history, catches an event carrying a value no client wrote', () => {
    const h: HistoryOp[] = [
      { client: 'c1', op: 'put', key: 'x', value: 'a', expected: null, invokeMs: 0, completeMs: 1, ok: true, result: null },
      { client: 'c1', op: 'cas', key: 'x', value: 'b', expected: 'a', invokeMs: 2, completeMs: null, ok: true, result: null },
    ];
    const ok = checkWatches([stream('w1', 'x', [put(2, 'x', 'a'), put(3, 'x', 'b'), put(4, 'other', 'z')])], h);
    expect(ok.ok).toBe(true);
    const bad = checkWatches([stream('w1', 'x', [put(2, 'x', 'a'), put(3, 'x', 'q')])], h);
    expect(bad.violations).toEqual([
      { rule: 'watch-phantom', watcher: 'w1', message: 'w1 saw x = q at revision 3, a value no client wrote' },
    ]);
  });
});
