/**
 * The events a member emits for the run's observers (scenario/observe.ts) on its hottest
 * paths: `apply` for every entry it applies, `ack` for every write it acknowledges, and
 * `leader-append` for every batch it appends as leader.
 *
 * They are the most frequent events of a run (one `apply` per entry per member), so each
 * kind is one object per member, refilled for every event. Contract: an observer copies
 * what it needs during the emit call and never keeps the record (the entries array of a
 * `leader-append` is Raft's, and may be kept).
 */
import type { Entry } from '../raft/types';
import type { ProcessContext } from '../sim/process';

/** What the `apply` event carries. */
export interface AppliedEntry {
  index: number;
  term: number;
  command: string;
}

/** What the `ack` event carries: the applied entry and the client it answers. */
export interface AckedEntry extends AppliedEntry {
  client: string;
}

/** What the `leader-append` event carries: a leader's own new entries, as it writes them. */
export interface LeaderAppend {
  term: number;
  entries: Entry[];
  previousLastIndex: number;
}

const NO_ENTRIES: Entry[] = [];

export class MemberEvents {
  private readonly applied: AppliedEntry = { index: 0, term: 0, command: '' };
  private readonly acked: AckedEntry = { client: '', index: 0, term: 0, command: '' };
  private readonly appended: LeaderAppend = { term: 0, entries: NO_ENTRIES, previousLastIndex: 0 };

  apply(ctx: ProcessContext, e: Entry): void {
    const r = this.applied;
    r.index = e.index;
    r.term = e.term;
    r.command = e.data;
    ctx.emit('apply', r);
  }

  ack(ctx: ProcessContext, client: string, e: Entry): void {
    const r = this.acked;
    r.client = client;
    r.index = e.index;
    r.term = e.term;
    r.command = e.data;
    ctx.emit('ack', r);
  }

  leaderAppend(ctx: ProcessContext, term: number, entries: Entry[], previousLastIndex: number): void {
    const r = this.appended;
    r.term = term;
    r.entries = entries;
    r.previousLastIndex = previousLastIndex;
    ctx.emit('leader-append', r);
    r.entries = NO_ENTRIES; // the record must not keep the batch alive
  }
}
