/**
 * The data types of the Raft state machine: entries, messages, the Ready batch and the
 * configuration. Modelled on etcd's raft (go.etcd.io/raft, raftpb) with string node ids.
 *
 * Everything here is plain data: the kernel deep-clones the world for rewind, so a message or
 * an entry must never carry a function or a reference to something outside the node.
 */

export type NodeId = string;

export type EntryType = 'normal' | 'conf-change';

/** One log entry. Immutable once created: messages and Readies share entry objects. */
export interface Entry {
  index: number;
  term: number;
  type: EntryType;
  /** Opaque command; '' is the empty entry a new leader appends (Raft §8). */
  data: string;
  /**
   * What the proposing host decoded `data` to, carried with the entry object so that hosts
   * sharing it need not decode it again. Not part of the entry: Raft never reads it, and
   * checkers, reports and views go by `data` alone.
   */
  decoded?: unknown;
}

export interface HardState {
  term: number;
  vote: NodeId | null;
  commit: number;
}

/** Membership. Single-server changes only (Ongaro's thesis §4.1), so there is no joint config. */
export interface ConfState {
  voters: NodeId[];
  learners: NodeId[];
}

export interface SnapshotMeta {
  index: number;
  term: number;
  conf: ConfState;
}

export interface Snapshot {
  meta: SnapshotMeta;
  /** Opaque application state; the store serializes itself. */
  data: string;
}

export type Role = 'follower' | 'candidate' | 'pre-candidate' | 'leader';

export type MessageType =
  | 'MsgApp'
  | 'MsgAppResp'
  | 'MsgVote'
  | 'MsgVoteResp'
  | 'MsgPreVote'
  | 'MsgPreVoteResp'
  | 'MsgHeartbeat'
  | 'MsgHeartbeatResp'
  | 'MsgSnap'
  | 'MsgTimeoutNow'
  | 'MsgReadIndex'
  | 'MsgReadIndexResp'
  | 'MsgTransferLeader'
  | 'MsgProp';

export interface Message {
  type: MessageType;
  from: NodeId;
  to: NodeId;
  /**
   * The sender's term. As in etcd, a MsgReadIndex forwarded by a follower carries term 0
   * ("local message"): it is a request to the leader, not a claim about terms.
   */
  term: number;
  logTerm: number;
  index: number;
  entries: Entry[];
  commit: number;
  reject: boolean;
  rejectHint: number;
  snapshot?: Snapshot;
  context?: string;
}

export interface ReadState {
  index: number;
  context: string;
}

export interface SoftState {
  lead: NodeId | null;
  role: Role;
}

export interface Ready {
  softState?: SoftState;
  /** Set only when changed; persist before sending messages. */
  hardState?: HardState;
  /** To append to stable storage; may overwrite a suffix (truncate at entries[0].index). */
  entries: Entry[];
  /** Incoming snapshot to persist and apply (before the entries, which follow it). */
  snapshot?: Snapshot;
  /** To apply to the state machine, in order. */
  committedEntries: Entry[];
  /** Send AFTER persisting hardState/entries/snapshot. */
  messages: Message[];
  readStates: ReadState[];
  mustSync: boolean;
}

export type BugName = 'commit-old-term' | 'vote-without-log-check';

export interface RaftConfig {
  id: NodeId;
  /** Ticks; etcd: election-timeout 1000ms / heartbeat-interval 100ms = 10. */
  electionTick: number;
  heartbeatTick: number;
  preVote: boolean;
  checkQuorum: boolean;
  maxInflightMsgs: number;
  /** Max entries per MsgApp (a count, not bytes). */
  maxSizePerMsg: number;
  /**
   * 'lease-based' answers reads from the leader's lease without a heartbeat round. It is only
   * correct when clocks drift by less than the election timeout (etcd raft's caveat), and it
   * requires checkQuorum.
   */
  readOnlyOption: 'safe' | 'lease-based';
  /** Planted bugs; only names Raft owns have an effect here. */
  bugs?: string[];
}

export const DEFAULT_RAFT_CONFIG: Readonly<Omit<RaftConfig, 'id'>> = {
  electionTick: 10,
  heartbeatTick: 1,
  preVote: true,
  checkQuorum: true,
  maxInflightMsgs: 512,
  maxSizePerMsg: 64,
  readOnlyOption: 'safe',
};

/**
 * What the member read from its disk on (re)start.
 *
 * `conf` is the membership the log starts from: the bootstrap membership (the cluster's
 * initial voters) when there is no snapshot -- also for a member added later, whose log is
 * empty -- and ignored when a snapshot is given (its meta.conf wins). The conf-change entries
 * in the log are (re)applied on top of it as they are committed, which brings any member,
 * fresh or restarted, to the current membership; a leader's snapshot replaces it wholesale.
 * `hardState.commit` may be behind what was applied: entries after the snapshot are re-applied.
 */
export interface RaftStorageState {
  hardState: HardState;
  conf: ConfState;
  snapshot: Snapshot | null;
  entries: Entry[];
}

export type ProgressStateName = 'probe' | 'replicate' | 'snapshot';

export interface ProgressStatus {
  match: number;
  next: number;
  state: ProgressStateName;
  inflight: number;
  recentActive: boolean;
}

export interface RaftStatus {
  id: NodeId;
  role: Role | 'learner';
  term: number;
  vote: NodeId | null;
  lead: NodeId | null;
  commit: number;
  applied: number;
  lastIndex: number;
  snapshotIndex: number;
  conf: ConfState;
  progress?: Record<NodeId, ProgressStatus>;
  electionElapsed: number;
  randomizedElectionTimeout: number;
  leadTransferee: NodeId | null;
}

export type ConfChangeType = 'add-voter' | 'add-learner' | 'remove';

export interface ConfChange {
  type: ConfChangeType;
  node: NodeId;
}

/** Thrown where etcd raft panics: a broken invariant (e.g. truncating a committed entry). */
export class RaftPanic extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RaftPanic';
  }
}

/** A message with every field present, so all messages share one shape (fast property access). */
export function newMessage(type: MessageType, from: NodeId, to: NodeId, term: number): Message {
  return {
    type,
    from,
    to,
    term,
    logTerm: 0,
    index: 0,
    entries: NO_ENTRIES,
    commit: 0,
    reject: false,
    rejectHint: 0,
    snapshot: undefined,
    context: undefined,
  };
}

/** Shared empty array for messages without entries; never mutated (entries are immutable). */
export const NO_ENTRIES: Entry[] = Object.freeze([]) as unknown as Entry[];

/** Shared empty outbox / Ready.messages; frozen, so a stray push fails loudly. */
export const NO_MESSAGES: Message[] = Object.freeze([]) as unknown as Message[];
