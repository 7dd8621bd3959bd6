/**
 * Raft safety invariants (Ongaro & Ousterhout, "In Search of an Understandable Consensus
 * Algorithm", Figure 3), recorded as the simulation runs and judged by `verdict()`:
 *
 * - election-safety: at most one leader can be elected in a given term (§5.2);
 * - leader-append-only: a leader never overwrites or deletes entries in its log (§5.3);
 * - log-matching: if two logs contain an entry with the same index and term, the logs are
 *   identical in all entries up through that index (§5.3);
 * - leader-completeness: an entry committed in a term is in the log of every leader of a
 *   higher term (§5.4);
 * - state-machine-safety: no two servers apply different entries at one index (§5.4.3);
 * - durability: a write acknowledged to a client is never lost (the client-visible promise
 *   the rules above exist to keep).
 *
 * The hot path (committed, leaderAppended, acknowledged) is O(1) amortised and builds no
 * strings: committed entries and acknowledgements live in dense arrays keyed by log index.
 */
import { AckLog } from './ackLog';
import { checkLogMatching, LogIndex } from './raftLogs';

export interface LogEntryView {
  index: number;
  term: number;
  command: string;
}

export type RaftRule =
  | 'election-safety'
  | 'leader-append-only'
  | 'log-matching'
  | 'leader-completeness'
  | 'state-machine-safety'
  | 'durability'
  | 'raft-panic';

export interface RaftViolation {
  rule: RaftRule;
  atMs: number;
  message: string;
  /** Where it happened, for the explorer's highlights (each present when the rule knows it). */
  nodes?: string[];
  index?: number;
  term?: number;
}

/** The optional "where" of a violation. */
export type ViolationSite = Pick<RaftViolation, 'nodes' | 'index' | 'term'>;

export interface RaftSafetyVerdict {
  ok: boolean;
  detail: string;
  violations: RaftViolation[];
}

export interface LeaderLogView {
  lastIndex: number;
  termAt(index: number): number | undefined;
  /** First index still held (entries below were compacted into a snapshot). */
  firstIndex: number;
}

export interface FinalNodeLog {
  node: string;
  up: boolean;
  commit: number;
  snapshotIndex: number;
  entries: LogEntryView[];
}

/** Violations kept in full; later ones are only counted (a broken run repeats itself). */
const MAX_KEPT = 200;

export class RaftSafetyChecker {
  private readonly violations: RaftViolation[] = [];
  private readonly reported = new Set<string>();
  private dropped = 0;
  private now = 0;

  private readonly leaderOfTerm = new Map<number, string>();
  private highestLeaderTerm = 0;
  private elections = 0;
  /** Per node, per term: the last index the leader has appended in that term. */
  private readonly leaderLast = new Map<string, Map<number, number>>();

  // Committed entries by index (dense, from index cBase): entry term, command, and the highest
  // leader term seen when the entry was first known committed (an upper bound on its commit
  // term). Entries below cBase were forgotten (forgetBelow): no log can hold them any more.
  private cTerm: number[] = [];
  private cCommand: string[] = [];
  private cSeenTerm: number[] = [];
  private cBase = 0;
  private committedCount = 0;
  private maxCommitted = 0;

  /** Acknowledged writes at indexes >= cBase. */
  private readonly acks = new AckLog();
  private ackCount = 0;

  private violate(rule: RaftRule, message: string, atMs = this.now, site?: ViolationSite): void {
    const id = `${rule}|${message}`;
    if (this.reported.has(id)) return;
    this.reported.add(id);
    if (this.violations.length >= MAX_KEPT) {
      this.dropped++;
      return;
    }
    this.violations.push({ rule, atMs, message, ...site });
  }

  private tick(atMs: number | undefined): void {
    if (atMs !== undefined && atMs > this.now) this.now = atMs;
  }

