import { describe, expect, it } from 'vitest';
import { decodeConfChange, encodeConfChange } from './confchange';
import { Network } from './network.testkit';

const ids3 = ['n1', 'n2', 'n3'];

function cluster(opts: ConstructorParameters<typeof Network>[1] = {}) {
  const net = new Network(ids3, opts);
  net.campaign('n1');
  return net;
}

function confChange(net: Network, leader: string, type: 'add-voter' | 'add-learner' | 'remove', node: string) {
  const ok = net.node(leader).proposeConfChange({ type, node });
  net.stabilize();
  return ok;
}

describe('conf-change entries', () => {
  it('encode as "<type> <node>" and reject malformed data', () => {
    expect(encodeConfChange({ type: 'add-learner', node: 'n6' })).toBe('add-learner n6');
    expect(decodeConfChange('remove n2')).toEqual({ type: 'remove', node: 'n2' });
    expect(decodeConfChange('promote n2')).toBeNull();
    expect(decodeConfChange('remove')).toBeNull();
  });
});

describe('membership changes (single-server, thesis §4.1)', () => {
  it('adds a voter: the new node catches up and the quorum grows to 3 of 4', () => {
    const net = cluster();
    net.propose('n1', 'a');
    net.addNode('n4'); // a fresh member process: empty disk, bootstrap membership
    expect(confChange(net, 'n1', 'add-voter', 'n4')).toBe(true);
    net.tickAll(3);
    for (const id of ['n1', 'n2', 'n3', 'n4']) {
      expect(net.node(id).status().conf, id).toEqual({ voters: ['n1', 'n2', 'n3', 'n4'], learners: [] });
    }
    expect(net.appliedData('n4')).toEqual(['a']);
    expect(net.node('n4').status().role).toBe('follower');
    // With 4 voters, the leader plus one follower (2 of 4) no longer commit.
    net.isolate('n3');
    net.isolate('n4');
    const commit = net.node('n1').status().commit;
    net.propose('n1', 'b');
    expect(net.node('n1').status().commit).toBe(commit);
    net.heal();
    net.tickAll(2);
    expect(net.node('n1').status().commit).toBe(commit + 1);
  });

  it('a learner receives the log but never votes, campaigns or counts toward the quorum', () => {
    const net = cluster();
    net.addNode('n4');
    expect(confChange(net, 'n1', 'add-learner', 'n4')).toBe(true);
    net.tickAll(2);
    expect(net.node('n4').status()).toMatchObject({ role: 'learner', lead: 'n1' });
    net.propose('n1', 'x');
    expect(net.appliedData('n4')).toEqual(['x']);
    // The leader and the learner alone are not a quorum of the 3 voters.
    net.isolate('n2');
    net.isolate('n3');
    const commit = net.node('n1').status().commit;
    net.propose('n1', 'y');
    expect(net.node('n1').status().progress!.n4.match).toBe(commit + 1);
    expect(net.node('n1').status().commit).toBe(commit);
    // Cut off from the leader, the learner never starts an election.
    net.heal();
    net.isolate('n1');
    const term = net.node('n4').status().term;
    for (let i = 0; i < 60; i++) net.tick('n4');
    expect(net.node('n4').status()).toMatchObject({ role: 'learner', term });
    expect(net.delivered.filter((m) => m.from === 'n4' && (m.type === 'MsgVote' || m.type === 'MsgPreVote'))).toEqual(
      [],
    );
  });

  it('promotes a learner with add-voter', () => {
    const net = cluster();
    net.addNode('n4');
    confChange(net, 'n1', 'add-learner', 'n4');
    expect(confChange(net, 'n1', 'add-voter', 'n4')).toBe(true);
    net.tickAll(2);
    expect(net.node('n4').status()).toMatchObject({ role: 'follower' });
    expect(net.node('n2').status().conf).toEqual({ voters: ['n1', 'n2', 'n3', 'n4'], learners: [] });
  });

  it('removes a follower: it stops receiving appends and never campaigns', () => {
    const net = cluster();
    expect(confChange(net, 'n1', 'remove', 'n3')).toBe(true);
    net.tickAll(2);
    expect(net.node('n1').status().conf.voters).toEqual(['n1', 'n2']);
    expect(net.node('n3').status().conf.voters).toEqual(['n1', 'n2']);
    expect(net.node('n1').status().progress!.n3).toBeUndefined();
    const before = net.delivered.length;
    net.propose('n1', 'after-removal');
    expect(net.delivered.slice(before).filter((m) => m.to === 'n3')).toEqual([]);
    for (let i = 0; i < 60; i++) net.tick('n3');
    expect(net.node('n3').status().term).toBe(1);
    expect(net.leaders()).toEqual(['n1']);
    // A quorum is now 2 of 2: both remaining voters are needed.
    expect(net.appliedData('n2')).toEqual(['after-removal']);
  });

  it('a removed leader steps down and the rest elect a new one', () => {
    const net = cluster();
    expect(confChange(net, 'n1', 'remove', 'n1')).toBe(true);
    expect(net.node('n1').status()).toMatchObject({ role: 'follower', lead: null });
    const mark = net.delivered.length;
    const newLeader = net.electLeader();
    expect(['n2', 'n3']).toContain(newLeader);
    expect(net.node(newLeader).status().conf.voters).toEqual(['n2', 'n3']);
    for (let i = 0; i < 60; i++) net.tick('n1');
    const fromN1 = net.delivered.slice(mark).filter((m) => m.from === 'n1');
    expect(fromN1.filter((m) => m.type === 'MsgPreVote' || m.type === 'MsgVote')).toEqual([]);
    expect(net.leaders()).toEqual([newLeader]);
  });

  it('allows only one pending change at a time, and only on the leader', () => {
    const net = cluster();
    net.addNode('n4');
    net.addNode('n5');
    net.isolate('n2');
    net.isolate('n3'); // the first change cannot commit
    expect(net.node('n1').proposeConfChange({ type: 'add-learner', node: 'n4' })).toBe(true);
    expect(net.node('n1').proposeConfChange({ type: 'add-learner', node: 'n5' })).toBe(false);
    expect(net.node('n2').proposeConfChange({ type: 'add-learner', node: 'n5' })).toBe(false);
    net.heal();
    net.tickAll(2);
    expect(net.node('n1').status().conf.learners).toEqual(['n4']);
    expect(net.node('n1').proposeConfChange({ type: 'add-learner', node: 'n5' })).toBe(true);
    net.tickAll(2);
    expect(net.node('n1').status().conf.learners).toEqual(['n4', 'n5']);
  });

  it('refuses to remove the last voter', () => {
    const net = new Network(['n1']);
    net.tickAll(25);
    expect(net.node('n1').proposeConfChange({ type: 'remove', node: 'n1' })).toBe(false);
  });

  it('a new member joining after compaction is caught up by a snapshot carrying the conf', () => {
    const net = cluster();
    for (let i = 0; i < 5; i++) net.propose('n1', `v${i}`);
    net.addNode('n4');
    confChange(net, 'n1', 'add-learner', 'n4');
    net.isolate('n4');
    net.propose('n1', 'more');
    const applied = net.node('n1').status().applied;
    net.compact('n1', applied);
    net.heal();
    net.tickAll(3);
    expect(net.countDelivered('MsgSnap', 'n4')).toBe(1);
    expect(net.node('n4').status()).toMatchObject({ role: 'learner', snapshotIndex: applied });
    expect(net.node('n4').status().conf).toEqual({ voters: ids3, learners: ['n4'] });
    expect(net.appliedData('n4')).toEqual(net.appliedData('n1'));
  });

  it('re-applies conf changes from the log after a restart', () => {
    const net = cluster();
    net.addNode('n4');
    confChange(net, 'n1', 'add-voter', 'n4');
    net.tickAll(2);
    net.crash('n2');
    net.restart('n2'); // its disk conf is the bootstrap one; the log holds the change
    expect(net.node('n2').status().conf.voters).toEqual(ids3);
    net.tickAll(2);
    expect(net.node('n2').status().conf.voters).toEqual(['n1', 'n2', 'n3', 'n4']);
  });
});
