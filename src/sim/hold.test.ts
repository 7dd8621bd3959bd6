/** Held messages: hold filters, release, delivering and dropping one at a time. */
import { describe, expect, it } from 'vitest';
import { expectCountersConsistent, harness } from './network.testkit';

describe('network: hold and release', () => {
  it('holds only what the filter names (from, to, type)', () => {
    const h = harness();
    h.w.hold({ from: 'n1', type: 'a' });
    h.send('n1', 'n2', 1, 'a'); // held
    h.send('n1', 'n2', 2, 'b'); // other type
    h.send('n3', 'n2', 3, 'a'); // other sender
    h.send('n1', 'n3', 4, 'a'); // held
    h.w.runUntil(5000);
    expect(h.ns('n2')).toEqual([2, 3]);
    expect(h.ns('n3')).toEqual([]);
    expect(h.w.state.held.map((e) => [h.w.hosts[e.from].id, h.w.hosts[e.host].id, e.name])).toEqual([
      ['n1', 'n2', 'a'],
      ['n1', 'n3', 'a'],
    ]);
    expect(h.records.filter((r) => r.kind === 'hold').map((r) => [r.node, r.at])).toEqual([
      ['n2', 500],
      ['n3', 500],
    ]);
  });

  it('a "to" filter holds only messages to that node', () => {
    const h = harness();
    h.w.hold({ to: 'n3' });
    h.send('n1', 'n3', 1);
    h.send('n2', 'n3', 2);
    h.send('n1', 'n2', 3);
    h.w.runUntil(5000);
    expect(h.ns('n3')).toEqual([]);
    expect(h.ns('n2')).toEqual([3]);
    expect(h.w.state.held.length).toBe(2);
  });

  it('release delivers the matching held messages now, in order, and stops holding', () => {
    const h = harness();
    h.w.hold({ from: 'n1' });
    h.send('n1', 'n2', 1);
    h.send('n1', 'n2', 2);
    h.w.runUntil(7000);
    expect(h.ns('n2')).toEqual([]);
    expect(h.w.release({ from: 'n1' })).toBe(2);
    expect(h.w.state.net.holds).toEqual([]);
    h.w.runUntil(7000);
    expect(h.got('n2').map((e) => [e.at, e.n])).toEqual([
      [7000, 1],
      [7000, 2],
    ]);
    h.send('n1', 'n2', 3); // no longer held
    h.w.runUntil(10_000);
    expect(h.ns('n2')).toEqual([1, 2, 3]);
    expectCountersConsistent(h.w);
  });

  it('release with a type filter releases only that type', () => {
    const h = harness();
    h.w.hold({ type: 'a' });
    h.w.hold({ type: 'b' });
    h.send('n1', 'n2', 1, 'a');
    h.send('n1', 'n2', 2, 'b');
    h.w.runUntil(1000);
    expect(h.w.release({ type: 'b' })).toBe(1);
    h.w.runUntil(2000);
    expect(h.ns('n2')).toEqual([2]);
    expect(h.w.state.held.map((e) => e.name)).toEqual(['a']);
    expect(h.w.state.net.holds).toEqual([{ type: 'a' }]);
  });

  it('deliverHeld delivers exactly one held message, now; dropHeld drops one', () => {
    const h = harness();
    h.w.hold({});
    h.send('n1', 'n2', 1);
    h.send('n1', 'n2', 2);
    h.send('n1', 'n2', 3);
    h.w.runUntil(3000);
    const ids = h.w.state.held.map((e) => e.id);
    expect(ids.length).toBe(3);
    expect(h.w.deliverHeld(ids[1])).toBe(true);
    expect(h.got('n2')).toEqual([{ node: 'n2', at: 3000, from: 'n1', type: 'm', n: 2 }]);
    expect(h.w.dropHeld(ids[0])).toBe(true);
    expect(h.w.state.held.map((e) => e.id)).toEqual([ids[2]]);
    expect(h.w.deliverHeld(ids[0])).toBe(false); // already gone
    expect(h.w.dropHeld(12345)).toBe(false);
    expect(h.records.filter((r) => r.kind === 'drop').map((r) => [r.msgId, r.detail])).toEqual([[ids[0], 'dropped by hand']]);
    expect(h.w.state.counters).toEqual({ messagesSent: 3, messagesDelivered: 1, messagesDropped: 1 });
    expect(h.w.state.net.typeCounters.get('m')).toEqual({ sent: 3, delivered: 1, dropped: 1 });
    // The hold is still in force for new messages.
    h.send('n1', 'n2', 4);
    h.w.runUntil(5000);
    expect(h.ns('n2')).toEqual([2]);
    expect(h.w.state.held.length).toBe(2);
  });

  it('per-link and per-type counters separate links and types', () => {
    const h = harness();
    h.w.cut('n2', 'n1');
    h.send('n1', 'n2', 1, 'a');
    h.send('n1', 'n2', 2, 'b');
    h.send('n2', 'n1', 3, 'a');
    h.send('n1', 'n3', 4, 'a');
    h.w.runUntil(5000);
    const lc = h.w.state.net.linkCounters;
    expect(lc.get(0 * 65536 + 1)).toEqual({ sent: 2, delivered: 2, dropped: 0 });
    expect(lc.get(1 * 65536 + 0)).toEqual({ sent: 1, delivered: 0, dropped: 1 });
    expect(lc.get(0 * 65536 + 2)).toEqual({ sent: 1, delivered: 1, dropped: 0 });
    expect(h.w.state.net.typeCounters.get('a')).toEqual({ sent: 3, delivered: 2, dropped: 1 });
    expect(h.w.state.net.typeCounters.get('b')).toEqual({ sent: 1, delivered: 1, dropped: 0 });
    expectCountersConsistent(h.w);
  });
});

describe('network: releasing part of a broader hold', () => {
  // BUG (reported, not fixed): `release` re-queues the messages it released, and `deliver`
  // checks the holds again; a broader hold that the release filter does not name (here the
  // catch-all `{}`) catches them again, so `release` reports 1 released but nothing arrives.
  it('messages released from a broader hold are delivered, not held again', () => {
    const h = harness();
    h.w.hold({});
    h.send('n1', 'n2', 1);
    h.send('n3', 'n2', 2);
    h.w.runUntil(1000);
    expect(h.w.release({ from: 'n1' })).toBe(1);
    h.w.runUntil(2000);
    expect(h.got('n2').map((e) => [e.at, e.n])).toEqual([[1000, 1]]);
    expect(h.w.state.held.map((e) => h.w.hosts[e.from].id)).toEqual(['n3']);
  });


  // BUG (reported, not fixed): `deliverHeld` to a host that is up but paused drops the message
  // as "receiver down"; a paused process should get it when it resumes, like any other message
  // that arrives while it is frozen.
  it('deliverHeld to a paused host delivers on resume instead of dropping', () => {
    const h = harness();
    h.w.hold({});
    h.send('n1', 'n2', 1);
    h.w.runUntil(1000);
    h.w.pause('n2');
    expect(h.w.deliverHeld(h.w.state.held[0].id)).toBe(true);
    h.w.runUntil(2000);
    h.w.resume('n2');
    h.w.runUntil(2000);
    expect(h.got('n2').map((e) => [e.at, e.n])).toEqual([[2000, 1]]);
    expect(h.w.state.counters.messagesDropped).toBe(0);
  });
});