  /** `node` became leader of `term`; `log` is its log at that moment. */
  leaderElected(node: string, term: number, atMs: number, log: LeaderLogView): void {
    this.tick(atMs);
    this.elections++;
    const other = this.leaderOfTerm.get(term);
    if (other !== undefined && other !== node) {
      this.violate('election-safety', `term ${term} has two leaders: ${other} and ${node}`, atMs, { nodes: [other, node], term });
    } else {
      this.leaderOfTerm.set(term, node);
    }
    this.setLeaderLast(node, term, log.lastIndex);
    // Leader completeness (§5.4.1): entries committed in an earlier term must be here. We only
    // know an upper bound on each entry's commit term (the highest leader term when we first saw
    // it committed), so entries whose bound is >= term are skipped: never a false alarm.
    let missing = 0;
    let first = '';
    let firstIndex = 0;
    for (let i = Math.max(1, log.firstIndex, this.cBase); i <= this.maxCommitted; i++) {
      const t = this.cTerm[i - this.cBase];
      if (t === undefined || this.cSeenTerm[i - this.cBase] >= term) continue;
      const have = i <= log.lastIndex ? log.termAt(i) : undefined;
      if (have !== t) {
        if (missing++ === 0) firstIndex = i;
        if (firstIndex === i) first = `index ${i} (term ${t}) ${have === undefined ? 'is missing' : `has term ${have}`}`;
      }
    }
    if (missing > 0) {
      const more = missing > 1 ? ` and ${missing - 1} more committed entries` : '';
      this.violate('leader-completeness', `${node} became leader of term ${term} but committed ${first}${more}`, atMs, { nodes: [node], index: firstIndex, term });
    }
    if (term > this.highestLeaderTerm) this.highestLeaderTerm = term;
  }

  /** The leader of `term` appended `entries` to its log, whose last index was previousLastIndex. */
  leaderAppended(node: string, term: number, entries: readonly { index: number }[], previousLastIndex: number, atMs?: number): void {
    this.tick(atMs);
    if (entries.length === 0) return;
    const leader = this.leaderOfTerm.get(term);
    if (leader !== undefined && leader !== node) {
      this.violate('election-safety', `${node} appends as leader of term ${term}, whose leader is ${leader}`, this.now, { nodes: [leader, node], term });
    }
    const last = this.leaderLast.get(node)?.get(term);
    // §5.3: a leader only appends. Its log may not shrink between appends in its term...
    if (last !== undefined && previousLastIndex < last) {
      this.violate(
        'leader-append-only',
        `${node} (leader, term ${term}) truncated its log from index ${last} to ${previousLastIndex}`,
        this.now,
        { nodes: [node], index: previousLastIndex + 1, term },
      );
    }
    // ...and new entries go right after the last one, in order, never over an existing index.
    const start = entries[0].index;
    if (start !== previousLastIndex + 1) {
      const how = start <= previousLastIndex ? `overwrites its own entries from index ${start}` : `leaves a gap before index ${start}`;
      this.violate('leader-append-only', `${node} (leader, term ${term}) ${how} (last index was ${previousLastIndex})`, this.now, { nodes: [node], index: start, term });
    }
    for (let k = 1; k < entries.length; k++) {
      if (entries[k].index !== entries[k - 1].index + 1) {
        this.violate('leader-append-only', `${node} (leader, term ${term}) appended non-consecutive index ${entries[k].index}`, this.now, { nodes: [node], index: entries[k].index, term });
        break;
      }
    }
    this.setLeaderLast(node, term, entries[entries.length - 1].index);
  }

  private setLeaderLast(node: string, term: number, index: number): void {
    let byTerm = this.leaderLast.get(node);
    if (byTerm === undefined) this.leaderLast.set(node, (byTerm = new Map()));
    byTerm.set(term, index);
  }

  /** `node` applies the committed entry at `index` to its state machine. */
  committed(node: string, index: number, term: number, command: string, atMs?: number): void {
    this.tick(atMs);
    const at = index - this.cBase;
    if (at < 0) return; // forgotten: every log is past it (see forgetBelow)
    const t = this.cTerm[at];
    if (t === undefined) {
      this.cTerm[at] = term;
      this.cCommand[at] = command;
      this.cSeenTerm[at] = this.highestLeaderTerm;
      this.committedCount++;
      if (index > this.maxCommitted) this.maxCommitted = index;
      const ack = this.acks.firstAt(index);
      if (ack !== undefined) this.checkAckAgainstCommit(ack);
      return;
    }
    // §5.4.3 State Machine Safety: every server applies the same entry at a given index.
    if (t !== term || this.cCommand[at] !== command) {
      this.violate(
        'state-machine-safety',
        `${node} applied ${show(term, command)} at index ${index}, another node applied ${show(t, this.cCommand[at])}`,
        this.now,
        { nodes: [node], index, term },
      );
    }
  }

