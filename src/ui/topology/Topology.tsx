/**
 * The cluster at the centre: zones, network, members and the messages between them.
 * Click selects a node or message; shift-click gathers a group for partition or cut.
 * d3-zoom pans and zooms the drawing (double-click resets).
 */
import * as d3 from 'd3';
import { useCallback, useEffect, useRef } from 'react';
import { useUi } from '../store/uiStore';
import { zoneLabel } from './layout';
import { useSize } from '../app/useSize';
import { MessageLayer } from './MessageLayer';
import { NetworkLayer } from './NetworkLayer';
import { NodeGlyph } from './NodeGlyph';
import { Legend } from './Legend';
import { useClusterView } from './useClusterView';

export function Topology() {
  const [boxRef, box] = useSize<HTMLDivElement>();
  // Presentation mode draws everything larger by laying out a smaller drawing, scaled up.
  const present = useUi((s) => s.present);
  const zoom = present ? 1.3 : 1;
  const width = Math.max(320, box.width / zoom);
  const height = Math.max(240, box.height / zoom);
  const v = useClusterView(width, height);
  const svgRef = useRef<SVGSVGElement>(null);
  const zoomRef = useRef<SVGGElement>(null);
  const selectedMsg = useUi((s) => s.selectedMsg);
  const hoverNode = useUi((s) => s.hoverNode);

  useEffect(() => {
    const svg = d3.select(svgRef.current!);
    const zoom = d3
      .zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.5, 4])
      .on('zoom', (e) => d3.select(zoomRef.current!).attr('transform', e.transform.toString()));
    svg.call(zoom).on('dblclick.zoom', () => svg.transition().duration(300).call(zoom.transform, d3.zoomIdentity));
    return () => void svg.on('.zoom', null);
  }, []);

  const onSelect = useCallback((id: string, additive: boolean) => {
    const ui = useUi.getState();
    if (additive) {
      const group = ui.group.includes(id) ? ui.group.filter((g) => g !== id) : [...ui.group, id];
      ui.set({ group });
    } else {
      ui.set({ selectedNode: ui.selectedNode === id ? null : id, selectedMsg: null, group: [] });
    }
  }, []);
  const onHover = useCallback((id: string | null) => useUi.getState().set({ hoverNode: id }), []);
  const onSelectMsg = useCallback((msgId: number) => useUi.getState().set({ selectedMsg: msgId }), []);

  const { layout } = v;
  return (
    <div className="topology" ref={boxRef}>
      <svg
        ref={svgRef}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="xMidYMid meet"
        role="group"
        aria-label="Cluster topology"
        onClick={() => useUi.getState().set({ selectedNode: null, selectedMsg: null, group: [] })}
      >
        <g ref={zoomRef}>
          {layout.zones.map((z) => {
            const grow = 64;
            const mid = (z.from + z.to) / 2;
            const p = (a: number, g: number) => `${layout.cx + (layout.rx + g) * Math.sin(a)} ${layout.cy - (layout.ry + g) * Math.cos(a)}`;
            const large = z.to - z.from > Math.PI ? 1 : 0;
            const out = Math.cos(mid) > 0 ? 20 : 30;
            return (
              <g key={z.zone} className="zone">
                <path d={`M ${p(z.from, grow)} A ${layout.rx + grow} ${layout.ry + grow} 0 ${large} 1 ${p(z.to, grow)}`} />
                <text x={layout.cx + (layout.rx + grow + out) * Math.sin(mid)} y={layout.cy - (layout.ry + grow + out) * Math.cos(mid)}>{zoneLabel(z.zone)}</text>
              </g>
            );
          })}
          <NetworkLayer net={v.net} index={v.index} servers={v.servers} highlight={hoverNode} />
          {v.looks.map((n) => (
            <NodeGlyph key={n.id} n={n} raft={v.raft} onSelect={onSelect} onHover={onHover} />
          ))}
          <MessageLayer now={v.now} flights={v.flights} held={v.held} falls={v.falls} nodes={layout.nodes} selectedMsg={selectedMsg} onSelect={onSelectMsg} />
        </g>
      </svg>
      <Legend />
    </div>
  );
}
