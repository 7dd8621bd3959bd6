/**
 * Checkpoints for rewind: engine snapshots taken every so often in virtual time. Seeking to
 * any time restores the nearest checkpoint at or before it and replays deterministically.
 * Each checkpoint shares what did not change with the one before it (snapshotSharing.ts), so
 * it costs about what the run added since, not a whole copy of the world.
 */
import type { Micros } from '../../sim/time';
import { shareWith } from './snapshotSharing';

export const CHECKPOINT_EVERY: Micros = 1_000_000;
/**
 * Above this many, every other checkpoint is dropped (seeks then replay a little more).
 * Spacing stays even rather than sparser further back: a seek replays up to one gap, so the
 * widest gap sets the worst seek (about 10 ms per virtual second replayed, plus the restore;
 * `npm run bench:ui`), and sharing already makes each old checkpoint cheap.
 */
const MAX_CHECKPOINTS = 150;

export interface Checkpoint {
  at: Micros;
  snapshot: unknown;
}

export class Checkpoints {
  private list: Checkpoint[] = [];
  private every = CHECKPOINT_EVERY;

  /** When the next checkpoint is due. */
  nextDue(): Micros {
    const last = this.list[this.list.length - 1];
    return last ? last.at + this.every : 0;
  }

  /** Takes ownership of `snapshot`, a fresh engine snapshot: sharing rewrites it in place. */
  add(at: Micros, snapshot: unknown): void {
    const last = this.list[this.list.length - 1];
    if (last && at <= last.at) return;
    this.list.push({ at, snapshot: last ? shareWith(snapshot, last.snapshot) : snapshot });
    if (this.list.length > MAX_CHECKPOINTS) {
      this.list = this.list.filter((_, i) => i % 2 === 0);
      this.every *= 2;
    }
  }

  /** The latest checkpoint at or before `t`. */
  before(t: Micros): Checkpoint | undefined {
    let found: Checkpoint | undefined;
    for (const c of this.list) {
      if (c.at > t) break;
      found = c;
    }
    return found;
  }

  /** Forget checkpoints after `t` (the future they describe was just rewritten). */
  dropAfter(t: Micros): void {
    this.list = this.list.filter((c) => c.at <= t);
  }

  get count(): number {
    return this.list.length;
  }
}
