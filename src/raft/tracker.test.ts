import { describe, expect, it } from 'vitest';
import { ProgressTracker } from './tracker';

/** The array views must always mirror the progress Map (same order, same objects). */
function expectViewsInStep(trk: ProgressTracker): void {
  expect(trk.peerIds).toEqual([...trk.progress.keys()]);
  trk.peers.forEach((pr, i) => expect(pr).toBe(trk.progress.get(trk.peerIds[i])));
}

describe('ProgressTracker', () => {
  it('keeps its array views, self progress and peer() lookups in step with every change', () => {
    const trk = new ProgressTracker(8, 'n1');
    trk.setConf({ voters: ['n3', 'n1', 'n2'], learners: ['n4'] }, 5);
    expectViewsInStep(trk);
    expect(trk.peerIds).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(trk.selfProgress).toBe(trk.progress.get('n1'));

    const before = trk.peer('n2')!;
    expect(trk.peer('n2')).toBe(before);
    trk.resetProgress(9, 7);
    expectViewsInStep(trk);
    expect(trk.peer('n2')).not.toBe(before); // a fresh Progress, not the remembered one
    expect(trk.peer('n2')!.next).toBe(9);
    expect(trk.selfProgress!.match).toBe(7);

    // A removed peer is gone from every view; an added one joins at the end (Map order).
    trk.setConf({ voters: ['n1', 'n3', 'n5'], learners: ['n4'] }, 12);
    expectViewsInStep(trk);
    expect(trk.peerIds).toEqual(['n1', 'n3', 'n4', 'n5']);
    expect(trk.peer('n2')).toBeUndefined();

    trk.replaceConf({ voters: ['n2', 'n3'], learners: [] }, 20);
    expectViewsInStep(trk);
    expect(trk.selfProgress).toBeUndefined();
    expect(trk.peer('n1')).toBeUndefined();
  });

  it('committedIndex is the quorum-th highest voter match; learners do not count', () => {
    const trk = new ProgressTracker(8, 'n1');
    trk.setConf({ voters: ['n1', 'n2', 'n3', 'n4', 'n5'], learners: ['n6'] }, 1);
    [9, 3, 7, 5, 1].forEach((m, i) => (trk.progress.get(`n${i + 1}`)!.match = m));
    trk.progress.get('n6')!.match = 100;
    expect(trk.committedIndex()).toBe(5);
  });

  it('hasQuorum agrees with voteResult on a set of acks', () => {
    const trk = new ProgressTracker(8, 'n1');
    trk.setConf({ voters: ['n1', 'n2', 'n3', 'n4', 'n5'], learners: ['n6'] }, 1);
    for (const acks of [['n1'], ['n1', 'n2'], ['n1', 'n6', 'n7'], ['n1', 'n2', 'n6'], ['n1', 'n2', 'n3'], ['n2', 'n4', 'n5', 'n6']]) {
      expect(trk.hasQuorum(acks), acks.join()).toBe(trk.voteResult(new Set(acks)) === 'won');
    }
  });
});
