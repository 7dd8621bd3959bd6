/**
 * The network under the nodes: faint links between members, partition groups as shaded hulls,
 * blocked links dashed red (a one-way cut gets an arrow and a bar on the blocked side),
 * clogged links amber, and links whose latency or loss was changed labelled.
 */
import * as d3 from 'd3';
import type { ReactElement } from 'react';
import type { NetworkState } from '../../sim/network';
import { linkKey } from '../../sim/network';
import type { Placed } from './layout';
import { NODE_R, alongLink } from './layout';

interface Props {
  net: NetworkState;
  /** Host index by id, for reading the kernel's link keys. */
  index: { get(id: string): number | undefined };
  servers: Placed[];
  highlight: string | null;
}

const GROUP_FILLS = ['var(--group-a)', 'var(--group-b)', 'var(--group-c)'];

function hullPath(points: Placed[]): string {
  const pts: [number, number][] = [];
  for (const p of points) for (let i = 0; i < 16; i++) {
    const a = (i / 16) * 2 * Math.PI;
    pts.push([p.x + (NODE_R + 30) * Math.cos(a), p.y + (NODE_R + 30) * Math.sin(a)]);
  }
  const hull = d3.polygonHull(pts);
  return hull ? d3.line().curve(d3.curveCatmullRomClosed.alpha(0.5))(hull) ?? '' : '';
}

function describeLink(loss: number, latency: { kind: string; us?: number; min?: number; mean?: number }): string {
  const ms = (us: number) => `${Math.round(us / 100) / 10}ms`;
  const lat = latency.kind === 'fixed' ? ms(latency.us!) : latency.kind === 'uniform' ? `${ms(latency.min!)}+` : `~${ms(latency.mean! + latency.min!)}`;
  return loss > 0 ? `${lat} · ${Math.round(loss * 100)}% loss` : lat;
}

export function NetworkLayer({ net, index, servers, highlight }: Props) {
  const groups = new Map<number, Placed[]>();
  for (const s of servers) {
    const g = net.groups.get(index.get(s.id)!);
    if (g === undefined) continue;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(s);
  }
  const blocked = (a: Placed, b: Placed) => net.blocked(index.get(a.id)!, index.get(b.id)!);
  const links: ReactElement[] = [];
  for (let i = 0; i < servers.length; i++) {
    for (let j = i + 1; j < servers.length; j++) {
      const a = servers[i];
      const b = servers[j];
      const ab = blocked(a, b);
      const ba = blocked(b, a);
      const hot = highlight === a.id || highlight === b.id;
      const key = `${a.id}-${b.id}`;
      if (ab && ba) {
        const mid = alongLink(a, b, 0.5);
        links.push(
          <g key={key} className="link cut" aria-label={`link ${a.id}–${b.id} cut`}>
            <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} />
            <path d="M -5 -5 L 5 5 M 5 -5 L -5 5" transform={`translate(${mid.x},${mid.y})`} className="cut-x" />
          </g>,
        );
      } else if (ab || ba) {
        const [from, to] = ab ? [a, b] : [b, a];
        const bar = alongLink(from, to, 0.78);
        const angle = (Math.atan2(to.y - from.y, to.x - from.x) * 180) / Math.PI;
        links.push(
          <g key={key} className="link oneway" aria-label={`one-way cut ${from.id} to ${to.id}`}>
            <line x1={from.x} y1={from.y} x2={to.x} y2={to.y} />
            <g transform={`translate(${bar.x},${bar.y}) rotate(${angle})`}>
              <path d="M -12 -7 L 0 0 L -12 7" className="cut-arrow" />
              <line x1={4} y1={-9} x2={4} y2={9} className="cut-bar" />
            </g>
          </g>,
        );
      } else {
        links.push(<line key={key} className={`link ${hot ? 'hot' : ''}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} />);
      }
    }
  }
  const labels: ReactElement[] = [];
  for (const s of servers) {
    for (const t of servers) {
      if (s === t) continue;
      const k = linkKey(index.get(s.id)!, index.get(t.id)!);
      const o = net.overrides.get(k);
      const clog = net.clogs.get(k);
      if (!o && clog === undefined) continue;
      const p = alongLink(s, t, 0.32, 14);
      labels.push(
        <text key={`l${k}`} x={p.x} y={p.y} className={`link-label ${clog !== undefined ? 'clog' : ''}`}>
          {s.id}→{t.id} {o ? describeLink(o.loss, o.latency) : ''}{clog !== undefined ? ' clogged' : ''}
        </text>,
      );
    }
  }
  return (
    <g className="network">
      {[...groups.entries()].map(([g, members], i) => (
        <path key={`g${g}`} d={hullPath(members)} className="group-hull" style={{ fill: GROUP_FILLS[i % GROUP_FILLS.length] }} />
      ))}
      {links}
      {labels}
    </g>
  );
}
