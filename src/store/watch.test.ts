import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { MvccStore } from './mvcc';
import { casRequest, decodeRequest } from './request';
import type { KvRequest } from './types';
import type { WatchEvent, WatchResponse } from './watch';

function run(store: MvccStore, ...lines: string[]): void {
  for (const l of lines) store.apply(decodeRequest(l));
}

/** "PUT k=v@rev" / "DELETE k@rev", compact for assertions. */
function show(e: WatchEvent): string {
  return e.type === 'PUT' ? `PUT ${e.kv.key}=${e.kv.value}@${e.kv.modRevision}` : `DELETE ${e.kv.key}@${e.kv.modRevision}`;
}

function flat(rs: WatchResponse[]): string[] {
  return rs.flatMap((r) => r.events.map(show));
}

describe('watch', () => {
  it('delivers later changes grouped by revision, in order', () => {
    const s = new MvccStore();
    const start = s.watch(1, 'x');
    expect(start).toEqual({ watchId: 1, revision: 1, events: [] });
    run(s, 'put x 1', 'put y 1', 'put x 2', 'delete x');
    s.apply({ type: 'txn', compare: [], success: [{ type: 'put', key: 'x', value: '3' }, { type: 'put', key: 'z', value: '3' }], failure: [] });
    const rs = s.drainWatchEvents();
    expect(rs.map((r) => [r.watchId, r.revision, r.events.map(show)])).toEqual([
      [1, 2, ['PUT x=1@2']],
      [1, 4, ['PUT x=2@4']],
      [1, 5, ['DELETE x@5']],
      [1, 6, ['PUT x=3@6']],
    ]);
    expect(rs[1].events[0].kv).toEqual({ key: 'x', value: '2', createRevision: 2, modRevision: 4, version: 2, lease: 0 });
    expect(s.drainWatchEvents()).toEqual([]);
  });

  it('replays past events from a start revision, then continues without a gap or duplicate', () => {
    const s = new MvccStore();
    run(s, 'put a/1 1', 'put b 1', 'put a/2 2', 'delete a/1', 'put a/2 3');
    const start = s.watch(7, 'a/', { prefix: true, startRevision: 3 });
    expect(start.revision).toBe(6);
    expect(start.events.map(show)).toEqual(['PUT a/2=2@4', 'DELETE a/1@5', 'PUT a/2=3@6']);
    run(s, 'put a/3 4', 'put c 1', 'delete a/ --prefix');
    expect(s.drainWatchEvents().map((r) => [r.revision, r.events.map(show)])).toEqual([
      [7, ['PUT a/3=4@7']],
      [9, ['DELETE a/2@9', 'DELETE a/3@9']],
    ]);
  });

  it('includes prevKv when asked, in past and live events', () => {
    const s = new MvccStore();
    run(s, 'put k 1', 'put k 2');
    const start = s.watch(1, 'k', { startRevision: 2, prevKv: true });
    expect(start.events.map((e) => e.prevKv?.value)).toEqual([undefined, '1']);
    run(s, 'delete k');
    const [r] = s.drainWatchEvents();
    expect(r.events[0].type).toBe('DELETE');
    expect(r.events[0].prevKv).toEqual({ key: 'k', value: '2', createRevision: 2, modRevision: 3, version: 2, lease: 0 });
  });

  it('fails with ErrCompacted below the compact revision, and works from it', () => {
    const s = new MvccStore();
    run(s, 'put x 1', 'put x 2', 'delete x', 'put y 1', 'compact 4');
    expect(s.watch(1, 'x', { startRevision: 3 })).toEqual({ watchId: 1, revision: 5, events: [], error: 'ErrCompacted', compactRevision: 4 });
    expect(s.watch(2, '', { prefix: true, startRevision: 4 }).events.map(show)).toEqual(['DELETE x@4', 'PUT y=1@5']);
    expect(s.watch(2, 'x').error).toBe('ErrWatcherExists');
  });

  it('stops after cancel, and a watch on a future revision waits for it', () => {
    const s = new MvccStore();
    s.watch(1, 'x');
    s.watch(2, 'x', { startRevision: 4 });
    run(s, 'put x 1', 'put x 2');
    expect(s.cancel(1)).toBe(true);
    expect(s.cancel(1)).toBe(false);
    run(s, 'put x 3', 'put x 4');
    expect(s.drainWatchEvents().map((r) => `${r.watchId}:${r.events.map(show).join()}`)).toEqual([
      '1:PUT x=1@2',
      '1:PUT x=2@3',
      '2:PUT x=3@4',
      '2:PUT x=4@5',
    ]);
  });

  it('reports lease revocation deletes in one revision', () => {
    const s = new MvccStore();
    s.apply({ type: 'lease-grant', id: 9, ttlMs: 100 }, 0);
    run(s, 'put s/b 1 --lease=9', 'put s/a 1 --lease=9');
    s.watch(1, 's/', { prefix: true });
    s.apply({ type: 'lease-revoke', id: 9 });
    expect(s.drainWatchEvents().map((r) => [r.revision, r.events.map(show)])).toEqual([[4, ['DELETE s/a@4', 'DELETE s/b@4']]]);
  });

  it('continues gaplessly when the client switches to another member from lastSeen + 1', () => {
    // Two members apply the same committed log; A falls behind (it crashes) while B goes on.
    const rng = new Rng(11, 'store/watch.test');
    const log: KvRequest[] = [];
    for (let i = 0; i < 300; i++) {
      const key = `k${rng.int(0, 6)}`;
      const roll = rng.int(0, 10);
      if (roll < 6) log.push({ type: 'put', key, value: `v${i}` });
      else if (roll < 8) log.push({ type: 'delete', key });
      else log.push(casRequest(key, rng.chance(0.5) ? null : `v${i - 1}`, `c${i}`));
    }
    const a = new MvccStore();
    const b = new MvccStore();
    const seen: WatchEvent[] = [];
    a.watch(1, 'k', { prefix: true });
    for (const req of log.slice(0, 120)) {
      a.apply(req);
      b.apply(req);
      seen.push(...a.drainWatchEvents().flatMap((r) => r.events));
    }
    const lastSeen = seen[seen.length - 1].kv.modRevision;
    for (const req of log.slice(120)) b.apply(req); // A is gone; B applied more before the client reconnects
    const start = b.watch(1, 'k', { prefix: true, startRevision: lastSeen + 1 });
    seen.push(...start.events);
    for (const req of log.slice(120)) a.apply(req); // (A catching up later changes nothing for the client)
    const c = new MvccStore();
    c.watch(1, 'k', { prefix: true });
    for (const req of log) c.apply(req);
    const reference = c.drainWatchEvents().flatMap((r) => r.events);
    expect(seen.map(show)).toEqual(reference.map(show));
    expect(seen.length).toBeGreaterThan(200);
    // Ordered and gapless: revisions never decrease and every write revision of the log appears.
    const revs = seen.map((e) => e.kv.modRevision);
    expect(revs.every((r, i) => i === 0 || r >= revs[i - 1])).toBe(true);
    expect(new Set(revs).size).toBe(b.currentRevision - 1);
  });

  it('catches watches up after restoring a snapshot, or cancels them if compacted', () => {
    const leader = new MvccStore();
    const follower = new MvccStore();
    run(leader, 'put x 1');
    run(follower, 'put x 1');
    follower.watch(1, 'x');
    follower.watch(2, 'y', { startRevision: 1 });
    run(leader, 'put x 2', 'put y 1', 'put x 3');
    follower.restore(leader.serialize());
    expect(follower.drainWatchEvents().map((r) => `${r.watchId}@${r.revision}:${r.events.map(show).join()}`)).toEqual([
      '1@3:PUT x=2@3',
      '1@5:PUT x=3@5',
      '2@4:PUT y=1@4',
    ]);
    run(leader, 'put x 4', 'compact 6');
    follower.restore(leader.serialize());
    expect(flat(follower.drainWatchEvents())).toEqual(['PUT x=4@6']);
    run(leader, 'put x 5', 'put x 6', 'compact 8');
    follower.restore(leader.serialize());
    expect(follower.drainWatchEvents()).toEqual([
      { watchId: 1, revision: 8, events: [], canceled: true, compactRevision: 8 },
      { watchId: 2, revision: 8, events: [], canceled: true, compactRevision: 8 },
    ]);
    run(leader, 'put x 7');
    follower.restore(leader.serialize());
    expect(follower.drainWatchEvents()).toEqual([]);
  });
});
