import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { RawNode } from './rawnode';
import { DEFAULT_RAFT_CONFIG, Entry, Message, newMessage } from './types';

/** A follower of a 3-node cluster whose leader n1 won term 1. */
function follower(entries: Entry[] = [], commit = 0): RawNode {
  return new RawNode(
    { ...DEFAULT_RAFT_CONFIG, id: 'n2' },
    { hardState: { term: 1, vote: 'n1', commit }, conf: { voters: ['n1', 'n2', 'n3'], learners: [] }, snapshot: null, entries },
    new Rng(7, 'n2'),
  );
}

function heartbeat(): Message {
  return newMessage('MsgHeartbeat', 'n1', 'n2', 1);
}

const summary = (ms: readonly Message[]) => ms.map((m) => `${m.type}->${m.to}`);

describe('RawNode Ready batches (a recycled Ready)', () => {
  it('keeps messages stepped before advance() out of the outstanding Ready', () => {
    const n = follower();
    n.step(heartbeat());
    const rd1 = n.ready();
    expect(summary(rd1.messages)).toEqual(['MsgHeartbeatResp->n1']);
    // Stepped while the batch is being persisted: belongs to the next Ready.
    n.step(heartbeat());
    expect(summary(rd1.messages)).toEqual(['MsgHeartbeatResp->n1']);
    n.advance();

    const rd2 = n.ready();
    expect(summary(rd2.messages)).toEqual(['MsgHeartbeatResp->n1']);
    n.advance();
    expect(n.hasReady()).toBe(false);

    n.step(heartbeat());
    n.advance(); // a stray advance() between batches changes nothing
    expect(summary(n.ready().messages)).toEqual(['MsgHeartbeatResp->n1']);
    n.advance();
  });

  it('keeps later messages out of a batch that had none', () => {
    // Restarted with a committed entry to re-apply: the first batch carries no messages.
    const n = follower([{ index: 1, term: 1, type: 'normal', data: 'x' }], 1);
    const rd1 = n.ready();
    expect(rd1.messages).toEqual([]);
    expect(rd1.committedEntries.map((e) => e.index)).toEqual([1]);
    n.step(heartbeat());
    n.advance();
    const rd2 = n.ready();
    expect(summary(rd2.messages)).toEqual(['MsgHeartbeatResp->n1']);
    n.step(heartbeat());
    n.step(heartbeat());
    n.advance();
    expect(summary(n.ready().messages)).toEqual(['MsgHeartbeatResp->n1', 'MsgHeartbeatResp->n1']);
    n.advance();
    expect(n.hasReady()).toBe(false);
  });

  it('hands out hard and soft state only when they changed', () => {
    const n = follower();
    n.step(heartbeat());
    const rd = n.ready();
    expect(rd.softState).toEqual({ lead: 'n1', role: 'follower' });
    expect(rd.hardState).toBeUndefined(); // term, vote and commit are as stored
    n.advance();
    n.step(heartbeat());
    const again = n.ready();
    expect(again.softState).toBeUndefined();
    expect(again.hardState).toBeUndefined();
    n.advance();
  });
});
