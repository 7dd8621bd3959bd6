/**
 * Single-server membership changes (Ongaro's thesis §4.1; etcd raft's simple ConfChange).
 *
 * A change is carried in a 'conf-change' entry whose data is "<type> <node>", e.g.
 * "add-voter n4", "add-learner n6", "remove n2". As in etcd, the new configuration takes
 * effect on a node when the entry is applied (RawNode.advance after the Ready that handed it
 * out), and the leader allows only one unapplied change at a time (pendingConfIndex), which
 * keeps any two consecutive configurations' majorities overlapping.
 */
import { ConfChange, ConfChangeType, ConfState, NodeId } from './types';

const TYPES: readonly ConfChangeType[] = ['add-voter', 'add-learner', 'remove'];

export function encodeConfChange(cc: ConfChange): string {
  return `${cc.type} ${cc.node}`;
}

/** Parses entry data; null when it is not a well-formed change (such an entry is a no-op). */
export function decodeConfChange(data: string): ConfChange | null {
  const space = data.indexOf(' ');
  if (space <= 0) return null;
  const type = data.slice(0, space) as ConfChangeType;
  const node = data.slice(space + 1);
  if (!TYPES.includes(type) || node.length === 0 || node.includes(' ')) return null;
  return { type, node };
}

/**
 * The configuration after applying cc (etcd confchange.Changer.Simple):
 * - add-voter: adds a voter, or promotes a learner;
 * - add-learner: adds a learner, or demotes a voter;
 * - remove: removes a voter or learner (no-op for a stranger).
 * Returns null when the result would have no voters (etcd refuses "removed all voters").
 */
export function applyConfChange(conf: ConfState, cc: ConfChange): ConfState | null {
  const voters = conf.voters.filter((id) => id !== cc.node);
  const learners = conf.learners.filter((id) => id !== cc.node);
  if (cc.type === 'add-voter') voters.push(cc.node);
  else if (cc.type === 'add-learner') learners.push(cc.node);
  if (voters.length === 0) return null;
  return { voters: sortIds(voters), learners: sortIds(learners) };
}

export function sortIds(ids: NodeId[]): NodeId[] {
  return ids.sort();
}

export function cloneConf(conf: ConfState): ConfState {
  return { voters: conf.voters.slice(), learners: conf.learners.slice() };
}
