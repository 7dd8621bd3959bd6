/**
 * The leader's side of Raft (etcd raft stepLeader, sendAppend, maybeCommit, ReadIndex and
 * leadership transfer). Functions over a Raft rather than methods, to keep raft.ts small.
 */
import { applyConfChange, encodeConfChange } from './confchange';
import type { Raft } from './raft';
import type { Progress } from './progress';
import { ConfChange, Entry, EntryType, Message, NO_ENTRIES, NodeId } from './types';

// ---- proposals ----

/** Append a new entry of the leader's term. The self-ack happens in RawNode.advance, after the
 * host persisted it (etcd: the leader's MsgAppResp to itself in msgsAfterAppend). */
export function appendEntry(r: Raft, type: EntryType, data: string, decoded?: unknown): void {
  r.log.append([{ index: r.log.lastIndex() + 1, term: r.term, type, data, decoded }]);
}

/** False when not leader, removed from the config, or a leadership transfer is in progress. */
export function propose(r: Raft, data: string, decoded?: unknown): boolean {
  if (!canPropose(r)) return false;
  appendEntry(r, 'normal', data, decoded);
  bcastAppend(r);
  return true;
}

/**
 * One unapplied conf change at a time (etcd: pendingConfIndex > applied refuses), so two
 * consecutive configurations always share a majority (thesis §4.1).
 */
export function proposeConfChange(r: Raft, cc: ConfChange): boolean {
  if (!canPropose(r)) return false;
  if (r.pendingConfIndex > r.log.applied) return false;
  if (applyConfChange(r.trk.confState(), cc) === null) return false; // would remove all voters
  r.pendingConfIndex = r.log.lastIndex() + 1;
  appendEntry(r, 'conf-change', encodeConfChange(cc));
  bcastAppend(r);
  return true;
}

function canPropose(r: Raft): boolean {
  return r.role === 'leader' && r.leadTransferee === null && r.trk.selfProgress !== undefined;
}

// ---- replication ----

export function sendAppend(r: Raft, to: NodeId): void {
  maybeSendAppend(r, to, true);
}

/**
 * etcd maybeSendAppend: send the entries after pr.next - 1 (at most maxMsgSize), or a
 * snapshot when they were compacted. Returns whether a message was sent. `sendIfEmpty`
 * controls empty MsgApps (useful to carry the commit index or to probe).
 */
export function maybeSendAppend(r: Raft, to: NodeId, sendIfEmpty: boolean): boolean {
  const pr = r.trk.progress.get(to);
  return pr !== undefined && maybeSendAppendTo(r, to, pr, sendIfEmpty);
}

/** maybeSendAppend for a caller that already holds the peer's progress. */
function maybeSendAppendTo(r: Raft, to: NodeId, pr: Progress, sendIfEmpty: boolean): boolean {
  if (pr.isPaused()) return false;
  const prevIndex = pr.next - 1;
  if (prevIndex < r.log.offset) return maybeSendSnapshot(r, to, pr);
  if (prevIndex > r.log.lastIndex()) return false;
  let ents: Entry[] = NO_ENTRIES;
  // A full replicate window sends only empty MsgApps, so that lost messages are discovered.
  if (pr.state !== 'replicate' || !pr.inflights.full()) {
    ents = r.log.slice(pr.next, pr.next + r.maxMsgSize);
  }
  // Most calls end here: after each MsgAppResp the leader tries to fill the window.
  if (ents.length === 0 && !sendIfEmpty) return false;
  const m = r.msg('MsgApp', to);
  m.index = prevIndex;
  m.logTerm = r.log.term(prevIndex);
  m.entries = ents;
  m.commit = r.log.committed;
  r.send(m);
  pr.sentEntries(ents.length, ents.length > 0 ? ents[ents.length - 1].index : prevIndex);
  pr.sentCommitTo(r.log.committed);
  return true;
}

function maybeSendSnapshot(r: Raft, to: NodeId, pr: Progress): boolean {
  // etcd: don't ship a snapshot to a peer we have not heard from recently.
  if (!pr.recentActive) return false;
  const snap = r.log.snapshot;
  if (!snap) return false; // cannot happen: a compacted log always has a snapshot
  pr.becomeSnapshot(snap.meta.index);
  const m = r.msg('MsgSnap', to);
  m.snapshot = snap;
  r.send(m);
  return true;
}

