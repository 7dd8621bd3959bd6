import { describe, expect, it } from 'vitest';
import { Network } from './network.testkit';
import { newMessage } from './types';

const ids3 = ['n1', 'n2', 'n3'];

function withHistory(n: number) {
  const net = new Network(ids3);
  net.campaign('n1');
  for (let i = 0; i < n; i++) net.propose('n1', `v${i}`);
  return net;
}

describe('log compaction', () => {
  it('compact(index) stores a snapshot with the term and conf at that index and drops the prefix', () => {
    const net = withHistory(10); // index 1 = empty entry, 2..11 = v0..v9
    expect(net.node('n1').status().applied).toBe(11);
    const snap = net.compact('n1', 8)!;
    expect(snap.meta).toEqual({ index: 8, term: 1, conf: { voters: ids3, learners: [] } });
    const st = net.node('n1').status();
    expect(st.snapshotIndex).toBe(8);
    expect(st.lastIndex).toBe(11);
    expect(net.node('n1').entriesBetween(1, 100).map((e) => e.index)).toEqual([9, 10, 11]);
    // Compacting at or below the snapshot is a no-op returning the existing snapshot.
    expect(net.compact('n1', 5)).toBe(snap);
    // Replication continues normally afterwards.
    expect(net.propose('n1', 'after')).toBe(true);
    expect(net.appliedData('n2').at(-1)).toBe('after');
  });

  it('refuses to compact past the applied index', () => {
    const net = withHistory(2);
    expect(() => net.node('n1').compact(99, '[]')).toThrow(/beyond applied/);
  });

  it('a restarted node loads its snapshot and re-applies only later committed entries', () => {
    const net = withHistory(6);
    net.compact('n2', 5);
    net.crash('n2');
    net.restart('n2');
    const st = net.node('n2').status();
    expect(st.snapshotIndex).toBe(5);
    expect(st.applied).toBe(5);
    net.tickAll(3);
    expect(net.appliedData('n2')).toEqual(net.appliedData('n1'));
    expect(net.node('n2').status().applied).toBe(7);
  });
});

describe('catching a follower up with MsgSnap', () => {
  function lagging() {
    const net = withHistory(2);
    net.isolate('n3');
    for (let i = 0; i < 10; i++) net.propose('n1', `w${i}`);
    net.compact('n1', 10);
    net.heal();
    return net;
  }

  it('sends a snapshot when the next entry was compacted, then resumes replication', () => {
    const net = lagging();
    net.tickAll(3);
    expect(net.countDelivered('MsgSnap', 'n3')).toBe(1);
    const snapMsg = net.delivered.find((m) => m.type === 'MsgSnap')!;
    expect(snapMsg.snapshot!.meta.index).toBe(10);
    const st = net.node('n3').status();
    expect(st.snapshotIndex).toBe(10);
    expect(st.conf).toEqual({ voters: ids3, learners: [] });
    expect(net.appliedData('n3')).toEqual(net.appliedData('n1'));
    expect(net.node('n1').status().progress!.n3).toMatchObject({ state: 'replicate', match: 13 });
    expect(net.propose('n1', 'z')).toBe(true);
    expect(net.appliedData('n3').at(-1)).toBe('z');
  });

  it('keeps the follower in snapshot state until it acknowledges, and re-sends a lost snapshot', () => {
    const net = lagging();
    net.filter = (m) => (m.type === 'MsgSnap' ? null : m); // the transfer is lost
    net.tickAll(1);
    expect(net.node('n1').status().progress!.n3.state).toBe('snapshot');
    net.tickAll(10);
    expect(net.node('n1').status().progress!.n3.state).toBe('snapshot'); // no MsgApp meanwhile
    expect(net.dropped.filter((m) => m.type === 'MsgSnap').length).toBe(1);
    net.filter = null;
    net.tickAll(12); // 2 election timeouts: treated as a failed send, probe again -> new MsgSnap
    expect(net.countDelivered('MsgSnap', 'n3')).toBe(1);
    expect(net.node('n1').status().progress!.n3.state).toBe('replicate');
    expect(net.appliedData('n3')).toEqual(net.appliedData('n1'));
  });

  it('reportSnapshot(ok) lets the host move the follower back to probing', () => {
    const net = lagging();
    net.filter = (m) => (m.type === 'MsgSnap' ? null : m);
    net.tickAll(1);
    net.node('n1').reportSnapshot('n3', false);
    expect(net.node('n1').status().progress!.n3.state).toBe('probe');
  });

  it('a follower ignores a snapshot that is not ahead of its commit index', () => {
    const net = withHistory(4);
    const n2 = net.node('n2');
    const m = newMessage('MsgSnap', 'n1', 'n2', 1);
    m.snapshot = { meta: { index: 3, term: 1, conf: { voters: ids3, learners: [] } }, data: '[]' };
    n2.step(m);
    const rd = n2.ready();
    expect(rd.snapshot).toBeUndefined();
    expect(rd.messages.map((x) => [x.type, x.index, x.reject])).toEqual([['MsgAppResp', 5, false]]);
    n2.advance();
    expect(n2.status().snapshotIndex).toBe(0);
  });
});
