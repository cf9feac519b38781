import type { GraphEdge, GraphNode, SupplyGraphData } from './types';

export type VisibleGraph = { nodes: GraphNode[]; edges: GraphEdge[]; collapsed: Set<string>; suppliersOf: Map<string, string[]> };

/**
 * What is drawn: the root and, from every expanded node, its suppliers — so a large chain opens tier by
 * tier. Cycles are fine: a node already reached is not walked again.
 */
export function visibleGraph(data: SupplyGraphData, expanded: ReadonlySet<string>): VisibleGraph {
  const suppliersOf = new Map<string, string[]>();
  for (const e of data.edges) suppliersOf.set(e.from, [...(suppliersOf.get(e.from) ?? []), e.to]);
  const seen = new Set([data.rootId]);
  const queue = [data.rootId];
  while (queue.length) {
    const id = queue.shift()!;
    if (!expanded.has(id)) continue;
    for (const s of suppliersOf.get(id) ?? []) {
      if (seen.has(s)) continue;
      seen.add(s);
      queue.push(s);
    }
  }
  const nodes = data.nodes.filter((n) => seen.has(n.id));
  const edges = data.edges.filter((e) => expanded.has(e.from) && seen.has(e.from) && seen.has(e.to));
  const collapsed = new Set(nodes.filter((n) => !expanded.has(n.id) && (suppliersOf.get(n.id)?.length ?? 0) > 0).map((n) => n.id));
  return { nodes, edges, collapsed, suppliersOf };
}

/** First view: the root and its direct suppliers opened, i.e. two tiers below the organisation. */
export function initialExpanded(data: SupplyGraphData): Set<string> {
  return new Set([data.rootId, ...data.nodes.filter((n) => n.depth <= 1).map((n) => n.id)]);
}
