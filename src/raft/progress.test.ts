import { describe, expect, it } from 'vitest';
import { Network } from './network.testkit';
import { Inflights, Progress } from './progress';

describe('Inflights', () => {
  it('fills up, frees acknowledged prefixes and wraps around', () => {
    const inf = new Inflights(3);
    inf.add(5);
    inf.add(7);
    inf.add(9);
    expect(inf.full()).toBe(true);
    expect(() => inf.add(10)).toThrow();
    inf.freeLE(6);
    expect(inf.count).toBe(2);
    expect(inf.full()).toBe(false);
    inf.add(11); // wraps into slot 0
    expect(inf.full()).toBe(true);
    inf.freeLE(4); // stale ack: nothing freed
    expect(inf.count).toBe(3);
    inf.freeLE(10);
    expect(inf.count).toBe(1);
    inf.freeLE(11);
    expect(inf.count).toBe(0);
  });
});

describe('Progress state machine', () => {
  it('probe: one rejection moves next to the hint, stale rejections are ignored', () => {
    const pr = new Progress(11, 8, false);
    pr.sentEntries(1, 11);
    expect(pr.isPaused()).toBe(true);
    expect(pr.maybeDecrTo(5, 3)).toBe(false); // not the index we probed (next - 1 = 10)
    expect(pr.maybeDecrTo(10, 3)).toBe(true);
    expect(pr.next).toBe(4);
    expect(pr.isPaused()).toBe(false);
  });

  it('replicate: optimistic next, rejection falls back to match + 1', () => {
    const pr = new Progress(5, 8, false);
    pr.maybeUpdate(4);
    pr.becomeReplicate();
    pr.sentEntries(3, 7);
    pr.sentEntries(2, 9);
    expect(pr.next).toBe(10);
    expect(pr.inflights.count).toBe(2);
    expect(pr.maybeDecrTo(3, 0)).toBe(false); // already matched: stale
    expect(pr.maybeDecrTo(7, 0)).toBe(true);
    expect(pr.next).toBe(5);
  });

  it('snapshot: paused until acknowledged; probing resumes after the snapshot index', () => {
    const pr = new Progress(3, 8, false);
    pr.becomeSnapshot(20);
    expect(pr.isPaused()).toBe(true);
    expect(pr.next).toBe(21);
    pr.becomeProbe();
    expect(pr.state).toBe('probe');
    expect(pr.next).toBe(21);
  });
});

describe('flow control in a cluster', () => {
  it('stops sending entries to a follower once maxInflightMsgs are unacknowledged', () => {
    const net = new Network(['n1', 'n2', 'n3'], { config: { maxInflightMsgs: 3 } });
    net.campaign('n1');
    expect(net.node('n1').status().progress!.n2.state).toBe('replicate');
    net.isolate('n2');
    for (let i = 0; i < 10; i++) net.propose('n1', `p${i}`);
    const lost = net.dropped.filter((m) => m.type === 'MsgApp' && m.to === 'n2');
    // Each proposal sends its entry; each commit sends an empty MsgApp carrying the new commit
    // index -- until the window is full (3 entries in flight): then n2 gets nothing at all.
    expect(lost.map((m) => m.entries.length)).toEqual([1, 0, 1, 0, 1]);
    expect(net.node('n1').status().progress!.n2).toMatchObject({ state: 'replicate', inflight: 3 });
    // n3 has a free window and received one MsgApp per proposal.
    expect(net.delivered.filter((m) => m.type === 'MsgApp' && m.to === 'n3' && m.entries.length === 1).length).toBe(
      11,
    );
    // Once healed, the heartbeat response unblocks n2; it catches up in batches.
    net.heal();
    net.tickAll(3);
    expect(net.appliedData('n2')).toEqual(net.appliedData('n1'));
    expect(net.node('n1').status().progress!.n2).toMatchObject({ state: 'replicate', inflight: 0, match: 11 });
  });

  it('a probing follower gets one MsgApp per heartbeat interval; a replicating one streams', () => {
    const net = new Network(['n1', 'n2', 'n3'], { config: { maxSizePerMsg: 2 } });
    // n3's appends are lost (heartbeats still flow), so n1 never learns where n3's log is.
    net.filter = (m) => (m.type === 'MsgApp' && m.to === 'n3' ? null : m);
    net.campaign('n1');
    expect(net.node('n1').status().progress!.n3.state).toBe('probe');
    const sentTo = (id: string) => net.dropped.concat(net.delivered).filter((m) => m.type === 'MsgApp' && m.to === id);
    const before3 = sentTo('n3').length;
    const before2 = sentTo('n2').filter((m) => m.entries.length > 0).length;
    for (let i = 0; i < 6; i++) net.propose('n1', `p${i}`);
    expect(sentTo('n3').length - before3).toBe(0); // paused since the election's probe
    expect(sentTo('n2').filter((m) => m.entries.length > 0).length - before2).toBe(6);
    for (let i = 0; i < 4; i++) net.tick('n1');
    expect(sentTo('n3').length - before3).toBe(4); // one per heartbeat response
    // Each probe carries at most maxSizePerMsg entries.
    expect(sentTo('n3').every((m) => m.entries.length <= 2)).toBe(true);
    net.filter = null;
    net.tickAll(4);
    expect(net.node('n1').status().progress!.n3).toMatchObject({ state: 'replicate', match: 7 });
    expect(net.appliedData('n3')).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
  });
});
