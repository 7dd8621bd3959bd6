/**
 * The lowest log index any etcd member could still apply or campaign with: below it, every
 * member's log (in memory and on its disk, the view it would restart from) is compacted into a
 * snapshot. The safety checker forgets its record of entries below this floor, so a long run's
 * memory stays flat without losing a check.
 */
import type { Snapshot } from '../raft/types';
import type { World } from '../sim/world';
import type { EtcdMember } from '../store/member';

export function retentionFloor(world: World): number {
  let floor = Infinity;
  for (const host of world.hosts) {
    // A crashed host has no processes; its specs still say it runs a member.
    if (!host.specs.some((p) => p.name === 'etcd')) continue;
    const member = host.procs.get('etcd') as EtcdMember | undefined;
    // After a crash the member restarts from its durable snapshot: entries after it may be replayed.
    const durable = host.disk.readDurable('snap') as Snapshot | undefined;
    floor = Math.min(floor, (durable?.meta.index ?? 0) + 1);
    if (host.up && member?.raft !== undefined) floor = Math.min(floor, member.raft.raft.log.firstIndex());
  }
  return floor === Infinity ? 0 : floor;
}
