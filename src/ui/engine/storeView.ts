/**
 * A member's keys with their MVCC revisions (etcd's create_revision, mod_revision, version),
 * as its store holds them at its applied index. Read-only: the kv view must not touch the run.
 */
import type { World } from '../../sim/world';
import type { EtcdMember } from '../../store/member';
import type { KeyValue } from '../../store/types';

/** Null when the member is down (its store lives in memory) or the host runs no etcd. */
export function memberKeys(world: World, node: string): KeyValue[] | null {
  if (!world.hasHost(node)) return null;
  const h = world.host(node);
  const m = h.up ? (h.procs.get('etcd') as EtcdMember | undefined) : undefined;
  return m ? m.store.entries() : null;
}
