// The overview of a large model: boundaries below a nesting depth are drawn as one node each,
// labelled with what they hold (elements, nested boundaries, outstanding threats), and the flows
// between such nodes are merged into one edge per direction with a count. Drilling down is a
// boundary view of a collapsed node (`--boundary B --collapse`), which collapses B's children.
//
// Depth is counted from the view's root: in a whole-model view the top-level boundaries are at
// depth 1; in a boundary view the boundary itself is depth 0 and its children depth 1. With depth
// N, boundaries at depth <= N stay frames and those at depth N + 1 become nodes (absorbing
// everything nested in them). `auto` picks the largest N whose picture has at most AUTO_NODES nodes.
import type { Boundary, Element, Flow } from '../model/types.js';
import type { DiagramView } from './view.js';

/** Most nodes (elements plus collapsed boundaries) `collapse: 'auto'` lets a picture have. */
export const AUTO_NODES = 40;

export interface CollapsedBoundary {
  boundary: Boundary;
  /** Ids of the view's elements nested (at any depth) in this boundary, in model order. */
  members: string[];
  /** Boundaries nested in it (at any depth). */
  nested: number;
}

/** One drawn edge standing for one or more flows between the same two drawn nodes. */
export interface MergedFlow {
  /** DOT node ids of the endpoints (an element id, or collapsedNodeId of a boundary). */
  from: string;
  to: string;
  flows: Flow[];
}

export interface Collapse {
  depth: number;
  boundaries: CollapsedBoundary[];
  /** Element id to the collapsed boundary holding it (absent: drawn itself). */
  holder: Map<string, string>;
  /** Flows between different drawn nodes, merged per (from, to), in order of first flow. */
  edges: MergedFlow[];
  /** Flows hidden inside one collapsed boundary, per boundary id. */
  inner: Map<string, Flow[]>;
}

/**
 * The DOT node id of a collapsed boundary. It holds a space, so no element id (an identifier)
 * can equal it.
 */
export function collapsedNodeId(boundary: string): string {
  return `boundary ${boundary}`;
}

/** Nesting depth of every boundary of the view, counted from the view's root (see the header). */
function depths(view: DiagramView): Map<string, number> {
  const byId = new Map(view.boundaries.map((b) => [b.id, b]));
  const root = view.spec.kind === 'boundary' ? view.spec.boundary : undefined;
  const out = new Map<string, number>();
  // The frames around a boundary view's root are its ancestors: always frames, never collapsed.
  for (let b = root !== undefined ? byId.get(root)?.parent : undefined, guard = 0; b !== undefined && guard <= byId.size; b = byId.get(b)?.parent, guard++) out.set(b, -1);
  const depthOf = (b: Boundary, guard: number): number => {
    const known = out.get(b.id);
    if (known !== undefined) return known;
    const parent = b.parent !== undefined ? byId.get(b.parent) : undefined;
    const d = b.id === root ? 0 : parent === undefined || guard > byId.size ? 1 : depthOf(parent, guard + 1) + 1;
    out.set(b.id, d);
    return d;
  };
  for (const b of view.boundaries) depthOf(b, 0);
  return out;
}

function collapseAt(view: DiagramView, depth: number, depthOf: Map<string, number>): Collapse {
  const byId = new Map(view.boundaries.map((b) => [b.id, b]));
  const collapsedIds = new Set(view.boundaries.filter((b) => depthOf.get(b.id) === depth + 1).map((b) => b.id));
  const holderOfBoundary = (id: string | undefined): string | undefined => {
    for (let b = id, guard = 0; b !== undefined && guard <= byId.size; b = byId.get(b)?.parent, guard++) if (collapsedIds.has(b)) return b;
    return undefined;
  };
  const holder = new Map<string, string>();
  for (const e of view.elements) {
    const h = holderOfBoundary(e.boundary);
    if (h !== undefined) holder.set(e.id, h);
  }
  const boundaries = view.boundaries
    .filter((b) => collapsedIds.has(b.id))
    .map((b) => ({
      boundary: b,
      members: view.elements.filter((e) => holder.get(e.id) === b.id).map((e) => e.id),
      nested: view.boundaries.filter((c) => c.id !== b.id && holderOfBoundary(c.id) === b.id).length,
    }));
  const node = (id: string): string => (holder.has(id) ? collapsedNodeId(holder.get(id)!) : id);
  const edges: MergedFlow[] = [];
  const byKey = new Map<string, MergedFlow>();
  const inner = new Map<string, Flow[]>();
  for (const f of view.flows) {
    const from = node(f.from);
    const to = node(f.to);
    if (from === to && holder.has(f.from)) {
      const h = holder.get(f.from)!;
      (inner.get(h) ?? inner.set(h, []).get(h)!).push(f);
      continue;
    }
    const key = `${from}\u0000${to}`;
    const merged = byKey.get(key) ?? { from, to, flows: [] };
    if (!byKey.has(key)) {
      byKey.set(key, merged);
      edges.push(merged);
    }
    merged.flows.push(f);
  }
  return { depth, boundaries, holder, edges, inner };
}

function nodeCount(view: DiagramView, c: Collapse): number {
  return view.elements.length - c.holder.size + c.boundaries.length + view.context.length;
}

/**
 * The collapse of `view` at `depth` (or the largest depth whose picture has at most AUTO_NODES
 * nodes). A depth at or past the deepest boundary collapses nothing.
 */
export function collapseView(view: DiagramView, depth: number | 'auto'): Collapse {
  const depthOf = depths(view);
  if (depth !== 'auto') return collapseAt(view, depth, depthOf);
  const deepest = Math.max(0, ...depthOf.values());
  let chosen = collapseAt(view, 0, depthOf);
  for (let d = 1; d <= deepest; d++) {
    const next = collapseAt(view, d, depthOf);
    if (nodeCount(view, next) > AUTO_NODES) break;
    chosen = next;
  }
  return chosen;
}

/** Elements of the view drawn as themselves (not inside a collapsed boundary). */
export function visibleElements(view: DiagramView, c: Collapse | undefined): Element[] {
  return c ? view.elements.filter((e) => !c.holder.has(e.id)) : view.elements;
}
