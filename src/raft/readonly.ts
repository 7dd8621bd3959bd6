/**
 * ReadIndex bookkeeping on the leader (etcd raft read_only.go; Raft thesis §6.4).
 *
 * Safe mode: the leader records its commit index for the request, then broadcasts a heartbeat
 * carrying the request context. Once a quorum acknowledges that heartbeat, the leader knows it
 * was still the leader when the request arrived, so the recorded index is safe to read at.
 * Requests are answered in arrival order: an ack for a later context confirms all earlier ones.
 */
import { NodeId } from './types';

export interface ReadIndexRequest {
  /** Who asked: this node (a local read) or a follower that forwarded MsgReadIndex. */
  from: NodeId;
  context: string;
}

export interface ReadIndexStatus {
  req: ReadIndexRequest;
  /** The leader's commit index when the request arrived. */
  index: number;
  acks: Set<NodeId>;
}

export class ReadOnly {
  option: 'safe' | 'lease-based';
  pending: Map<string, ReadIndexStatus> = new Map();
  /** The pending requests in arrival order (the same objects as in `pending`). */
  queue: ReadIndexStatus[] = [];

  constructor(option: 'safe' | 'lease-based') {
    this.option = option;
  }

  /** Contexts must be unique among pending requests; a duplicate is ignored (as in etcd). */
  addRequest(index: number, req: ReadIndexRequest): void {
    if (this.pending.has(req.context)) return;
    const rs: ReadIndexStatus = { req, index, acks: new Set() };
    this.pending.set(req.context, rs);
    this.queue.push(rs);
  }

  /** Record a heartbeat ack for a context; returns the acks so far (null if unknown context). */
  recvAck(id: NodeId, context: string): Set<NodeId> | null {
    const rs = this.pending.get(context);
    if (!rs) return null;
    rs.acks.add(id);
    return rs.acks;
  }

  /** Dequeue every request up to and including `context` (a quorum confirmed them all). */
  advance(context: string): ReadIndexStatus[] {
    const rs = this.pending.get(context);
    if (!rs) return [];
    const done = this.queue.splice(0, this.queue.indexOf(rs) + 1);
    for (let i = 0; i < done.length; i++) this.pending.delete(done[i].req.context);
    return done;
  }

  lastPendingRequestCtx(): string {
    return this.queue.length > 0 ? this.queue[this.queue.length - 1].req.context : '';
  }
}
