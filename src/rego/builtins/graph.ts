// graph.reachable and graph.reachable_paths as opa walks them (edges: arrays or sets; only nodes
// that are keys of the graph count as reached).
import { canon } from './json-extra.js';
import { builtinError, isSet, mkSet, typeOf } from './values.js';

type Graph = Record<string, unknown>;

function operands(name: string, g: unknown, initial: unknown): [Graph, unknown[]] {
  if (g === null || typeof g !== 'object' || Array.isArray(g)) return builtinError(name, `operand 1 must be object but got ${typeOf(g)}`);
  if (!Array.isArray(initial)) return builtinError(name, `operand 2 must be one of {array, set} but got ${typeOf(initial)}`);
  return [g as Graph, initial];
}

const edgesOf = (g: Graph, node: unknown): unknown[] | undefined => {
  if (typeof node !== 'string' || !Object.prototype.hasOwnProperty.call(g, node)) return undefined;
  const e = g[node];
  return Array.isArray(e) ? e : [];
};

function reachable(g0: unknown, initial0: unknown): unknown {
  const [g, queue] = operands('graph.reachable', g0, initial0);
  const reached = new Map<string, unknown>();
  const q = [...queue];
  while (q.length) {
    const node = q.shift();
    const edges = edgesOf(g, node);
    if (!edges) continue;
    for (const n of edges) if (!reached.has(canon(n))) q.push(n);
    reached.set(canon(node), node);
  }
  return mkSet([...reached.values()]);
}

function reachablePaths(g0: unknown, initial0: unknown): unknown {
  const [g, initial] = operands('graph.reachable_paths', g0, initial0);
  const out = new Map<string, unknown[]>();
  const add = (p: unknown[]): void => void out.set(canon(p), p);
  const build = (root: unknown, path: unknown[], reached: Set<string>): void => {
    const edges = edgesOf(g, root);
    if (!edges) return add(path);
    const here = [...path, root];
    if (!edges.length) return add(here);
    const seen = new Set(reached).add(canon(root));
    for (const n of edges) {
      if (seen.has(canon(n))) add(here);
      else build(n, here, seen);
    }
  };
  for (const node of initial) {
    const edges = edgesOf(g, node);
    if (!edges) continue;
    if (edges.length) for (const n of edges) build(n, [node], new Set([canon(node)]));
    else add([node]);
  }
  return mkSet([...out.values()]);
}

export const graphBuiltins: Record<string, (...args: any[]) => unknown> = {
  'graph.reachable': reachable,
  'graph.reachable_paths': reachablePaths,
};


/** walk: [path, value] for every node, depth first; a set member is its own path segment, as in opa. */
export function walk(x: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (path: unknown[], v: unknown): void => {
    out.push([path, v]);
    if (isSet(v)) for (const c of v) visit([...path, c], c);
    else if (Array.isArray(v)) v.forEach((c, i) => visit([...path, i], c));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v).sort()) visit([...path, k], (v as Record<string, unknown>)[k]);
  };
  visit([], x);
  return out;
}
