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
  queue: string[] = [];

  constructor(option: 'safe' | 'lease-based') {
    this.option = option;
  }

  /** Contexts must be unique among pending requests; a duplicate is ignored (as in etcd). */
  addRequest(index: number, req: ReadIndexRequest): void {
    if (this.pending.has(req.context)) return;
    this.pending.set(req.context, { req, index, acks: new Set() });
    this.queue.push(req.context);
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
    const at = this.queue.indexOf(context);
    if (at < 0) return [];
    const done = this.queue.splice(0, at + 1);
    const out: ReadIndexStatus[] = [];
    for (const ctx of done) {
      const rs = this.pending.get(ctx);
      if (rs) out.push(rs);
      this.pending.delete(ctx);
    }
    return out;
  }

  lastPendingRequestCtx(): string {
    return this.queue.length > 0 ? this.queue[this.queue.length - 1] : '';
  }
}
