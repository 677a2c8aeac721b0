// AssemblyScript: graph.reachable (OPA's Wasm has it inside the module too) and
// graph.reachable_paths, walked as the host version (src/rego/builtins/graph.ts) walks them: edges
// are arrays or sets (anything else is no edge), and only string nodes that are keys of the graph
// count as reached.
import { Value, VArr, VSet, T_STR, T_ARR, T_OBJ, T_SET, asArr, asObj, asSet, typeName } from './value';
import { builtinError, builtinTypeError } from './errors';

function itemsOf(v: Value): Array<Value> | null {
  if (v.t == T_ARR) return asArr(v).items;
  if (v.t == T_SET) {
    asSet(v).sort();
    return asSet(v).items;
  }
  return null;
}

/** The edges of a node, or null when the node is not a (string) key of the graph. */
function edgesOf(g: Value, node: Value): Array<Value> | null {
  if (node.t != T_STR) return null;
  const e = asObj(g).get(node);
  if (e === null) return null;
  const items = itemsOf(e);
  return items === null ? new Array<Value>() : items;
}

function operands(name: string, g: Value, initial: Value): Array<Value> | null {
  if (g.t != T_OBJ) {
    builtinTypeError(name, 'operand 1 must be object but got ' + typeName(g));
    return null;
  }
  const items = itemsOf(initial);
  if (items === null) builtinTypeError(name, 'operand 2 must be {array, set} but got ' + typeName(initial));
  return items;
}

export function reachable(g: Value, initial: Value): Value | null {
  const start = operands('graph.reachable', g, initial);
  if (start === null) return null;
  const reached = new VSet();
  const queue = start.slice(0);
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    if (reached.has(node)) continue;
    const edges = edgesOf(g, node);
    if (edges === null) continue;
    for (let k = 0; k < edges.length; k++) if (!reached.has(edges[k])) queue.push(edges[k]);
    reached.add(node);
  }
  return reached;
}

function extend(path: Array<Value>, v: Value): Array<Value> {
  const p = path.slice(0);
  p.push(v);
  return p;
}

function copySet(s: VSet, v: Value): VSet {
  const out = new VSet();
  for (let i = 0; i < s.items.length; i++) out.add(s.items[i]);
  out.add(v);
  return out;
}

function build(g: Value, root: Value, path: Array<Value>, reached: VSet, out: VSet): void {
  const edges = edgesOf(g, root);
  if (edges === null) {
    out.add(new VArr(path));
    return;
  }
  const here = extend(path, root);
  if (edges.length == 0) {
    out.add(new VArr(here));
    return;
  }
  const seen = copySet(reached, root);
  for (let k = 0; k < edges.length; k++) {
    if (seen.has(edges[k])) out.add(new VArr(here));
    else build(g, edges[k], here, seen, out);
  }
}

export function reachablePaths(g: Value, initial: Value): Value | null {
  const start = operands('graph.reachable_paths', g, initial);
  if (start === null) return null;
  const out = new VSet();
  for (let i = 0; i < start.length; i++) {
    const node = start[i];
    const edges = edgesOf(g, node);
    if (edges === null) continue;
    if (edges.length == 0) {
      const one = new Array<Value>();
      one.push(node);
      out.add(new VArr(one));
      continue;
    }
    const first = new Array<Value>();
    first.push(node);
    for (let k = 0; k < edges.length; k++) build(g, edges[k], first, copySet(new VSet(), node), out);
  }
  return out;
}