export function bcastAppend(r: Raft): void {
  const ids = r.trk.peerIds;
  const prs = r.trk.peers;
  for (let i = 0; i < ids.length; i++) if (ids[i] !== r.id) maybeSendAppendTo(r, ids[i], prs[i], true);
}

export function bcastHeartbeat(r: Raft): void {
  // Piggy-back the latest pending ReadIndex context so that lost acks are retried (etcd).
  const ctx = r.readOnly.lastPendingRequestCtx();
  bcastHeartbeatWithCtx(r, ctx === '' ? undefined : ctx);
}

function bcastHeartbeatWithCtx(r: Raft, ctx: string | undefined): void {
  const ids = r.trk.peerIds;
  const prs = r.trk.peers;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const pr = prs[i];
    if (id === r.id) continue;
    // Never tell a follower to commit past what it is known to hold (etcd sendHeartbeat).
    const commit = Math.min(pr.match, r.log.committed);
    const m = r.msg('MsgHeartbeat', id);
    m.commit = commit;
    m.context = ctx;
    r.send(m);
    pr.sentCommitTo(commit);
  }
}

/**
 * Advance the commit index to the largest index held by a quorum of voters.
 * Raft §5.4.2 (Figure 8): never commit an entry from an earlier term by counting replicas;
 * it becomes committed indirectly once an entry of the current term above it is. The planted
 * bug 'commit-old-term' skips this check.
 */
export function maybeCommit(r: Raft): boolean {
  const mci = r.trk.committedIndex();
  if (mci <= r.log.committed) return false;
  if (!r.bugCommitOldTerm && r.log.term(mci) !== r.term) return false;
  r.log.commitTo(mci);
  return true;
}

/** The host persisted our log up to log.stable: count ourselves as holding it. */
export function leaderSelfAck(r: Raft): void {
  if (r.role !== 'leader') return;
  const pr = r.trk.selfProgress;
  if (!pr || !pr.maybeUpdate(r.log.stable)) return;
  if (maybeCommit(r)) {
    releasePendingReadIndexMessages(r);
    bcastAppend(r);
  }
}

// ---- the leader's step function ----

export function stepLeader(r: Raft, m: Message): void {
  if (m.type === 'MsgReadIndex') {
    stepReadIndex(r, m);
    return;
  }
  const pr = r.trk.peer(m.from);
  if (!pr) return; // not (or no longer) a member
  switch (m.type) {
    case 'MsgAppResp':
      handleAppendResponse(r, m, pr);
      return;
    case 'MsgHeartbeatResp':
      handleHeartbeatResponse(r, m, pr);
      return;
    case 'MsgTransferLeader':
      handleTransferLeader(r, m, pr);
      return;
    default:
      return;
  }
}

function handleAppendResponse(r: Raft, m: Message, pr: Progress): void {
  pr.recentActive = true;
  if (m.reject) {
    // Fast back-off (etcd): the follower's hint says its log has term m.logTerm at
    // m.rejectHint; every index of ours whose term is above that cannot match either.
    let nextProbe = m.rejectHint;
    if (m.logTerm > 0) nextProbe = r.log.findConflictByTerm(m.rejectHint, m.logTerm)[0];
    if (pr.maybeDecrTo(m.index, nextProbe)) {
      if (pr.state === 'replicate') pr.becomeProbe();
      maybeSendAppendTo(r, m.from, pr, true);
    }
    return;
  }
  if (!(pr.maybeUpdate(m.index) || (pr.match === m.index && pr.state === 'probe'))) return;
  if (pr.state === 'probe') pr.becomeReplicate();
  else if (pr.state === 'snapshot' && pr.match + 1 >= r.log.firstIndex()) {
    // The follower can be caught up from the log again (via probe, as etcd does).
    pr.becomeProbe();
    pr.becomeReplicate();
  } else if (pr.state === 'replicate') pr.inflights.freeLE(m.index);

  if (maybeCommit(r)) {
    releasePendingReadIndexMessages(r);
    bcastAppend(r);
  } else if (pr.canBumpCommit(r.log.committed)) {
    maybeSendAppendTo(r, m.from, pr, true); // it may be missing the latest commit index
  }
  // The window may have opened: send what we can (no empty messages).
  while (maybeSendAppendTo(r, m.from, pr, false)) {
    /* keep filling the inflights window */
  }
  if (m.from === r.leadTransferee && pr.match === r.log.lastIndex()) sendTimeoutNow(r, m.from);
}

