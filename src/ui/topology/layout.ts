/**
 * Where nodes sit: servers on an ellipse that fills the view, grouped by zone (each zone an
 * arc with a gap before the next), clients off to the left. Positions are in CSS pixels of the
 * topology's box, so nodes keep their size whatever the window.
 */
export const NODE_R = 38;

export interface Placed {
  id: string;
  x: number;
  y: number;
  zone: string;
  client: boolean;
}

export interface ZoneArc {
  zone: string;
  label: string;
  /** Angles in radians, clockwise from the top. */
  from: number;
  to: number;
}

export interface Layout {
  nodes: Map<string, Placed>;
  zones: ZoneArc[];
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

export function layoutCluster(servers: { id: string; zone: string }[], clients: string[], width: number, height: number): Layout {
  const left = clients.length > 0 ? 110 : 0;
  const cx = left + (width - left) / 2;
  // Room above for the timer arcs, below for role labels and the legend.
  const top = 16;
  const bottom = 40;
  const cy = top + (height - top - bottom) / 2;
  const ry = Math.max(60, Math.min(260, (height - top - bottom) / 2 - NODE_R - 22));
  const rx = Math.max(60, Math.min(ry * 1.7, (width - left) / 2 - NODE_R - 70));
  const zoneNames = [...new Set(servers.map((s) => s.zone))];
  const multiZone = zoneNames.length > 1;
  // Each zone gets slots for its members plus one empty slot as a gap.
  const slots = servers.length + (multiZone ? zoneNames.length : 0);
  const step = (2 * Math.PI) / Math.max(1, slots);
  const nodes = new Map<string, Placed>();
  const zones: ZoneArc[] = [];
  let slot = multiZone ? 0.5 : 0;
  for (const zone of zoneNames) {
    const members = servers.filter((s) => s.zone === zone);
    const start = slot;
    for (const m of members) {
      const a = slot * step;
      nodes.set(m.id, { id: m.id, x: cx + rx * Math.sin(a), y: cy - ry * Math.cos(a), zone, client: false });
      slot++;
    }
    zones.push({ zone, label: zoneLabel(zone), from: (start - 0.45) * step, to: (slot - 0.55) * step });
    if (multiZone) slot++;
  }
  clients.forEach((id, i) => {
    const y = cy + (i - (clients.length - 1) / 2) * 90;
    nodes.set(id, { id, x: 64, y, zone: '', client: true });
  });
  return { nodes, zones: multiZone ? zones : [], cx, cy, rx, ry };
}

/** "aws/us-east-1/a" → "aws · us-east-1 · a"; the default zone has no label. */
export function zoneLabel(zone: string): string {
  return zone.split('/').join(' · ');
}

/** A point `dist` along the segment from a to b, shortened by the node radius at both ends. */
export function alongLink(a: { x: number; y: number }, b: { x: number; y: number }, t: number, offset = 0): { x: number; y: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const start = NODE_R + 4;
  const usable = Math.max(0, len - 2 * start);
  const d = start + usable * t;
  // Offset to the right of travel, so A→B and B→A traffic run on separate lanes.
  return { x: a.x + ux * d - uy * offset, y: a.y + uy * d + ux * offset };
}
