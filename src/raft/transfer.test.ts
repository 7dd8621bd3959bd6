import { describe, expect, it } from 'vitest';
import { Network } from './network.testkit';

const ids3 = ['n1', 'n2', 'n3'];

function cluster() {
  const net = new Network(ids3, { learners: ['n4'] }); // default: pre-vote + check-quorum on
  net.campaign('n1');
  net.tickAll(2); // everyone is inside n1's lease now
  return net;
}

describe('leadership transfer (thesis §3.10)', () => {
  it('hands leadership to an up-to-date follower despite the followers\' lease', () => {
    const net = cluster();
    net.node('n1').transferLeadership('n2');
    net.stabilize();
    expect(net.leaders()).toEqual(['n2']);
    expect(net.node('n2').status().term).toBe(2);
    expect(net.node('n1').status()).toMatchObject({ role: 'follower', lead: 'n2', term: 2 });
    // The campaign skipped pre-vote and carried the transfer context past the lease.
    const votes = net.delivered.filter((m) => m.type === 'MsgVote' && m.term === 2);
    expect(votes.map((m) => [m.from, m.to, m.context])).toEqual([
      ['n2', 'n1', 'CampaignTransfer'],
      ['n2', 'n3', 'CampaignTransfer'],
    ]);
    expect(net.delivered.filter((m) => m.type === 'MsgPreVote' && m.from === 'n2').length).toBe(0);
  });

  it('a follower forwards the request to the leader', () => {
    const net = cluster();
    net.node('n3').transferLeadership('n2');
    net.stabilize();
    expect(net.leaders()).toEqual(['n2']);
    expect(net.countDelivered('MsgTransferLeader', 'n1')).toBe(1);
  });

  it('catches a lagging transferee up before sending MsgTimeoutNow', () => {
    const net = cluster();
    net.isolate('n3');
    net.propose('n1', 'a');
    net.propose('n1', 'b');
    net.heal();
    net.node('n1').transferLeadership('n3');
    net.stabilize();
    expect(net.leaders()).toEqual(['n3']);
    const timeoutNow = net.delivered.findIndex((m) => m.type === 'MsgTimeoutNow');
    const lastApp = net.delivered.map((m) => m.type === 'MsgApp' && m.to === 'n3' && m.term === 1).lastIndexOf(true);
    expect(lastApp).toBeGreaterThan(-1);
    expect(timeoutNow).toBeGreaterThan(lastApp);
    expect(net.appliedData('n3')).toEqual(['a', 'b']);
  });

  it('drops proposals while a transfer is pending and abandons it after an election timeout', () => {
    const net = cluster();
    net.isolate('n3');
    net.node('n1').transferLeadership('n3');
    net.stabilize();
    expect(net.node('n1').status().leadTransferee).toBe('n3');
    expect(net.node('n1').propose('x')).toBe(false);
    for (let i = 0; i < 9; i++) net.tick('n1');
    expect(net.node('n1').status().leadTransferee).toBe('n3');
    net.tick('n1');
    expect(net.node('n1').status()).toMatchObject({ role: 'leader', leadTransferee: null, term: 1 });
    expect(net.propose('n1', 'y')).toBe(true);
    expect(net.appliedData('n2')).toEqual(['y']);
  });

  it('ignores transfers to itself and to learners', () => {
    const net = cluster();
    net.node('n1').transferLeadership('n1');
    net.node('n1').transferLeadership('n4');
    net.stabilize();
    expect(net.node('n1').status()).toMatchObject({ role: 'leader', leadTransferee: null });
    expect(net.countDelivered('MsgTimeoutNow')).toBe(0);
  });
});
