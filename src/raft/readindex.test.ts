import { describe, expect, it } from 'vitest';
import { Network } from './network.testkit';

const ids3 = ['n1', 'n2', 'n3'];

function cluster(readOnlyOption: 'safe' | 'lease-based' = 'safe') {
  const net = new Network(ids3, { config: { readOnlyOption } });
  net.campaign('n1');
  net.propose('n1', 'a');
  return net;
}

describe('ReadIndex, safe mode (thesis §6.4)', () => {
  it('the leader answers after a quorum acknowledges a heartbeat carrying the context', () => {
    const net = cluster();
    expect(net.node('n1').status().commit).toBe(2);
    const before = net.delivered.length;
    net.node('n1').readIndex('r1');
    net.stabilize();
    expect(net.readStates.get('n1')).toEqual([{ index: 2, context: 'r1' }]);
    const hbs = net.delivered.slice(before).filter((m) => m.type === 'MsgHeartbeat');
    expect(hbs.map((m) => [m.to, m.context])).toEqual([
      ['n2', 'r1'],
      ['n3', 'r1'],
    ]);
  });

  it('a leader cut off from the quorum never answers', () => {
    const net = cluster();
    net.isolate('n1');
    net.node('n1').readIndex('r1');
    for (let i = 0; i < 5; i++) net.tick('n1'); // heartbeats retry the context, unanswered
    expect(net.readStates.get('n1')).toEqual([]);
  });

  it('pending reads are dropped when leadership is lost', () => {
    const net = cluster();
    net.isolate('n1');
    net.node('n1').readIndex('r1');
    for (let i = 0; i < 20; i++) net.tick('n1'); // check-quorum steps it down
    expect(net.node('n1').status().role).toBe('follower');
    net.heal();
    net.tickAll(30);
    expect(net.readStates.get('n1')).toEqual([]);
  });

  it('a follower forwards MsgReadIndex (term 0) and receives the index', () => {
    const net = cluster();
    net.node('n2').readIndex('f1');
    net.stabilize();
    const fwd = net.delivered.find((m) => m.type === 'MsgReadIndex')!;
    expect(fwd).toMatchObject({ from: 'n2', to: 'n1', term: 0, context: 'f1' });
    expect(net.readStates.get('n2')).toEqual([{ index: 2, context: 'f1' }]);
    expect(net.readStates.get('n1')).toEqual([]);
  });

  it('a follower without a leader drops the request', () => {
    const net = new Network(ids3);
    net.node('n2').readIndex('lost');
    net.stabilize();
    expect(net.countDelivered('MsgReadIndex')).toBe(0);
    expect(net.readStates.get('n2')).toEqual([]);
  });

  it('a new leader defers reads until it commits an entry of its own term', () => {
    const net = cluster();
    // Hold back acks of term >= 2 so the next leader's empty entry is not committed yet.
    net.filter = (m) => (m.type === 'MsgAppResp' && m.term >= 2 ? null : m);
    net.isolate('n1');
    const l = net.electLeader(); // n2 or n3, at term 2 (n1 cannot interfere)
    const term = net.node(l).status().term;
    const emptyIndex = net.node(l).status().lastIndex;
    expect(term).toBe(2);
    expect(net.node(l).entriesBetween(emptyIndex, emptyIndex + 1)[0]).toMatchObject({ term, data: '' });
    net.heal();
    net.node(l).readIndex('early');
    net.stabilize();
    expect(net.node(l).status().commit).toBe(2);
    expect(net.readStates.get(l)).toEqual([]);
    expect(net.delivered.filter((m) => m.type === 'MsgHeartbeat' && m.context === 'early').length).toBe(0);
    net.filter = null;
    net.tickAll(2);
    expect(net.node(l).status().commit).toBe(emptyIndex);
    expect(net.readStates.get(l)).toEqual([{ index: emptyIndex, context: 'early' }]);
  });

  it('a single-voter cluster answers at once', () => {
    const net = new Network(['n1']);
    net.tickAll(25);
    net.node('n1').readIndex('solo');
    expect(net.node('n1').hasReady()).toBe(true);
    net.stabilize();
    expect(net.readStates.get('n1')).toEqual([{ index: 1, context: 'solo' }]);
    expect(net.delivered.length).toBe(0);
  });
});

describe('ReadIndex, lease-based', () => {
  it('answers from the lease without a heartbeat round', () => {
    const net = cluster('lease-based');
    const before = net.delivered.length;
    net.node('n1').readIndex('r1');
    expect(net.node('n1').ready().readStates).toEqual([{ index: 2, context: 'r1' }]);
    net.node('n1').advance();
    net.stabilize();
    expect(net.delivered.length).toBe(before);
  });

  it('trusts the lease even when cut off (why it needs bounded clock drift)', () => {
    const safe = cluster('safe');
    const lease = cluster('lease-based');
    for (const net of [safe, lease]) {
      net.isolate('n1');
      net.node('n1').readIndex('r');
      net.stabilize();
    }
    expect(safe.readStates.get('n1')).toEqual([]);
    expect(lease.readStates.get('n1')).toEqual([{ index: 2, context: 'r' }]);
  });

  it('requires check-quorum', () => {
    expect(() => new Network(ids3, { config: { readOnlyOption: 'lease-based', checkQuorum: false } })).toThrow(
      /checkQuorum/,
    );
  });
});