function handleHeartbeatResponse(r: Raft, m: Message, pr: Progress): void {
  pr.recentActive = true;
  pr.msgAppFlowPaused = false; // a probe gets one MsgApp per heartbeat round
  if (pr.match < r.log.lastIndex() || pr.state === 'probe') maybeSendAppendTo(r, m.from, pr, true);

  if (r.readOnly.option !== 'safe' || !m.context) return;
  const acks = r.readOnly.recvAck(m.from, m.context);
  if (!acks || !r.trk.hasQuorum(acks)) return;
  const done = r.readOnly.advance(m.context);
  for (let i = 0; i < done.length; i++) respondToReadIndex(r, done[i].from, done[i].context, done[i].index);
}

// ---- leadership transfer (thesis §3.10) ----

function handleTransferLeader(r: Raft, m: Message, pr: Progress): void {
  if (pr.isLearner) return;
  const transferee = m.from;
  if (r.leadTransferee !== null) {
    if (r.leadTransferee === transferee) return; // already in progress
    abortLeaderTransfer(r);
  }
  if (transferee === r.id) return;
  // The transfer must finish within an election timeout (tickHeartbeat abandons it).
  r.electionElapsed = 0;
  r.leadTransferee = transferee;
  if (pr.match === r.log.lastIndex()) sendTimeoutNow(r, transferee);
  else sendAppend(r, transferee); // catch it up first; MsgTimeoutNow follows its MsgAppResp
}

function sendTimeoutNow(r: Raft, to: NodeId): void {
  r.send(r.msg('MsgTimeoutNow', to));
}

export function abortLeaderTransfer(r: Raft): void {
  r.leadTransferee = null;
}

// ---- ReadIndex (thesis §6.4) ----

function stepReadIndex(r: Raft, m: Message): void {
  const context = m.context ?? '';
  if (r.trk.isSingleton()) {
    // Only one voter (us): our commit index is trivially up to date.
    respondToReadIndex(r, m.from, context, r.log.committed);
    return;
  }
  // A new leader does not know the latest commit index until it commits an entry of its own
  // term (thesis §6.4 step 1; etcd pendingReadIndexMessages).
  if (!committedEntryInCurrentTerm(r)) {
    r.pendingReadIndexMessages.push(m);
    return;
  }
  sendReadIndexResponse(r, m.from, context);
}

function committedEntryInCurrentTerm(r: Raft): boolean {
  return r.log.term(r.log.committed) === r.term;
}

function sendReadIndexResponse(r: Raft, from: NodeId, context: string): void {
  if (r.readOnly.option === 'safe') {
    // Confirm leadership with a heartbeat round carrying the request's context.
    r.readOnly.addRequest(r.log.committed, from, context);
    r.readOnly.recvAck(r.id, context);
    bcastHeartbeatWithCtx(r, context);
  } else {
    // Lease-based: with check-quorum, no other leader can exist within the lease, provided
    // clock drift is below the election timeout. No round trip.
    respondToReadIndex(r, from, context, r.log.committed);
  }
}

function respondToReadIndex(r: Raft, from: NodeId, context: string, index: number): void {
  if (from === r.id) {
    r.readStates.push({ index, context });
    return;
  }
  const m = r.msg('MsgReadIndexResp', from);
  m.index = index;
  m.context = context;
  r.send(m);
}

export function releasePendingReadIndexMessages(r: Raft): void {
  if (r.pendingReadIndexMessages.length === 0 || !committedEntryInCurrentTerm(r)) return;
  const pending = r.pendingReadIndexMessages;
  r.pendingReadIndexMessages = [];
  for (const m of pending) sendReadIndexResponse(r, m.from, m.context ?? '');
}

