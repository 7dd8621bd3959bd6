/**
 * ReadIndex bookkeeping on the leader (etcd raft read_only.go; Raft thesis §6.4).
 *
 * Safe mode: the leader records its commit index for the request, then broadcasts a heartbeat
 * carrying the request context. Once a quorum acknowledges that heartbeat, the leader knows it
 * was still the leader when the request arrived, so the recorded index is safe to read at.
 * Requests are answered in arrival order: an ack for a later context confirms all earlier ones.
 *
 * Shaped for the hot path (every heartbeat response looks up its context): the pending
 * requests are one arrival-ordered array searched linearly -- rarely more than a couple are
 * pending, and a context arrives back as the very string sent, so most compares are by
 * identity -- and each request's acks are a short array of distinct ids rather than a Set.
 */
import { NodeId } from './types';

export interface ReadIndexStatus {
  /** Who asked: this node (a local read) or a follower that forwarded MsgReadIndex. */
  from: NodeId;
  context: string;
  /** The leader's commit index when the request arrived. */
  index: number;
  /** The nodes that acknowledged this request's heartbeat round, each once. */
  acks: NodeId[];
}

export class ReadOnly {
  option: 'safe' | 'lease-based';
  /** The pending requests in arrival order; contexts are unique among them. */
  queue: ReadIndexStatus[] = [];

  constructor(option: 'safe' | 'lease-based') {
    this.option = option;
  }

  /** Contexts must be unique among pending requests; a duplicate is ignored (as in etcd). */
  addRequest(index: number, from: NodeId, context: string): void {
    if (this.find(context) >= 0) return;
    this.queue.push({ from, context, index, acks: [] });
  }

  /** Record a heartbeat ack for a context; returns the acks so far (null if unknown context). */
  recvAck(id: NodeId, context: string): readonly NodeId[] | null {
    const i = this.find(context);
    if (i < 0) return null;
    const acks = this.queue[i].acks;
    if (!acks.includes(id)) acks.push(id);
    return acks;
  }

  /** Dequeue every request up to and including `context` (a quorum confirmed them all). */
  advance(context: string): ReadIndexStatus[] {
    const i = this.find(context);
    if (i < 0) return [];
    return this.queue.splice(0, i + 1);
  }

  lastPendingRequestCtx(): string {
    return this.queue.length > 0 ? this.queue[this.queue.length - 1].context : '';
  }

  /** Position of the pending request with this context, or -1. */
  private find(context: string): number {
    const q = this.queue;
    for (let i = 0; i < q.length; i++) if (q[i].context === context) return i;
    return -1;
  }
}
