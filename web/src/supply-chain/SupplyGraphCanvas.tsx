import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useRef } from 'react';
import { ALERT_COLOUR, ANONYMOUS_COLOUR, EDGE_COLOUR, INK, levelColour } from './palette';

/** A node as drawn: the page decides the label (language, level, markers) and what is visible. */
export type CanvasNode = { id: string; label: string; level: number; named: boolean; alerted: boolean; weakest: boolean; root: boolean; collapsed: boolean; ring?: number; colour?: string };
export type CanvasEdge = { id: string; from: string; to: string; pending: boolean; mismatch: boolean };

type Props = {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  selected: string | null;
  rootId: string;
  /** Read by screen readers in place of the drawing; the table beside it carries the same content. */
  description: string;
  onTap: (id: string) => void;
  /** A supplier tree from the root (default), or rings by depth around it (blast radius). */
  layout?: 'tree' | 'rings';
};

/**
 * The drawing itself. Loaded on demand (React.lazy) so cytoscape stays out of the main bundle; the
 * page keeps the data, the selection and what is expanded, this only draws them.
 */
export default function SupplyGraphCanvas({ nodes, edges, selected, rootId, description, onTap, layout = 'tree' }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const tap = useRef(onTap);
  tap.current = onTap;

  useEffect(() => {
    const instance = cytoscape({
      container: container.current,
      minZoom: 0.3,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': (n) => (n.data('colour') as string | undefined) ?? (n.data('named') ? levelColour(n.data('level') as number) : ANONYMOUS_COLOUR),
            label: 'data(label)',
            color: INK,
            'font-size': 12,
            'text-wrap': 'wrap',
            'text-max-width': '140px',
            'text-valign': 'bottom',
            'text-margin-y': 6,
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.85,
            'text-background-padding': '2px',
            width: 34,
            height: 34,
            'border-width': 2,
            'border-color': '#ffffff',
          },
        },
        { selector: 'node[!named]', style: { shape: 'round-rectangle', 'border-style': 'dashed', 'border-color': INK } },
        { selector: 'node[?root]', style: { shape: 'star', width: 46, height: 46 } },
        { selector: 'node[?weakest]', style: { 'border-width': 6, 'border-color': ALERT_COLOUR, 'border-style': 'double' } },
        { selector: 'node[?alerted]', style: { 'underlay-color': ALERT_COLOUR, 'underlay-opacity': 0.3, 'underlay-padding': 10, 'underlay-shape': 'ellipse' } },
        { selector: 'node[?collapsed]', style: { 'outline-width': 3, 'outline-color': EDGE_COLOUR, 'outline-offset': 3, 'outline-style': 'dotted' } },
        { selector: 'node:selected', style: { 'overlay-color': '#0b57a4', 'overlay-opacity': 0.25, 'overlay-padding': 8 } },
        {
          selector: 'edge',
          style: { width: 2, 'line-color': EDGE_COLOUR, 'target-arrow-color': EDGE_COLOUR, 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 1.1 },
        },
        { selector: 'edge[?pending]', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
        { selector: 'edge[?mismatch]', style: { 'line-color': ALERT_COLOUR, 'target-arrow-color': ALERT_COLOUR, width: 3 } },
        { selector: '.faded', style: { opacity: 0.25 } },
      ],
    });
    instance.on('tap', 'node', (e) => tap.current(e.target.id() as string));
    cy.current = instance;
    return () => {
      instance.destroy();
      cy.current = null;
    };
  }, []);

  // New data (a node expanded or collapsed, a refetch): redraw and lay out from the root.
  useEffect(() => {
    const instance = cy.current;
    if (!instance) return;
    const elements: ElementDefinition[] = [
      ...nodes.map((n) => ({ group: 'nodes' as const, data: { ...n } })),
      ...edges.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.from, target: e.to, pending: e.pending, mismatch: e.mismatch } })),
    ];
    instance.elements().remove();
    instance.add(elements);
    if (layout === 'rings') instance.layout({ name: 'concentric', concentric: (n) => 100 - ((n.data('ring') as number | undefined) ?? 0), levelWidth: () => 1, minNodeSpacing: 70, spacingFactor: 1.3, padding: 30, animate: false }).run();
    else instance.layout({ name: 'breadthfirst', directed: true, roots: [rootId], spacingFactor: 1.2, padding: 30, animate: false }).run();
    container.current?.setAttribute('data-rendered-nodes', String(instance.nodes().length));
  }, [nodes, edges, rootId, layout]);

  // Focus: the selected node and its neighbours stand out, the view centres on it.
  useEffect(() => {
    const instance = cy.current;
    if (!instance) return;
    instance.elements().removeClass('faded').unselect();
    if (!selected) return;
    const node = instance.getElementById(selected);
    if (node.empty()) return;
    node.select();
    instance.elements().difference(node.closedNeighborhood()).addClass('faded');
    instance.animate({ center: { eles: node }, duration: 250 });
  }, [selected, nodes, edges]);

  return <div ref={container} className="graph-canvas" role="img" aria-label={description} data-rendered-nodes="0" />;
}
