/**
 * A member's keys with their MVCC revisions (etcd's create_revision, mod_revision, version),
 * and its leases, as its store holds them at its applied index. Read-only: the kv view must
 * not touch the run.
 */
import type { World } from '../../sim/world';
import type { EtcdMember } from '../../store/member';
import type { KeyValue } from '../../store/types';

/** A lease as one member's store holds it (etcd `lease timetolive --keys`). */
export interface LeaseView {
  id: number;
  /** The TTL granted, in ms (after etcd's minimum). */
  ttlMs: number;
  /**
   * When this member's lessor would expire it, in ms of simulated time; null when unknown.
   * Only the leader acts on it (it proposes the revoke); a follower's is its own clock reading.
   */
  expiryMs: number | null;
  /** Keys attached to it, sorted. */
  keys: string[];
}

function storeOf(world: World, node: string): EtcdMember['store'] | null {
  if (!world.hasHost(node)) return null;
  const h = world.host(node);
  const m = h.up ? (h.procs.get('etcd') as EtcdMember | undefined) : undefined;
  return m ? m.store : null;
}

/** Null when the member is down (its store lives in memory) or the host runs no etcd. */
export function memberKeys(world: World, node: string): KeyValue[] | null {
  return storeOf(world, node)?.entries() ?? null;
}

/** The member's leases in id order; null when it is down or runs no etcd. Copies: read-only. */
export function memberLeases(world: World, node: string): LeaseView[] | null {
  const store = storeOf(world, node);
  if (!store) return null;
  return store.leases.map((l) => ({ id: l.id, ttlMs: l.ttlMs, expiryMs: l.expiryMs, keys: [...l.keys.keys()].sort() }));
}
