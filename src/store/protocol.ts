/**
 * Messages between simulated clients and etcd members (etcd's gRPC KV API, reduced to what
 * the simulation needs). Requests carry the encoded KV request, the same text a log entry
 * carries; responses say either what happened or why nothing did.
 */
import type { KvRequest, KvResponse } from './types';

export interface ClientRequest {
  type: 'ClientRequest';
  /** Unique per client; the response echoes it. */
  id: number;
  /** `encodeRequest` text: "put x 1", "get x", "cas x 1 2"... */
  op: string;
  /** The request `op` encodes, as its sender built it: members need not parse (clientRequest.ts). */
  req?: KvRequest;
}

/**
 * `error` values:
 * - `not-leader`: this member is not the leader (`leader` hints who is); nothing was proposed,
 *   so the client may retry elsewhere;
 * - `dropped`: the proposal was overwritten by another entry at its index: surely not applied;
 * - `leader-changed`: leadership moved while the request was pending: it may or may not apply;
 * - `removed`: this member left the cluster.
 */
export interface ClientResponse {
  type: 'ClientResponse';
  id: number;
  ok: boolean;
  error?: 'not-leader' | 'dropped' | 'leader-changed' | 'removed' | 'failed';
  leader?: string | null;
  response?: KvResponse;
}

/** Errors after which the request surely did not take effect, so a retry is safe. */
export function surelyNotApplied(error: ClientResponse['error']): boolean {
  return error === 'not-leader' || error === 'dropped' || error === 'removed';
}

/** etcd Watch: create a watch on a key or prefix, from a revision (0 = from now). */
export interface WatchCreate {
  type: 'WatchCreate';
  /** The client's own id for this watch; events carry it back. */
  watch: number;
  key: string;
  prefix: boolean;
  startRevision: number;
}

export interface WatchCancel {
  type: 'WatchCancel';
  watch: number;
}

/** One event as a watcher sees it (the watch checker's input). */
export interface WatchEventView {
  revision: number;
  type: 'PUT' | 'DELETE';
  key: string;
  value: string | null;
}

/** Events for one watch, in revision order; `canceled` when it could not start or was compacted. */
export interface WatchEvents {
  type: 'WatchEvents';
  watch: number;
  /**
   * Position in the watch's stream (0 = the reply to the create). etcd streams watch events
   * over one gRPC stream, where nothing is lost without the stream breaking; the simulated
   * network loses single messages, so the client checks the sequence and treats a gap as a
   * broken stream (it re-creates the watch from the last revision it has).
   */
  seq: number;
  events: WatchEventView[];
  canceled?: boolean;
  reason?: string;
}
