/**
 * The follower and candidate step functions (etcd raft stepFollower/stepCandidate) and the
 * follower's handling of MsgApp, MsgHeartbeat and MsgSnap.
 */
import { cloneConf } from './confchange';
import { bcastAppend } from './leader';
import type { Raft } from './raft';
import { Message, MessageType, NodeId, Snapshot, newMessage } from './types';

export function stepCandidate(r: Raft, m: Message): void {
  // Only replies to our current kind of campaign count; a late MsgPreVoteResp seen as a
  // candidate is ignored.
  const myResp: MessageType = r.role === 'pre-candidate' ? 'MsgPreVoteResp' : 'MsgVoteResp';
  switch (m.type) {
    case 'MsgApp':
      r.becomeFollower(m.term, m.from); // m.term === r.term: a leader won this term
      handleAppendEntries(r, m);
      return;
    case 'MsgHeartbeat':
      r.becomeFollower(m.term, m.from);
      handleHeartbeat(r, m);
      return;
    case 'MsgSnap':
      r.becomeFollower(m.term, m.from);
      handleSnapshot(r, m);
      return;
    case myResp: {
      const res = r.poll(m.from, !m.reject);
      if (res === 'won') {
        if (r.role === 'pre-candidate') r.campaign('election');
        else {
          r.becomeLeader();
          bcastAppend(r);
        }
      } else if (res === 'lost') {
        r.becomeFollower(r.term, null);
      }
      return;
    }
    default:
      return; // proposals, reads and MsgTimeoutNow are dropped without a leader
  }
}

export function stepFollower(r: Raft, m: Message): void {
  switch (m.type) {
    case 'MsgApp':
      r.electionElapsed = 0;
      r.lead = m.from;
      handleAppendEntries(r, m);
      return;
    case 'MsgHeartbeat':
      r.electionElapsed = 0;
      r.lead = m.from;
      handleHeartbeat(r, m);
      return;
    case 'MsgSnap':
      r.electionElapsed = 0;
      r.lead = m.from;
      handleSnapshot(r, m);
      return;
    case 'MsgTransferLeader':
      if (r.lead === null) return;
      r.send(forward(m, r.lead, r.term)); // from stays the transferee
      return;
    case 'MsgTimeoutNow':
      // Transfers skip pre-vote: the leader asked us, so this is not a partition recovery.
      r.hup('transfer');
      return;
    case 'MsgReadIndex':
      if (r.lead === null) return;
      r.send(forward(m, r.lead, 0));
      return;
    case 'MsgReadIndexResp':
      r.readStates.push({ index: m.index, context: m.context ?? '' });
      return;
    default:
      return;
  }
}

/**
 * A copy of `m` for the leader. Built by newMessage rather than by a spread, so that it has
 * the one shape every message has (a spread makes a new hidden class).
 */
function forward(m: Message, to: NodeId, term: number): Message {
  const f = newMessage(m.type, m.from, to, term);
  f.logTerm = m.logTerm;
  f.index = m.index;
  f.entries = m.entries;
  f.commit = m.commit;
  f.reject = m.reject;
  f.rejectHint = m.rejectHint;
  f.snapshot = m.snapshot;
  f.context = m.context;
  return f;
}

// ---- follower handlers ----

function handleAppendEntries(r: Raft, m: Message): void {
  const resp = r.msg('MsgAppResp', m.from);
  if (m.index < r.log.committed) {
    // Everything up to our commit index is known to match (Log Matching): say where we are.
    resp.index = r.log.committed;
    r.send(resp);
    return;
  }
  const lastNew = r.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
  if (lastNew >= 0) {
    resp.index = lastNew;
    r.send(resp);
    return;
  }
  // Rejection with a hint (etcd findConflictByTerm): the largest index <= m.index whose term
  // is <= m.logTerm, so the leader skips our whole divergent tail in one round trip.
  const [hintIndex, hintTerm] = r.log.findConflictByTerm(Math.min(m.index, r.log.lastIndex()), m.logTerm);
  resp.index = m.index;
  resp.reject = true;
  resp.rejectHint = hintIndex;
  resp.logTerm = hintTerm;
  r.send(resp);
}

function handleHeartbeat(r: Raft, m: Message): void {
  r.log.commitTo(m.commit);
  const resp = r.msg('MsgHeartbeatResp', m.from);
  resp.context = m.context;
  r.send(resp);
}

function handleSnapshot(r: Raft, m: Message): void {
  const resp = r.msg('MsgAppResp', m.from);
  resp.index = m.snapshot && restore(r, m.snapshot) ? r.log.lastIndex() : r.log.committed;
  r.send(resp);
}

/** etcd raft.restore: adopt a leader's snapshot; false when it is stale or unusable. */
function restore(r: Raft, s: Snapshot): boolean {
  if (s.meta.index <= r.log.committed) return false;
  if (r.role !== 'follower') {
    // Defense in depth (etcd): only a follower may be overwritten by a snapshot.
    r.becomeFollower(r.term + 1, null);
    return false;
  }
  const conf = s.meta.conf;
  if (!conf.voters.includes(r.id) && !conf.learners.includes(r.id)) return false;
  if (r.log.matchTerm(s.meta.index, s.meta.term)) {
    // We already have the snapshot's last entry: just fast-forward the commit index.
    r.log.commitTo(s.meta.index);
    return false;
  }
  r.log.restore({ meta: { index: s.meta.index, term: s.meta.term, conf: cloneConf(conf) }, data: s.data });
  r.trk.replaceConf(conf, r.log.lastIndex() + 1);
  r.confBase = cloneConf(conf);
  r.confHistory = [];
  r.confIndex = s.meta.index;
  return true;
}

