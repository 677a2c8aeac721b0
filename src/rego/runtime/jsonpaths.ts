// AssemblyScript: json.remove and json.filter inside the module (OPA's Wasm has them there too), as
// the host version (src/rego/builtins/json-extra.ts) reads paths: "a/b" pointer strings (leading
// slashes dropped, ~1 and ~0 unescaped) or arrays of segments; a segment names an object key, a set
// member, or an array index written as its decimal string. Shorter paths win over longer ones.
import { Value, VArr, VObj, VSet, T_STR, T_ARR, T_OBJ, T_SET, asStr, asArr, asObj, asSet, equal, mkStr, typeName } from './value';
import { builtinError, builtinTypeError } from './errors';

class PNode {
  keys: Array<Value> = new Array<Value>();
  /** null: the path ends here (a leaf) */
  kids: Array<PNode | null> = new Array<PNode | null>();

  find(k: Value): i32 {
    for (let i = 0; i < this.keys.length; i++) if (equal(this.keys[i], k)) return i;
    return -1;
  }
}

let ERR: string | null = null;

function segments(p: Value): Array<Value> | null {
  if (p.t == T_STR) {
    const out = new Array<Value>();
    const s0 = asStr(p).s;
    if (s0.length == 0) return out;
    let i = 0;
    while (i < s0.length && s0.charCodeAt(i) == 47) i++;
    const parts = s0.substring(i).split('/');
    for (let k = 0; k < parts.length; k++) out.push(mkStr(parts[k].replaceAll('~1', '/').replaceAll('~0', '~')));
    return out;
  }
  if (p.t == T_ARR) return asArr(p).items;
  ERR = 'operand 2 must be one of {set, array} containing string paths or array of path segments but got ' + typeName(p);
  return null;
}

function pathTree(paths: Value): PNode | null {
  let list: Array<Value>;
  if (paths.t == T_ARR) list = asArr(paths).items;
  else if (paths.t == T_SET) {
    asSet(paths).sort();
    list = asSet(paths).items;
  } else {
    ERR = 'operand 2 must be one of {set, array} but got ' + typeName(paths);
    return null;
  }
  const root = new PNode();
  for (let p = 0; p < list.length; p++) {
    const path = segments(list[p]);
    if (path === null) return null;
    if (path.length == 0) continue;
    let node = root;
    let done = false;
    for (let i = 0; i < path.length - 1 && !done; i++) {
      const at = node.find(path[i]);
      if (at < 0) {
        const n = new PNode();
        node.keys.push(path[i]);
        node.kids.push(n);
        node = n;
      } else if (node.kids[at] === null) done = true;
      else node = node.kids[at]!;
    }
    if (done) continue;
    const last = path[path.length - 1];
    const at = node.find(last);
    if (at < 0) {
      node.keys.push(last);
      node.kids.push(null);
    } else node.kids[at] = null;
  }
  return root;
}

/** Children of v with the segment that names each (key, index as text, or the member itself). */
function segmentOf(v: Value, i: i32): Value {
  if (v.t == T_ARR) return mkStr(i.toString());
  if (v.t == T_OBJ) return asObj(v).ents[i].k;
  return asSet(v).items[i];
}

function childOf(v: Value, i: i32): Value {
  if (v.t == T_ARR) return asArr(v).items[i];
  if (v.t == T_OBJ) return asObj(v).ents[i].v;
  return asSet(v).items[i];
}

function sizeOf(v: Value): i32 {
  if (v.t == T_ARR) return asArr(v).items.length;
  if (v.t == T_OBJ) return asObj(v).ents.length;
  return asSet(v).items.length;
}

/** Rebuilds a collection from kept children: keys[i] is the object key of vals[i]. */
function rebuild(v: Value, keys: Array<Value>, vals: Array<Value>): Value {
  if (v.t == T_ARR) return new VArr(vals);
  if (v.t == T_OBJ) {
    const o = new VObj();
    for (let i = 0; i < vals.length; i++) o.put(keys[i], vals[i]);
    return o;
  }
  const s = new VSet();
  for (let i = 0; i < vals.length; i++) s.add(vals[i]);
  return s;
}

function isCollection(v: Value): bool {
  return v.t == T_ARR || v.t == T_OBJ || v.t == T_SET;
}

/** v without the tree's paths; null when the whole value is removed. */
function remove(v: Value, t: PNode): Value {
  if (!isCollection(v)) return v;
  if (v.t == T_SET) asSet(v).sort();
  const keys = new Array<Value>();
  const vals = new Array<Value>();
  for (let i = 0; i < sizeOf(v); i++) {
    const at = t.find(segmentOf(v, i));
    if (at >= 0 && t.kids[at] === null) continue;
    keys.push(v.t == T_OBJ ? asObj(v).ents[i].k : childOf(v, i));
    vals.push(at < 0 ? childOf(v, i) : remove(childOf(v, i), t.kids[at]!));
  }
  return rebuild(v, keys, vals);
}

function filter(v: Value, t: PNode | null): Value {
  if (t === null || !isCollection(v)) return v;
  if (v.t == T_SET) asSet(v).sort();
  const keys = new Array<Value>();
  const vals = new Array<Value>();
  for (let i = 0; i < sizeOf(v); i++) {
    const at = t.find(segmentOf(v, i));
    if (at < 0) continue;
    keys.push(v.t == T_OBJ ? asObj(v).ents[i].k : childOf(v, i));
    vals.push(filter(childOf(v, i), t.kids[at]));
  }
  return rebuild(v, keys, vals);
}

/** json.remove (remove = true) or json.filter; errors worded as the host version's. */
export function jsonPaths(name: string, o: Value, paths: Value, removing: bool): Value | null {
  if (o.t != T_OBJ) return builtinTypeError(name, 'operand 1 must be object but got ' + typeName(o));
  ERR = null;
  const t = pathTree(paths);
  if (t === null) {
    const m = ERR!;
    ERR = null;
    return builtinTypeError(name, m);
  }
  return removing ? remove(o, t) : filter(o, t);
}
