/**
 * Reads what the topology draws from the live session: placed nodes with their look,
 * messages in flight, held messages and drops. Layout is memoized on the member list.
 */
import { useMemo } from 'react';
import { session } from '../app/runtime';
import { useUi } from '../store/uiStore';
import { layoutCluster, type Layout } from './layout';
import type { NodeLook } from './NodeGlyph';
import type { HeldMessage } from './MessageLayer';
import { currentFocus } from '../verdicts/verdicts';

export function useClusterView(width: number, height: number) {
  useUi((s) => s.frame);
  const selectedNode = useUi((s) => s.selectedNode);
  const group = useUi((s) => s.group);
  const hoverNode = useUi((s) => s.hoverNode);
  const s = session();
  const engine = s.engine;
  const world = engine.world;
  const members = s.members().filter((m) => !m.removed);
  const hosts = world.hosts;
  const serverKey = members.map((n) => `${n.id}:${n.zone}`).join(',');
  const clientIds = hosts.filter((h) => h.role === 'client').map((h) => h.id);
  const layout: Layout = useMemo(
    () => layoutCluster(members, clientIds, width, height),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [serverKey, clientIds.join(','), engine, width, height],
  );
  const raft = engine.kind === 'raft';
  const index = world.state.hostIndex;
  const net = world.state.net;
  const named = currentFocus(s).nodes;
  const looks: NodeLook[] = [];
  for (const n of members) {
    const p = layout.nodes.get(n.id);
    if (!p) continue;
    const hi = index.get(n.id);
    looks.push({
      id: n.id, x: p.x, y: p.y, role: n.role, term: n.term, up: n.up, paused: n.paused, timer: n.timer, commit: n.commit,
      selected: selectedNode === n.id, grouped: group.includes(n.id), hovered: hoverNode === n.id,
      isolated: hi !== undefined && net.isolated.has(hi), violating: named.has(n.id),
    });
  }
  for (const id of clientIds) {
    const p = layout.nodes.get(id)!;
    const h = world.host(id);
    looks.push({ id, x: p.x, y: p.y, role: 'client', term: 0, up: h.up, paused: h.paused, timer: null, commit: 0, selected: selectedNode === id, grouped: false, hovered: hoverNode === id, isolated: false, violating: named.has(id) });
  }
  const held: HeldMessage[] = world.state.held.map((e) => ({ msgId: e.id, from: hosts[e.from].id, to: hosts[e.host].id, type: e.name, msg: e.data }));
  return {
    raft, layout, looks, held, net, index,
    now: engine.now,
    flights: s.recorder.inFlight(),
    falls: s.recorder.falls,
    servers: [...layout.nodes.values()].filter((p) => !p.client),
  };
}
