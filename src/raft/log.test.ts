import { describe, expect, it } from 'vitest';
import { RaftLog } from './log';
import { entriesWithTerms } from './network.testkit';
import { Entry, RaftPanic, Snapshot } from './types';

function logWith(terms: number[], commit = 0): RaftLog {
  return RaftLog.fromStorage(null, entriesWithTerms(terms), commit);
}

function ent(index: number, term: number, data = `x${index}`): Entry {
  return { index, term, type: 'normal', data };
}

function snap(index: number, term: number): Snapshot {
  return { meta: { index, term, conf: { voters: ['a'], learners: [] } }, data: '[]' };
}

describe('RaftLog basics', () => {
  it('reports first/last index and terms, 0 for out-of-range', () => {
    const log = logWith([1, 1, 2]);
    expect(log.firstIndex()).toBe(1);
    expect(log.lastIndex()).toBe(3);
    expect(log.lastTerm()).toBe(2);
    expect(log.term(0)).toBe(0);
    expect(log.term(2)).toBe(1);
    expect(log.term(3)).toBe(2);
    expect(log.term(4)).toBe(0);
    expect(log.stable).toBe(3); // loaded from disk = durable
  });

  it('slice returns [lo, hi) clipped to the log, sharing entry objects', () => {
    const log = logWith([1, 1, 2, 3]);
    const s = log.slice(2, 4);
    expect(s.map((e) => e.index)).toEqual([2, 3]);
    expect(s[0]).toBe(log.ents[1]);
    expect(log.slice(0, 100).map((e) => e.index)).toEqual([1, 2, 3, 4]);
    expect(log.slice(5, 9)).toEqual([]);
  });

  it('hands out one shared array for a repeated range until a truncation replaces entries', () => {
    const log = logWith([1, 1]);
    const appended = [ent(3, 1), ent(4, 1)];
    log.append(appended);
    // The unstable entries are the appended array itself, and a broadcast's repeated request
    // for the same range gets the same array: nothing is copied.
    expect(log.unstableEntries()).toBe(appended);
    expect(log.slice(3, 3 + 64)).toBe(appended);
    const s = log.slice(2, 4);
    expect(log.slice(2, 4)).toBe(s);
    expect(log.slice(2, 5).map((e) => e.index)).toEqual([2, 3, 4]);
    // §5.3 truncation at 4: a range through 4 must show the new entry, not the memo.
    const before = log.slice(3, 5);
    expect(log.slice(3, 5)).toBe(before);
    log.append([ent(4, 2)]);
    expect(log.slice(3, 5).map((e) => [e.index, e.term])).toEqual([[3, 1], [4, 2]]);
    expect(appended.map((e) => e.term)).toEqual([1, 1]); // handed-out arrays never change
  });

  it('remembers the range before the last one too, until a truncation', () => {
    const log = logWith([1, 1]);
    const third = [ent(3, 1)];
    const fourth = [ent(4, 1)];
    log.append(third);
    log.append(fourth);
    // A follower asks for entry 3 as committed after it appended entry 4.
    expect(log.slice(3, 4)).toBe(third);
    expect(log.slice(4, 5)).toBe(fourth);
    // Truncation at 3 replaces both remembered ranges.
    log.append([ent(3, 2)]);
    expect(log.slice(3, 4).map((e) => [e.index, e.term])).toEqual([[3, 2]]);
    expect(log.slice(4, 5)).toEqual([]);
  });

  it('forgets the earlier range on a truncation that remembers nothing new', () => {
    const log = logWith([1, 1]);
    log.append([ent(3, 1), ent(4, 1)]);
    log.slice(2, 3); // now [3, 5) is the earlier remembered range
    // A MsgApp whose second entry conflicts: entry 4 is replaced, nothing new is remembered.
    expect(log.maybeAppend(2, 1, 0, [ent(3, 1), ent(4, 2)])).toBe(4);
    expect(log.slice(3, 5).map((e) => [e.index, e.term])).toEqual([[3, 1], [4, 2]]);
  });

  it('isUpToDate follows §5.4.1: higher last term wins, then longer log', () => {
    const log = logWith([1, 2, 2]);
    expect(log.isUpToDate(1, 3)).toBe(true); // higher term, shorter log
    expect(log.isUpToDate(3, 2)).toBe(true); // same term, same length
    expect(log.isUpToDate(2, 2)).toBe(false); // same term, shorter
    expect(log.isUpToDate(9, 1)).toBe(false); // lower term, longer
  });
});

