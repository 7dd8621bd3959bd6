import { describe, expect, it } from 'vitest';
import { deepClone } from '../../sim/clone';
import { CHECKPOINT_EVERY, Checkpoints } from './checkpoints';

/** A state that grows by appending, as a run's does. */
function stateAt(seconds: number) {
  return { now: seconds, log: Array.from({ length: seconds * 10 }, (_, i) => ({ index: i + 1, term: 1 + (i >> 6) })) };
}

describe('Checkpoints', () => {
  it('keeps at most 150, thinning evenly, and finds the latest at or before a time', () => {
    const cps = new Checkpoints();
    for (let s = 0; s <= 400; s++) if (cps.nextDue() <= s * CHECKPOINT_EVERY) cps.add(s * CHECKPOINT_EVERY, { now: s });
    expect(cps.count).toBeLessThanOrEqual(150);
    expect(cps.count).toBeGreaterThan(70);
    const cp = cps.before(123_456_789)!;
    expect(cp.at).toBeLessThanOrEqual(123_456_789);
    expect(123_456_789 - cp.at).toBeLessThanOrEqual(4 * CHECKPOINT_EVERY);
    expect((cp.snapshot as { now: number }).now).toBe(cp.at / CHECKPOINT_EVERY);
  });

  it('a checkpoint shares what did not change with the one before it', () => {
    const cps = new Checkpoints();
    for (let s = 0; s < 3; s++) cps.add(s * CHECKPOINT_EVERY, deepClone(stateAt(s + 1)));
    type S = ReturnType<typeof stateAt>;
    const [a, b, c] = [0, 1, 2].map((s) => cps.before(s * CHECKPOINT_EVERY)!.snapshot as S);
    expect(c).toEqual(stateAt(3));
    expect(c.log[0]).toBe(a.log[0]);
    expect(c.log[15]).toBe(b.log[15]);
    expect(c.log).not.toBe(b.log);
  });
});