  /**
   * Forgets committed entries and acknowledgements below `floor`, the lowest first index of
   * any member's log (in memory or on disk). No member can apply such an entry again nor make a
   * leader of a log that holds it, and the final durability check skips indexes inside every
   * snapshot: the checks lose nothing, and a long run's memory stays flat.
   */
  forgetBelow(floor: number): void {
    if (floor <= this.cBase) return;
    const drop = Math.min(floor - this.cBase, this.cTerm.length);
    this.cTerm = this.cTerm.slice(drop);
    this.cCommand = this.cCommand.slice(drop);
    this.cSeenTerm = this.cSeenTerm.slice(drop);
    this.cBase = floor;
    this.acks.forgetBelow(floor);
  }

  /** A write at (index, term) was acknowledged to `client`. */
  acknowledged(client: string, index: number, term: number, command: string, atMs: number): void {
    this.tick(atMs);
    this.ackCount++;
    if (index < this.cBase) return; // below every log's first index: nothing left to check
    const prior = this.acks.firstAt(index);
    const acks = this.acks;
    if (prior !== undefined && (acks.term[prior] !== term || acks.command[prior] !== command)) {
      this.violate('durability', `index ${index} acknowledged twice with different entries: ${show(acks.term[prior], acks.command[prior])} to ${acks.client[prior]}, ${show(term, command)} to ${client}`, atMs, { index, term });
    }
    acks.add(client, index, term, command);
    if (this.cTerm[index - this.cBase] !== undefined) this.checkAckAgainstCommit(acks.length - 1);
  }

  /** The acknowledgement at position `ack` against the entry committed at its index. */
  private checkAckAgainstCommit(ack: number): void {
    const { client, index, term, command } = this.acks;
    const at = index[ack] - this.cBase;
    const cTerm = at < 0 ? undefined : this.cTerm[at];
    const cCommand = at < 0 ? undefined : this.cCommand[at];
    if (cTerm !== term[ack] || cCommand !== command[ack]) {
      this.violate(
        'durability',
        `write ${show(term[ack], command[ack])} acknowledged to ${client[ack]} at index ${index[ack]}, but ${show(cTerm, cCommand)} was committed there`,
        this.now,
        { index: index[ack], term: term[ack] },
      );
    }
  }

  /** Logs at the end of the run (or at a probe). */
  finalLogs(nodes: FinalNodeLog[], atMs?: number): void {
    this.tick(atMs);
    checkLogMatching(nodes, (rule, message, site) => this.violate(rule, message, this.now, site));
    // Durability: every live node that claims to have committed past an acknowledged write
    // must still hold it (same index and term), or have it folded into its snapshot.
    for (const n of nodes) {
      if (!n.up) continue;
      const log = new LogIndex(n.entries);
      const { client, index, term, command } = this.acks;
      for (let a = 0; a < index.length; a++) {
        if (index[a] > n.commit || index[a] <= n.snapshotIndex) continue;
        const e = log.at(index[a]);
        if (e === undefined || e.term !== term[a] || e.command !== command[a]) {
          const found = e === undefined ? 'nothing' : show(e.term, e.command);
          this.violate(
            'durability',
            `write ${show(term[a], command[a])} acknowledged to ${client[a]} at index ${index[a]} is lost on ${n.node} (commit ${n.commit}, holds ${found} there)`,
            this.now,
            { nodes: [n.node], index: index[a], term: term[a] },
          );
        }
      }
    }
  }

  /**
   * A member hit one of etcd raft's panics (e.g. "tocommit is out of range": its log lost
   * entries the leader knows it acknowledged). Real etcd stops the process: the cluster's
   * durability promise is already broken, so it counts as a violation.
   */
  panicked(node: string, message: string, atMs?: number): void {
    this.violate('raft-panic', `${node} panicked: ${message}`, atMs, { nodes: [node] });
  }

  verdict(): RaftSafetyVerdict {
    const total = this.violations.length + this.dropped;
    const terms = this.leaderOfTerm.size;
    const summary = `${this.elections} elections over ${terms} terms, ${this.committedCount} entries committed, ${this.ackCount} writes acknowledged`;
    if (total === 0) return { ok: true, detail: `raft safety ok: ${summary}`, violations: [] };
    const first = this.violations[0];
    return {
      ok: false,
      detail: `${total} raft safety violation${total === 1 ? '' : 's'} (${summary}); first: ${first.rule}: ${first.message}`,
      violations: this.violations.slice(),
    };
  }
}

function show(term: number | undefined, command: string | undefined): string {
  return `(term ${term ?? '?'}, ${JSON.stringify(command ?? '')})`;
}