describe('RaftLog.maybeAppend (§5.3 consistency check)', () => {
  it('rejects when (prevIndex, prevTerm) does not match', () => {
    const log = logWith([1, 1, 2]);
    expect(log.maybeAppend(3, 3, 0, [ent(4, 3)])).toBe(-1);
    expect(log.maybeAppend(4, 2, 0, [ent(5, 3)])).toBe(-1); // beyond the end
    expect(log.lastIndex()).toBe(3);
  });

  it('appends new entries and commits min(leaderCommit, last new index)', () => {
    const log = logWith([1, 1, 2]);
    expect(log.maybeAppend(3, 2, 10, [ent(4, 2), ent(5, 2)])).toBe(5);
    expect(log.lastIndex()).toBe(5);
    expect(log.committed).toBe(5);
    const log2 = logWith([1, 1, 2]);
    expect(log2.maybeAppend(1, 1, 10, [])).toBe(1);
    expect(log2.committed).toBe(1); // an empty append only vouches for prevIndex
  });

  it('ignores entries it already has (no truncation for a duplicate MsgApp)', () => {
    const log = logWith([1, 1, 2, 2]);
    const before = log.ents.slice();
    expect(log.maybeAppend(1, 1, 0, [ent(2, 1), ent(3, 2)])).toBe(3);
    expect(log.lastIndex()).toBe(4);
    expect(log.ents).toEqual(before);
  });

  it('truncates a conflicting suffix and marks the new entries unstable', () => {
    const log = logWith([1, 1, 2, 2, 2], 2);
    expect(log.maybeAppend(2, 1, 2, [ent(3, 3, 'new3'), ent(4, 3, 'new4')])).toBe(4);
    expect(log.lastIndex()).toBe(4);
    expect(log.ents.map((e) => e.term)).toEqual([1, 1, 3, 3]);
    expect(log.stable).toBe(2);
    expect(log.unstableEntries().map((e) => e.data)).toEqual(['new3', 'new4']);
  });

  it('never truncates a committed entry (panic)', () => {
    const log = logWith([1, 1, 2], 3);
    expect(() => log.maybeAppend(1, 1, 3, [ent(2, 5)])).toThrow(RaftPanic);
  });

  it('commitTo beyond the last index panics; lower values are ignored', () => {
    const log = logWith([1, 1], 1);
    expect(() => log.commitTo(3)).toThrow(/out of range/);
    log.commitTo(0);
    expect(log.committed).toBe(1);
  });
});

describe('RaftLog.findConflictByTerm', () => {
  // etcd's example: leader  1 3 3 3 5 5 5 5 5 ; follower 1 1 1 1 2 2
  it('skips indexes whose term is above the hint term', () => {
    const leader = logWith([1, 3, 3, 3, 5, 5, 5, 5, 5]);
    expect(leader.findConflictByTerm(6, 2)).toEqual([1, 1]);
    const follower = logWith([1, 3, 3, 4, 4, 5, 5, 5, 6]);
    expect(follower.findConflictByTerm(8, 3)).toEqual([3, 3]);
    expect(follower.findConflictByTerm(9, 6)).toEqual([9, 6]);
    expect(follower.findConflictByTerm(9, 0)).toEqual([0, 0]);
  });

  it('returns term 0 at a compacted index', () => {
    const log = RaftLog.fromStorage(snap(4, 3), entriesWithTerms([4, 4], 5), 4);
    expect(log.findConflictByTerm(6, 3)).toEqual([4, 3]);
    expect(log.findConflictByTerm(3, 1)).toEqual([3, 0]);
  });
});

describe('RaftLog stable/applied tracking', () => {
  it('stableTo ignores an index whose term changed after the Ready was handed out', () => {
    const log = new RaftLog();
    log.append([ent(1, 1), ent(2, 1)]);
    expect(log.unstableEntries().length).toBe(2);
    log.stableTo(2, 1);
    expect(log.stable).toBe(2);
    log.append([ent(3, 1)]);
    log.append([ent(3, 2)]); // overwritten before persisted
    log.stableTo(3, 1);
    expect(log.stable).toBe(2);
    log.stableTo(3, 2);
    expect(log.stable).toBe(3);
  });

  it('hands out committed entries once, and none while a snapshot is pending', () => {
    const log = logWith([1, 1, 1], 2);
    expect(log.nextCommittedEnts().map((e) => e.index)).toEqual([1, 2]);
    log.applying = 2;
    expect(log.hasNextCommittedEnts()).toBe(false);
    log.restore(snap(5, 2));
    expect(log.committed).toBe(5);
    expect(log.hasNextCommittedEnts()).toBe(false);
    log.snapshotApplied(5);
    expect(log.applied).toBe(5);
    expect(log.pendingSnapshot).toBeNull();
  });
});

describe('RaftLog compaction', () => {
  it('drops the prefix, keeps terms at the snapshot point, and refuses unapplied indexes', () => {
    const log = logWith([1, 1, 2, 2, 3], 4);
    log.appliedTo(4);
    expect(() => log.compact(5, snap(5, 3))).toThrow(RaftPanic);
    log.compact(3, snap(3, 2));
    expect(log.firstIndex()).toBe(4);
    expect(log.lastIndex()).toBe(5);
    expect(log.term(3)).toBe(2);
    expect(log.hasTerm(2)).toBe(false);
    expect(log.term(2)).toBe(0);
    expect(log.slice(1, 6).map((e) => e.index)).toEqual([4, 5]);
    expect(log.matchTerm(3, 2)).toBe(true);
    // appends keep working after compaction
    log.append([ent(6, 3)]);
    expect(log.lastIndex()).toBe(6);
    expect(log.term(6)).toBe(3);
  });

  it('loads a snapshot plus later entries from storage, skipping covered ones', () => {
    const log = RaftLog.fromStorage(snap(3, 2), entriesWithTerms([1, 1, 2, 2, 3]), 4);
    expect(log.firstIndex()).toBe(4);
    expect(log.lastIndex()).toBe(5);
    expect(log.applied).toBe(3);
    expect(log.committed).toBe(4);
    expect(log.nextCommittedEnts().map((e) => e.index)).toEqual([4]);
  });
});
