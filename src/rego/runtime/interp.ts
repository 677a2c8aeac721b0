// AssemblyScript: executes the planned program (see src/rego/plan/ir.ts for the encoding).
// Bodies are step lists evaluated depth-first; a step that can succeed several ways (a scan) calls the
// rest of the body once per way, and a Sink receives each complete solution. Bindings go on a trail
// and are undone on the way back, so a frame is reused across the whole search.
import { Value, VNum, VStr, VArr, VObj, VSet, Pair, NULL, TRUE, FALSE, T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, T_SET, asArr, asObj, asSet, asStr, asNum, asBool, equal, isTruthy, mkNum, compare, typeName } from './value';
import { callBuiltin, builtinCode, B_HOST, resetHostCache } from './builtins';
import { re2ResetCache } from './re2/index';
import { toJSON, Writer } from './json';
import { STRICT_BUILTIN_ERRORS, LAST_BUILTIN_ERROR, LAST_BUILTIN_CODE, clearBuiltinError } from './errors';

/**
 * Under strict builtin errors, an undefined builtin result is an evaluation error: the message the
 * builtin reported, or, for an in-module builtin that reported none, a generic one. Only min and max
 * (of an empty collection) are undefined without an error in OPA; a host builtin that reported no
 * error returned undefined itself.
 */
function strictFailure(code: i32, name: string, args: Array<Value>): void {
  const err = LAST_BUILTIN_ERROR;
  if (err !== null) abort(LAST_BUILTIN_CODE + ': ' + err);
  if (code == B_HOST) return;
  const wrong = wrongOperand(name, args);
  if (wrong !== null) abort('eval_type_error: ' + name + ': ' + wrong);
  if (name == 'max' || name == 'min') return;
  abort('eval_builtin_error: ' + name + ': invalid argument(s)');
}

/** The program's declared operand types, by builtin (`operands`, set under strict builtin errors). */
let OPERAND_TYPES: VObj | null = null;
export function setOperandTypes(o: VObj): void {
  OPERAND_TYPES = o;
}

/** `operand N must be T but got U` for the first operand whose declared type (or union) it is not. */
function wrongOperand(name: string, args: Array<Value>): string | null {
  if (OPERAND_TYPES === null) return null;
  const decl = OPERAND_TYPES!.getStr(name);
  if (decl === null || decl.t != T_ARR) return null;
  const types = asArr(decl).items;
  for (let i = 0; i < types.length && i < args.length; i++) {
    const t = types[i];
    if (t.t != T_STR || asStr(t).s == '') continue;
    const want = asStr(t).s;
    const got = typeName(args[i]);
    // a union reads `one of {set, array}`: no type name is part of another
    const ok = want.startsWith('one of {') ? want.includes(got) : got == want;
    if (!ok) return 'operand ' + (i + 1).toString() + ' must be ' + want + ' but got ' + got;
  }
  return null;
}

@external('env', 'opa_abort')
declare function opa_abort(addr: usize): void;

export function abort(msg: string): void {
  const w = new Writer();
  w.put(msg);
  opa_abort(w.cstr());
  unreachable();
}

// ---- expressions ----
export const E_CONST: i32 = 0;
export const E_VAR: i32 = 1;
export const E_INPUT: i32 = 2;
export const E_DATA: i32 = 3;
export const E_INDEX: i32 = 4;
export const E_CALL: i32 = 5;
export const E_BI: i32 = 6;
export const E_ARR: i32 = 7;
export const E_OBJ: i32 = 8;
export const E_SET: i32 = 9;
export const E_ACOMP: i32 = 10;
export const E_SCOMP: i32 = 11;
export const E_OCOMP: i32 = 12;
export const E_VDOC: i32 = 13;
/** An index into base data: the key is read as OPA reads a storage path (dataIndex). */
export const E_DINDEX: i32 = 14;

// ---- steps ----
export const S_SCAN: i32 = 0;
export const S_MATCH: i32 = 1;
export const S_TEST: i32 = 2;
export const S_NOT: i32 = 3;
export const S_EVERY: i32 = 4;
export const S_WITH: i32 = 5;
/** `a or b`, each `and` operand, a not-body: succeeds once if one of its bodies has a solution */
export const S_ANY: i32 = 6;

// ---- patterns ----
export const P_VAR: i32 = 0;
export const P_ARR: i32 = 1;
export const P_OBJ: i32 = 2;
export const P_VAL: i32 = 3;
export const P_ANY: i32 = 4;

// Shared empty lists for the fields a node does not use: the program has tens of thousands of
// nodes, and the runtime frees nothing, so six fresh arrays per node were most of its loaded size.
// Never pushed to: decoding gives a node a list of its own wherever it fills one.
const NO_NODES: Array<Node> = new Array<Node>();
const NO_INTS: Array<i32> = new Array<i32>();
const NO_STRS: Array<string> = new Array<string>();

export class Node {
  op: i32 = 0;
  i: i32 = 0;
  s: string = '';
  c: Value = NULL;
  args: Array<Node> = NO_NODES;
  args2: Array<Node> = NO_NODES;
  body: Array<Node> = NO_NODES;
  x: Node | null = null;
  y: Node | null = null;
  z: Node | null = null;
  ints: Array<i32> = NO_INTS;
  strs: Array<string> = NO_STRS;
}

export const K_COMPLETE: i32 = 0;
export const K_SET: i32 = 1;
export const K_OBJ: i32 = 2;
export const K_FUNC: i32 = 3;
export const K_MULTI: i32 = 4;

export class Def {
  params: Array<Node> = NO_NODES;
  body: Array<Node> = NO_NODES;
  value: Node | null = null;
  key: Node | null = null;
  // keys below the first of a nested object head (`o[k][j] := v`); empty for `o[k] := v`
  subKeys: Array<Node> = NO_NODES;
  els: Def | null = null;
  constant: bool = false;
}

export class Rule {
  id: i32 = 0;
  name: string = '';
  kind: i32 = 0;
  nslots: i32 = 0;
  arity: i32 = 0;
  defs: Array<Def> = new Array<Def>();
  dflt: Node | null = null;
  // conflict messages, built once at load rather than on every evaluation
  conflict: string = '';
  keyConflict: string = '';
  // Rule index (src/rego/plan/indexing.ts): the input field the definitions test first, and per
  // string value the definitions to run (those testing that value and those testing nothing), in
  // definition order; ixOther for any other value.
  ixRef: Node | null = null;
  ixMap: Map<string, Array<i32>> | null = null;
  ixOther: Array<i32> = new Array<i32>();
}

export class Entry {
  name: string = '';
  expr: Node = new Node();
}

export let RULES: Array<Rule> = new Array<Rule>();
export let ENTRIES: Array<Entry> = new Array<Entry>();

// ---- decoding the program (JSON produced by the planner) ----

function num(v: Value): i32 {
  return <i32>asNum(v).n;
}

/** A list of the program's encoded nodes, each decoded by `decode`, at its final size. */
function decodeNodes(v: Value, decode: (x: Value) => Node): Array<Node> {
  const a = asArr(v).items;
  if (a.length == 0) return NO_NODES;
  const out = new Array<Node>(a.length);
  for (let i = 0; i < a.length; i++) unchecked((out[i] = decode(a[i])));
  return out;
}

function decodeList(v: Value): Array<Node> {
  return decodeNodes(v, decodeExpr);
}

function decodeSteps(v: Value): Array<Node> {
  return decodeNodes(v, decodeStep);
}

function decodePats(v: Value): Array<Node> {
  return decodeNodes(v, decodePat);
}

function decodeOptPat(v: Value): Node | null {
  return v.t == T_NULL ? null : decodePat(v);
}

export function decodeExpr(v: Value): Node {
  const a = asArr(v).items;
  const n = new Node();
  n.op = num(a[0]);
  switch (n.op) {
    case E_CONST:
      n.c = a[1];
      break;
    case E_VAR:
      n.i = num(a[1]);
      break;
    case E_INDEX:
    case E_DINDEX:
      n.x = decodeExpr(a[1]);
      n.y = decodeExpr(a[2]);
      break;
    case E_CALL:
      n.i = num(a[1]);
      n.args = decodeList(a[2]);
      break;
    case E_BI:
      n.s = asStr(a[1]).s;
      n.i = builtinCode(n.s);
      n.args = decodeList(a[2]);
      break;
    case E_ARR:
    case E_OBJ:
    case E_SET:
      n.args = decodeList(a[1]);
      break;
    case E_ACOMP:
    case E_SCOMP:
      n.body = decodeSteps(a[1]);
      n.x = decodeExpr(a[2]);
      break;
    case E_OCOMP:
      n.body = decodeSteps(a[1]);
      n.x = decodeExpr(a[2]);
      n.y = decodeExpr(a[3]);
      break;
    case E_VDOC:
      n.x = decodeExpr(a[1]);
      n.args = decodeList(a[2]);
      n.strs = constDataPath(n.x!);
      // [13, base, entries, 1]: the base is a rule's object; a key both define conflicts
      if (a.length > 3) n.i = num(a[3]);
      break;
    default:
      break;
  }
  return n;
}

/** The keys of a base read `data.k1.k2...` (E_DINDEX of constants down to E_DATA), else none. */
function constDataPath(e: Node): Array<string> {
  const keys = new Array<string>();
  let cur: Node | null = e;
  while (cur !== null && cur.op == E_DINDEX) {
    const k = cur.y!;
    if (k.op != E_CONST || k.c.t != T_STR) return NO_STRS;
    keys.unshift(asStr(k.c).s);
    cur = cur.x;
  }
  return cur !== null && cur.op == E_DATA ? keys : NO_STRS;
}

function decodePat(v: Value): Node {
  const a = asArr(v).items;
  const n = new Node();
  n.op = num(a[0]);
  switch (n.op) {
    case P_VAR:
      n.i = num(a[1]);
      break;
    case P_ARR:
      n.args = decodePats(a[1]);
      break;
    case P_OBJ:
      n.args = decodeList(a[1]);
      n.args2 = decodePats(a[2]);
      break;
    case P_VAL:
      n.x = decodeExpr(a[1]);
      break;
    default:
      break;
  }
  return n;
}

function decodeStep(v: Value): Node {
  const a = asArr(v).items;
  const n = new Node();
  n.op = num(a[0]);
  switch (n.op) {
    case S_SCAN:
      n.x = decodeExpr(a[1]);
      n.y = decodeOptPat(a[2]);
      n.z = decodeOptPat(a[3]);
      break;
    case S_MATCH:
      n.y = decodePat(a[1]);
      n.x = decodeExpr(a[2]);
      break;
    case S_TEST:
      n.x = decodeExpr(a[1]);
      break;
    case S_NOT:
      n.body = decodeSteps(a[1]);
      break;
    case S_ANY: {
      const bodies = asArr(a[1]).items;
      n.args = new Array<Node>();
      for (let i = 0; i < bodies.length; i++) {
        const b = new Node();
        b.body = decodeSteps(bodies[i]);
        n.args.push(b);
      }
      break;
    }
    case S_EVERY:
      n.x = decodeExpr(a[1]);
      n.y = decodeOptPat(a[2]);
      n.z = decodeOptPat(a[3]);
      n.body = decodeSteps(a[4]);
      break;
    case S_WITH: {
      // targets: [kind, id, [path...], expr]
      const ts = asArr(a[1]).items;
      n.args = new Array<Node>();
      n.ints = new Array<i32>();
      for (let i = 0; i < ts.length; i++) {
        const t = asArr(ts[i]).items;
        const tn = new Node();
        tn.strs = new Array<string>();
        tn.ints = new Array<i32>();
        tn.op = num(t[0]);
        tn.i = num(t[1]);
        const path = asArr(t[2]).items;
        for (let j = 0; j < path.length; j++) tn.strs.push(asStr(path[j]).s);
        tn.x = decodeExpr(t[3]);
        // the replacing function's rule id (kinds 5 and 7)
        if (t.length > 4) tn.ints.push(num(t[4]));
        n.args.push(tn);
      }
      n.body = decodeSteps(a[2]);
      const outs = asArr(a[3]).items;
      for (let i = 0; i < outs.length; i++) n.ints.push(num(outs[i]));
      break;
    }
    default:
      break;
  }
  return n;
}

function decodeDef(v: Value): Def {
  const o = asObj(v);
  const d = new Def();
  const p = o.getStr('p');
  if (p !== null) d.params = decodePats(p);
  d.body = decodeSteps(o.getStr('b')!);
  const val = o.getStr('v');
  if (val !== null && val.t != T_NULL) d.value = decodeExpr(val);
  const key = o.getStr('k');
  if (key !== null && key.t != T_NULL) d.key = decodeExpr(key);
  const ks = o.getStr('ks');
  if (ks !== null && ks.t == T_ARR) d.subKeys = decodeList(ks);
  const e = o.getStr('e');
  if (e !== null && e.t != T_NULL) d.els = decodeDef(e);
  const c = o.getStr('c');
  d.constant = c !== null && isTruthy(c);
  return d;
}

function loadIndex(r: Rule, ix: Value, defs: Array<Value>): void {
  r.ixRef = decodeExpr(ix);
  const keyed = new Map<string, Array<i32>>();
  const values = new Array<string>();
  for (let j = 0; j < defs.length; j++) {
    const iv = asObj(defs[j]).getStr('iv');
    if (iv === null || iv.t != T_STR) {
      r.ixOther.push(j);
      continue;
    }
    const v = asStr(iv).s;
    if (!keyed.has(v)) {
      keyed.set(v, new Array<i32>());
      values.push(v);
    }
    keyed.get(v).push(j);
  }
  // merge each value's definitions with the unkeyed ones, keeping definition order
  const map = new Map<string, Array<i32>>();
  for (let k = 0; k < values.length; k++) {
    const mine = keyed.get(values[k]);
    const merged = new Array<i32>();
    let a = 0;
    let b = 0;
    while (a < mine.length || b < r.ixOther.length) {
      if (b >= r.ixOther.length || (a < mine.length && mine[a] < r.ixOther[b])) merged.push(mine[a++]);
      else merged.push(r.ixOther[b++]);
    }
    map.set(values[k], merged);
  }
  r.ixMap = map;
}

/** The definitions of a partial rule worth running now: all of them (null) unless it is indexed. */
function candidates(r: Rule, f: Frame): Array<i32> | null {
  const ref = r.ixRef;
  if (ref === null) return null;
  const v = evalExpr(f, ref);
  if (v !== null && v.t == T_STR) {
    const s = asStr(v).s;
    const map = r.ixMap!;
    if (map.has(s)) return map.get(s);
  }
  return r.ixOther;
}

export function loadProgram(prog: Value): void {
  const o = asObj(prog);
  const rules = asArr(o.getStr('rules')!).items;
  RULES = new Array<Rule>();
  for (let i = 0; i < rules.length; i++) {
    const ro = asObj(rules[i]);
    const r = new Rule();
    r.id = i;
    r.name = asStr(ro.getStr('name')!).s;
    r.kind = num(ro.getStr('kind')!);
    r.nslots = num(ro.getStr('n')!);
    r.arity = num(ro.getStr('a')!);
    const defs = asArr(ro.getStr('defs')!).items;
    for (let j = 0; j < defs.length; j++) r.defs.push(decodeDef(defs[j]));
    const ix = ro.getStr('ix');
    if (ix !== null && ix.t != T_NULL) loadIndex(r, ix, defs);
    const d = ro.getStr('d');
    if (d !== null && d.t != T_NULL) r.dflt = decodeExpr(d);
    r.conflict = conflictMessage(r);
    r.keyConflict = 'eval_conflict_error: ' + r.name + ': object keys must be unique';
    RULES.push(r);
  }
  const ents = asArr(o.getStr('entrypoints')!).items;
  ENTRIES = new Array<Entry>();
  for (let i = 0; i < ents.length; i++) {
    const eo = asObj(ents[i]);
    const e = new Entry();
    e.name = asStr(eo.getStr('name')!).s;
    e.expr = decodeExpr(eo.getStr('expr')!);
    ENTRIES.push(e);
  }
}

// ---- evaluation state ----

export class Frame {
  slots: Array<Value | null>;
  constructor(n: i32) {
    this.slots = new Array<Value | null>(n);
  }
}

export let INPUT: Value | null = null;
export let DATA: Value = new VObj();
let cacheVals: Array<Value | null> = new Array<Value | null>();
let cacheDone: Array<bool> = new Array<bool>();
let overrides: Array<Value | null> = new Array<Value | null>();
let overridden: Array<bool> = new Array<bool>();
/** The data paths a `with data.<path> as` in force replaces, with every rule below them. */
let replacedPaths: Array<Array<string>> = new Array<Array<string>>();

/** Whether a `with` in force replaces the document at `path` (or one above it). */
function replacedDocument(path: Array<string>): bool {
  for (let i = 0; i < replacedPaths.length; i++) {
    const r = unchecked(replacedPaths[i]);
    if (r.length > path.length) continue;
    let prefix = true;
    for (let j = 0; j < r.length && prefix; j++) prefix = unchecked(r[j]) == unchecked(path[j]);
    if (prefix) return true;
  }
  return false;
}
let trailFrames: Array<Frame> = new Array<Frame>();
let trailSlots: Array<i32> = new Array<i32>();
let depth: i32 = 0;

export function resetEval(input: Value | null, data: Value): void {
  INPUT = input;
  DATA = data;
  resetHostCache();
  // compiled patterns live in the previous evaluation's heap, which this one reuses
  re2ResetCache();
  const n = RULES.length;
  cacheVals = new Array<Value | null>(n);
  cacheDone = new Array<bool>(n);
  overrides = new Array<Value | null>(n);
  overridden = new Array<bool>(n);
  replacedPaths = new Array<Array<string>>();
  trailFrames = new Array<Frame>();
  trailSlots = new Array<i32>();
  depth = 0;
  // pools live in this evaluation's heap, which the next evaluation reuses: start empty
  argFree = new Array<Array<Array<Value>> | null>();
  frameFree = new Array<Array<Frame> | null>();
  existFree = new Array<ExistSink>();
  valueSinkFree = new Array<ValueSink>();
  builtinMocks = null;
  fnMocks = null;
}

/** What `with` replaces a function or builtin by: a value, a function (rule id) or a builtin. */
class Mock {
  value: Value | null = null;
  rule: i32 = -1;
  builtin: string = '';
}

// Builtins replaced by `with count as 7` (or `as f`) in the evaluation under way (null: none).
let builtinMocks: Map<string, Mock> | null = null;
// Functions (rule ids) replaced by another function or a builtin (`with f as g`).
let fnMocks: Map<i32, Mock> | null = null;

/**
 * Calls a replacement. A replacing function runs without the replacements in force, as in opa: a
 * mock that calls the function it replaces reaches the original, and one mock never calls another.
 */
function callMock(f: Frame, m: Mock, argNodes: Array<Node>): Value | null {
  const args = new Array<Value>(argNodes.length);
  for (let j = 0; j < argNodes.length; j++) {
    const v = evalExpr(f, unchecked(argNodes[j]));
    if (v === null) return null;
    args[j] = v;
  }
  if (m.value !== null) return m.value;
  const savedB = builtinMocks;
  const savedF = fnMocks;
  const savedVals = cacheVals;
  const savedDone = cacheDone;
  builtinMocks = null;
  fnMocks = null;
  cacheVals = new Array<Value | null>(RULES.length);
  cacheDone = new Array<bool>(RULES.length);
  let out: Value | null;
  if (m.rule >= 0) out = evalRule(RULES[m.rule], args);
  else {
    out = callBuiltin(builtinCode(m.builtin), m.builtin, args);
  }
  builtinMocks = savedB;
  fnMocks = savedF;
  cacheVals = savedVals;
  cacheDone = savedDone;
  return out;
}

/** A copy of the mocks in force (`with`), plus one: the outer map stays as it was for when the `with` ends. */
function plusMock<K>(outer: Map<K, Mock> | null, key: K, m: Mock): Map<K, Mock> {
  const copy = new Map<K, Mock>();
  if (outer !== null) {
    const ks = outer.keys();
    for (let q = 0; q < ks.length; q++) copy.set(ks[q], outer.get(ks[q]));
  }
  copy.set(key, m);
  return copy;
}

function withBuiltinMock(name: string, m: Mock): void {
  builtinMocks = plusMock<string>(builtinMocks, name, m);
}

function withFunctionMock(id: i32, m: Mock): void {
  fnMocks = plusMock<i32>(fnMocks, id, m);
}

// Sinks of `not` tests and of complete rule / function definitions, reused the same way: a sink
// is done with when the body it collects has been evaluated.
let existFree: Array<ExistSink> = new Array<ExistSink>();
let valueSinkFree: Array<ValueSink> = new Array<ValueSink>();

// Frames of finished rule evaluations, reused per slot count. A frame is only reused when every
// binding made in it has been undone (the trail is back where it was), so nothing refers to it.
// A pool is made on the first frame given back with its slot count (most counts never recur, and
// every evaluation starts with no pools: making them all up front was a third of a small input's
// cost). Argument arrays are pooled the same way (takePooled / givePooled).
let frameFree: Array<Array<Frame> | null> = new Array<Array<Frame> | null>();

function takeFrame(n: i32): Frame {
  const f = takePooled<Frame>(frameFree, n);
  if (f === null) return new Frame(n);
  const slots = f.slots;
  for (let i = 0; i < n; i++) unchecked((slots[i] = null));
  return f;
}

function giveFrame(f: Frame, n: i32): void {
  givePooled<Frame>(frameFree, n, f);
}

/** A reusable object from the pool for size n, or null (pools by size are made on first use). */
function takePooled<T>(pools: Array<Array<T> | null>, n: i32): T | null {
  const pool = n < pools.length ? unchecked(pools[n]) : null;
  return pool !== null && pool.length > 0 ? pool.pop() : null;
}

function givePooled<T>(pools: Array<Array<T> | null>, n: i32, x: T): void {
  if (pools.length <= n) pools.length = n + 1;
  let pool = unchecked(pools[n]);
  if (pool === null) {
    pool = new Array<T>();
    unchecked((pools[n] = pool));
  }
  pool.push(x);
}

// Argument arrays of calls, reused. A call's argument array dies when the call returns (rules and
// builtins read it, nothing keeps it), so a free list per length saves an allocation per call; the
// bump allocator never frees, so each saved allocation is memory saved for the whole evaluation.
let argFree: Array<Array<Array<Value>> | null> = new Array<Array<Array<Value>> | null>();

function takeArgs(n: i32): Array<Value> {
  const a = takePooled<Array<Value>>(argFree, n);
  return a !== null ? a : new Array<Value>(n);
}

function giveArgs(a: Array<Value>): void {
  givePooled<Array<Value>>(argFree, a.length, a);
}

function bind(f: Frame, slot: i32, v: Value): void {
  unchecked((f.slots[slot] = v));
  trailFrames.push(f);
  trailSlots.push(slot);
}

function undo(mark: i32): void {
  while (trailSlots.length > mark) {
    const s = trailSlots.pop();
    const f = trailFrames.pop();
    unchecked((f.slots[s] = null));
  }
}

// ---- sinks: what happens with each solution of a body ----

class Sink {
  /** Returns true to stop the search. */
  yield(f: Frame): bool {
    return true;
  }
}

class ExistSink extends Sink {
  found: bool = false;
  yield(f: Frame): bool {
    this.found = true;
    return true;
  }
}

class ArrSink extends Sink {
  items: Array<Value> = new Array<Value>();
  e: Node;
  constructor(e: Node) {
    super();
    this.e = e;
  }
  yield(f: Frame): bool {
    const v = evalExpr(f, this.e);
    if (v !== null) this.items.push(v);
    return false;
  }
}

class SetSink extends Sink {
  set: VSet = new VSet();
  e: Node;
  constructor(e: Node) {
    super();
    this.e = e;
  }
  yield(f: Frame): bool {
    const v = evalExpr(f, this.e);
    if (v !== null) this.set.add(v);
    return false;
  }
}

class ObjSink extends Sink {
  obj: VObj = new VObj();
  k: Node;
  v: Node;
  what: string;
  subKeys: Array<Node> = new Array<Node>();
  /** The objects this rule created along sub-keys; a rule's value is never descended into. */
  inner: Set<usize> = new Set<usize>();
  constructor(k: Node, v: Node, what: string) {
    super();
    this.k = k;
    this.v = v;
    this.what = what;
  }
  yield(f: Frame): bool {
    const k = evalExpr(f, this.k);
    if (k === null) return false;
    const v = evalExpr(f, this.v);
    if (v === null) return false;
    // `o[k][j] := v`: walk (creating) the objects along the keys; a non-object in the way conflicts
    let target = this.obj;
    let leaf = k;
    const sub = this.subKeys;
    if (sub.length > 0) {
      const keys = new Array<Value>(sub.length);
      for (let i = 0; i < sub.length; i++) {
        const ki = evalExpr(f, unchecked(sub[i]));
        if (ki === null) return false;
        unchecked((keys[i] = ki));
      }
      for (let i = 0; i < sub.length; i++) {
        target = innerObject(target, leaf, this.inner, this.what);
        leaf = unchecked(keys[i]);
      }
    }
    const old = target.get(leaf);
    if (old !== null) {
      if (!equal(old, v)) abort(this.what);
      return false;
    }
    target.put(leaf, v);
    return false;
  }
}

/**
 * One step of `o[k][j] := v` / `p[k][j] contains v`: the object at `leaf` in `target`, created (and
 * remembered in `inner`) when absent; a value there that this rule did not create conflicts.
 */
function innerObject(target: VObj, leaf: Value, inner: Set<usize>, what: string): VObj {
  const next = target.get(leaf);
  if (next === null) {
    const o = new VObj();
    target.put(leaf, o);
    inner.add(changetype<usize>(o));
    return o;
  }
  if (next.t != T_OBJ || !inner.has(changetype<usize>(next))) abort(what);
  return asObj(next);
}

// `p[k] contains v`: each solution adds v to the set at key k
class MultiSink extends Sink {
  obj: VObj = new VObj();
  k: Node;
  v: Node;
  what: string = '';
  /** `p[q].r contains v`: the keys below the first, and the objects created along them. */
  subKeys: Array<Node> = new Array<Node>();
  inner: Set<usize> = new Set<usize>();
  constructor(k: Node, v: Node) {
    super();
    this.k = k;
    this.v = v;
  }
  yield(f: Frame): bool {
    const k = evalExpr(f, this.k);
    if (k === null) return false;
    const v = evalExpr(f, this.v);
    if (v === null) return false;
    let target = this.obj;
    let leaf = k;
    const sub = this.subKeys;
    for (let i = 0; i < sub.length; i++) {
      const ki = evalExpr(f, unchecked(sub[i]));
      if (ki === null) return false;
      target = innerObject(target, leaf, this.inner, this.what);
      leaf = ki;
    }
    const old = target.get(leaf);
    if (old !== null) {
      if (old.t != T_SET) abort(this.what);
      changetype<VSet>(old).add(v);
    } else {
      const s = new VSet();
      s.add(v);
      target.put(leaf, s);
    }
    return false;
  }
}

class ValueSink extends Sink {
  val: Value | null = null;
  e: Node;
  constant: bool;
  what: string;
  constructor(e: Node, constant: bool, what: string) {
    super();
    this.e = e;
    this.constant = constant;
    this.what = what;
  }
  yield(f: Frame): bool {
    const v = evalExpr(f, this.e);
    if (v === null) return false;
    const cur = this.val;
    if (cur === null) this.val = v;
    else if (!equal(cur, v)) abort(this.what);
    return this.constant;
  }
}

class RowSink extends Sink {
  rows: Array<Array<Value | null>> = new Array<Array<Value | null>>();
  slots: Array<i32>;
  constructor(slots: Array<i32>) {
    super();
    this.slots = slots;
  }
  yield(f: Frame): bool {
    const row = new Array<Value | null>(this.slots.length);
    for (let i = 0; i < this.slots.length; i++) row[i] = f.slots[this.slots[i]];
    this.rows.push(row);
    return false;
  }
}

// ---- pattern matching ----

function match(f: Frame, p: Node, v: Value): bool {
  switch (p.op) {
    case P_VAR: {
      const cur = unchecked(f.slots[p.i]);
      if (cur === null) {
        bind(f, p.i, v);
        return true;
      }
      return equal(cur, v);
    }
    case P_ANY:
      return true;
    case P_VAL: {
      const w = evalExpr(f, p.x!);
      return w !== null && equal(w, v);
    }
    case P_ARR: {
      if (v.t != T_ARR) return false;
      const items = asArr(v).items;
      if (items.length != p.args.length) return false;
      for (let i = 0; i < items.length; i++) if (!match(f, p.args[i], items[i])) return false;
      return true;
    }
    default: {
      if (v.t != T_OBJ) return false;
      const o = asObj(v);
      if (o.ents.length != p.args.length) return false;
      for (let i = 0; i < p.args.length; i++) {
        const k = evalExpr(f, p.args[i]);
        if (k === null) return false;
        const w = o.get(k);
        if (w === null) return false;
        if (!match(f, p.args2[i], w)) return false;
      }
      return true;
    }
  }
}

function matchKV(f: Frame, kp: Node | null, k: Value, vp: Node | null, v: Value): bool {
  if (kp !== null && !match(f, kp, k)) return false;
  if (vp !== null && !match(f, vp, v)) return false;
  return true;
}

// ---- bodies ----

function exists(f: Frame, body: Array<Node>): bool {
  const s = existFree.length > 0 ? existFree.pop() : new ExistSink();
  s.found = false;
  evalSteps(f, body, 0, s);
  const found = s.found;
  existFree.push(s);
  return found;
}

export function evalSteps(f: Frame, steps: Array<Node>, i: i32, sink: Sink): bool {
  if (i == steps.length) return sink.yield(f);
  const st = unchecked(steps[i]);
  switch (st.op) {
    case S_TEST: {
      const v = evalExpr(f, st.x!);
      if (v === null || !isTruthy(v)) return false;
      return evalSteps(f, steps, i + 1, sink);
    }
    case S_MATCH: {
      const v = evalExpr(f, st.x!);
      if (v === null) return false;
      const mark = trailSlots.length;
      let stop = false;
      if (match(f, st.y!, v)) stop = evalSteps(f, steps, i + 1, sink);
      undo(mark);
      return stop;
    }
    case S_SCAN: {
      const c = evalExpr(f, st.x!);
      if (c === null) return false;
      const kp = st.y;
      const vp = st.z;
      const mark = trailSlots.length;
      if (c.t == T_ARR) {
        const items = asArr(c).items;
        for (let j = 0; j < items.length; j++) {
          if (matchKV(f, kp, kp === null ? NULL : mkNum(<f64>j), vp, unchecked(items[j]))) {
            if (evalSteps(f, steps, i + 1, sink)) {
              undo(mark);
              return true;
            }
          }
          undo(mark);
        }
      } else if (c.t == T_OBJ) {
        const o = asObj(c);
        // a bound key pattern is a lookup, not a scan
        if (kp !== null && kp.op == P_VAR && unchecked(f.slots[kp.i]) !== null) {
          const w = o.get(unchecked(f.slots[kp.i])!);
          if (w === null) return false;
          let stop = false;
          if (vp === null || match(f, vp, w)) stop = evalSteps(f, steps, i + 1, sink);
          undo(mark);
          return stop;
        }
        o.sort();
        const ents = o.ents;
        for (let j = 0; j < ents.length; j++) {
          const e = unchecked(ents[j]);
          if (matchKV(f, kp, e.k, vp, e.v)) {
            if (evalSteps(f, steps, i + 1, sink)) {
              undo(mark);
              return true;
            }
          }
          undo(mark);
        }
      } else if (c.t == T_SET) {
        const s = asSet(c);
        if (kp !== null && kp.op == P_VAR && unchecked(f.slots[kp.i]) !== null) {
          const w = unchecked(f.slots[kp.i])!;
          if (!s.has(w)) return false;
          let stop = false;
          if (vp === null || match(f, vp, w)) stop = evalSteps(f, steps, i + 1, sink);
          undo(mark);
          return stop;
        }
        s.sort();
        const items = s.items;
        for (let j = 0; j < items.length; j++) {
          const e = unchecked(items[j]);
          if (matchKV(f, kp, e, vp, e)) {
            if (evalSteps(f, steps, i + 1, sink)) {
              undo(mark);
              return true;
            }
          }
          undo(mark);
        }
      }
      return false;
    }
    case S_NOT: {
      // a builtin error under `not` makes its expression undefined, so the negation succeeds, as in
      // opa; calls nested in the negated expression run before it (planner: plan/negation.ts)
      if (exists(f, st.body)) return false;
      return evalSteps(f, steps, i + 1, sink);
    }
    case S_ANY: {
      // bodies in order, each for existence only; a builtin error makes its body fail (OPA
      // evaluates each operand as a query of its own)
      let found = false;
      for (let j = 0; j < st.args.length && !found; j++) found = exists(f, unchecked(st.args[j]).body);
      if (!found) return false;
      return evalSteps(f, steps, i + 1, sink);
    }
    case S_EVERY: {
      const c = evalExpr(f, st.x!);
      if (c === null) return false;
      const kp = st.y;
      const vp = st.z;
      const mark = trailSlots.length;
      let ok = true;
      // every over a non-collection is undefined, as in OPA
      if (c.t != T_ARR && c.t != T_OBJ && c.t != T_SET) return false;
      if (c.t == T_ARR) {
        const items = asArr(c).items;
        for (let j = 0; j < items.length && ok; j++) {
          if (matchKV(f, kp, mkNum(<f64>j), vp, items[j])) ok = exists(f, st.body);
          undo(mark);
        }
      } else if (c.t == T_OBJ) {
        const o = asObj(c);
        o.sort();
        for (let j = 0; j < o.ents.length && ok; j++) {
          if (matchKV(f, kp, o.ents[j].k, vp, o.ents[j].v)) ok = exists(f, st.body);
          undo(mark);
        }
      } else if (c.t == T_SET) {
        const s = asSet(c);
        s.sort();
        for (let j = 0; j < s.items.length && ok; j++) {
          if (matchKV(f, kp, s.items[j], vp, s.items[j])) ok = exists(f, st.body);
          undo(mark);
        }
      }
      if (!ok) return false;
      return evalSteps(f, steps, i + 1, sink);
    }
    case S_WITH:
      return evalWith(f, st, steps, i, sink);
    default:
      return false;
  }
}

/** Upserts `v` at `path` inside `base`, copying the objects on the way (values are shared otherwise). */
function upsert(base: Value | null, path: Array<string>, at: i32, v: Value): Value {
  if (at == path.length) return v;
  const o = new VObj();
  if (base !== null && base.t == T_OBJ) {
    const src = asObj(base);
    for (let i = 0; i < src.ents.length; i++) o.put(src.ents[i].k, src.ents[i].v);
  }
  const key = new VStr(path[at]);
  const child = o.get(key);
  o.put(key, upsert(child, path, at + 1, v));
  return o;
}

/** The value at `path` inside `v` (objects only), or null. */
function selectPath(v: Value, path: Array<string>): Value | null {
  let cur: Value | null = v;
  for (let i = 0; i < path.length && cur !== null; i++) {
    if (cur.t != T_OBJ) return null;
    cur = asObj(cur).get(new VStr(path[i]));
  }
  return cur;
}

function evalWith(f: Frame, st: Node, steps: Array<Node>, i: i32, sink: Sink): bool {
  const savedInput = INPUT;
  const savedData = DATA;
  const savedCacheVals = cacheVals;
  const savedCacheDone = cacheDone;
  const savedOverrides = overrides;
  const savedOverridden = overridden;
  const savedReplaced = replacedPaths;
  const savedMocks = builtinMocks;
  const savedFnMocks = fnMocks;
  // evaluate all replacement values before any of them takes effect
  const vals = new Array<Value | null>(st.args.length);
  for (let j = 0; j < st.args.length; j++) vals[j] = evalExpr(f, st.args[j].x!);
  for (let j = 0; j < vals.length; j++) if (vals[j] === null) return false;
  let newInput = INPUT;
  let newData = DATA;
  const newReplaced = replacedPaths.slice(0);
  const n = RULES.length;
  const newOv = new Array<Value | null>(n);
  const newOvd = new Array<bool>(n);
  for (let j = 0; j < n; j++) {
    newOv[j] = overrides[j];
    newOvd[j] = overridden[j];
  }
  for (let j = 0; j < st.args.length; j++) {
    const t = st.args[j];
    const v = vals[j]!;
    if (t.op == 0) newInput = upsert(newInput, t.strs, 0, v);
    else if (t.op == 1) {
      newData = upsert(newData, t.strs, 0, v);
      newReplaced.push(t.strs);
    }
    else if (t.op == 3 || t.op == 5 || t.op == 6) {
      // `with count as 7` (3), `as f` (5), `as object.keys` (6): the mocks in force plus this one
      const m = new Mock();
      if (t.op == 3) m.value = v;
      else if (t.op == 5) m.rule = t.ints[0];
      else m.builtin = t.strs[1];
      withBuiltinMock(t.strs[0], m);
    } else if (t.op == 7 || t.op == 8) {
      // `with f as g` (7), `with f as count` (8)
      const m = new Mock();
      if (t.op == 7) m.rule = t.ints[0];
      else m.builtin = t.strs[0];
      withFunctionMock(t.i, m);
    } else if (t.op == 4) {
      // the target is a prefix of this rule's path: the rule is the replacement's value below it
      newOv[t.i] = selectPath(v, t.strs);
      newOvd[t.i] = true;
    } else {
      newOv[t.i] = t.strs.length == 0 ? v : upsert(null, t.strs, 0, v);
      newOvd[t.i] = true;
    }
  }
  INPUT = newInput;
  DATA = newData;
  overrides = newOv;
  overridden = newOvd;
  replacedPaths = newReplaced;
  cacheVals = new Array<Value | null>(n);
  cacheDone = new Array<bool>(n);
  const rows = new RowSink(st.ints);
  evalSteps(f, st.body, 0, rows);
  INPUT = savedInput;
  DATA = savedData;
  overrides = savedOverrides;
  overridden = savedOverridden;
  replacedPaths = savedReplaced;
  builtinMocks = savedMocks;
  fnMocks = savedFnMocks;
  cacheVals = savedCacheVals;
  cacheDone = savedCacheDone;
  for (let r = 0; r < rows.rows.length; r++) {
    const row = rows.rows[r];
    const mark = trailSlots.length;
    let ok = true;
    for (let j = 0; j < st.ints.length && ok; j++) {
      const v = row[j];
      if (v === null) continue;
      const cur = f.slots[st.ints[j]];
      if (cur === null) bind(f, st.ints[j], v);
      else ok = equal(cur, v);
    }
    if (ok && evalSteps(f, steps, i + 1, sink)) {
      undo(mark);
      return true;
    }
    undo(mark);
  }
  return false;
}

// ---- rules ----

/** opa's words (without the two definitions' positions it lists after a colon). */
function conflictMessage(r: Rule): string {
  if (r.kind == K_FUNC) return 'eval_conflict_error: function ' + r.name + ' produced conflicting values for the same inputs';
  return 'eval_conflict_error: rule ' + r.name + ' produced conflicting values';
}

export function evalRule(r: Rule, args: Array<Value>): Value | null {
  if (unchecked(overridden[r.id])) return unchecked(overrides[r.id]);
  const cacheable = r.arity == 0;
  if (cacheable && unchecked(cacheDone[r.id])) return unchecked(cacheVals[r.id]);
  depth++;
  if (depth > 10000) abort('eval_error: ' + r.name + ': evaluation too deep (recursion?)');
  const trailAtEntry = trailSlots.length;
  const f = takeFrame(r.nslots);
  let result: Value | null = null;
  if (r.kind == K_SET) {
    const out = new VSet();
    const cands = candidates(r, f);
    const nd = cands === null ? r.defs.length : cands.length;
    for (let c = 0; c < nd; c++) {
      const def = unchecked(r.defs[cands === null ? c : unchecked(cands[c])]);
      const s = new SetSink(def.key!);
      evalSteps(f, def.body, 0, s);
      const items = s.set.items;
      for (let j = 0; j < items.length; j++) out.add(items[j]);
    }
    result = out;
  } else if (r.kind == K_MULTI) {
    const out = new VObj();
    const inner = new Set<usize>();
    const cands = candidates(r, f);
    const nd = cands === null ? r.defs.length : cands.length;
    for (let c = 0; c < nd; c++) {
      const def = unchecked(r.defs[cands === null ? c : unchecked(cands[c])]);
      const s = new MultiSink(def.key!, def.value!);
      s.subKeys = def.subKeys;
      s.inner = inner;
      s.what = r.keyConflict;
      s.obj = out;
      evalSteps(f, def.body, 0, s);
    }
    result = out;
  } else if (r.kind == K_OBJ) {
    const what = r.keyConflict;
    const inner = new Set<usize>();
    let out: VObj | null = null;
    const cands = candidates(r, f);
    const nd = cands === null ? r.defs.length : cands.length;
    for (let c = 0; c < nd; c++) {
      const def = unchecked(r.defs[cands === null ? c : unchecked(cands[c])]);
      const s = new ObjSink(def.key!, def.value!, what);
      s.subKeys = def.subKeys;
      s.inner = inner;
      if (out !== null) s.obj = out;
      evalSteps(f, def.body, 0, s);
      out = s.obj;
    }
    result = out === null ? new VObj() : out;
  } else {
    const what = r.conflict;
    let val: Value | null = null;
    for (let d = 0; d < r.defs.length; d++) {
      let def: Def | null = r.defs[d];
      while (def !== null) {
        const mark = trailSlots.length;
        let ok = true;
        for (let p = 0; p < def.params.length && ok; p++) ok = match(f, def.params[p], args[p]);
        let got: Value | null = null;
        if (ok) {
          let s: ValueSink;
          if (valueSinkFree.length > 0) {
            s = valueSinkFree.pop();
            s.e = def.value!;
            s.constant = def.constant;
            s.what = what;
            s.val = null;
          } else s = new ValueSink(def.value!, def.constant, what);
          evalSteps(f, def.body, 0, s);
          got = s.val;
          valueSinkFree.push(s);
        }
        undo(mark);
        if (got !== null) {
          if (val === null) val = got;
          else if (!equal(val, got)) abort(what);
          break;
        }
        // only a definition whose head matched and whose body failed falls through to `else`
        def = ok ? def.els : null;
      }
    }
    if (val === null && r.dflt !== null) val = evalExpr(f, r.dflt!);
    result = val;
  }
  depth--;
  if (trailSlots.length == trailAtEntry) giveFrame(f, r.nslots);
  if (cacheable) {
    unchecked((cacheVals[r.id] = result));
    unchecked((cacheDone[r.id] = true));
  }
  return result;
}

// ---- expressions ----

export function index(c: Value, k: Value): Value | null {
  if (c.t == T_OBJ) return asObj(c).get(k);
  if (c.t == T_ARR) {
    if (k.t != T_NUM) return null;
    const n = asNum(k).n;
    const items = asArr(c).items;
    if (n < 0 || n != Math.floor(n) || n >= <f64>items.length) return null;
    return unchecked(items[<i32>n]);
  }
  if (c.t == T_SET) return asSet(c).has(k) ? k : null;
  return null;
}

/**
 * `data.a[k]` below every rule: OPA reads base data through a storage path, whose segments are
 * strings. A number key is its text (`data.a[2]` finds the key "2"), and a string of an integer
 * indexes an array (`data.list["1"]`). Other keys (booleans, composites) find nothing in an object
 * or array; a set that `with` put in data holds its elements.
 */
function dataIndex(c: Value, k: Value): Value | null {
  // a set (put there by `with data.x as {...}`) and an array with a number are indexed as usual
  if (c.t == T_SET || (k.t == T_NUM && c.t == T_ARR)) return index(c, k);
  let text: string | null = null;
  if (k.t == T_STR) text = asStr(k).s;
  else if (k.t == T_NUM) {
    const n = asNum(k);
    if (n.repr !== null) text = n.repr!;
    else if (n.n == Math.floor(n.n) && Math.abs(n.n) < 9007199254740992.0) text = (<i64>n.n).toString();
  }
  if (c.t == T_OBJ) {
    const byText = text !== null ? asObj(c).get(new VStr(text!)) : null;
    // JSON base data has string keys only; an object `with` put there may have others
    return byText !== null ? byText : index(c, k);
  }
  if (c.t != T_ARR || text === null) return null;
  const i = atoi(text!);
  return i < 0 ? null : index(c, new VNum(<f64>i));
}

/** Go's strconv.Atoi for an array position: optional sign, decimal digits; -1 when it is not one. */
function atoi(s: string): i64 {
  let j = 0;
  let neg = false;
  if (s.length > 0 && (s.charCodeAt(0) == 43 || s.charCodeAt(0) == 45)) {
    neg = s.charCodeAt(0) == 45;
    j = 1;
  }
  if (j >= s.length || s.length - j > 18) return -1;
  let n: i64 = 0;
  for (; j < s.length; j++) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return neg ? (n == 0 ? 0 : -1) : n;
}

export function evalExpr(f: Frame, e: Node): Value | null {
  switch (e.op) {
    case E_CONST:
      return e.c;
    case E_VAR:
      return unchecked(f.slots[e.i]);
    case E_INPUT:
      return INPUT;
    case E_DATA:
      return DATA;
    case E_INDEX: {
      const c = evalExpr(f, e.x!);
      if (c === null) return null;
      const k = evalExpr(f, e.y!);
      if (k === null) return null;
      return index(c, k);
    }
    case E_DINDEX: {
      const c = evalExpr(f, e.x!);
      if (c === null) return null;
      const k = evalExpr(f, e.y!);
      if (k === null) return null;
      return dataIndex(c, k);
    }
    case E_CALL: {
      const fm = fnMocks;
      if (fm !== null && fm.has(e.i)) return callMock(f, fm.get(e.i), e.args);
      const r = unchecked(RULES[e.i]);
      const args = takeArgs(e.args.length);
      for (let j = 0; j < e.args.length; j++) {
        const v = evalExpr(f, e.args[j]);
        if (v === null) {
          giveArgs(args);
          return null;
        }
        args[j] = v;
      }
      const out = evalRule(r, args);
      giveArgs(args);
      return out;
    }
    case E_BI: {
      const mocks = builtinMocks;
      // the arguments are still evaluated: an undefined one keeps the call undefined
      if (mocks !== null && mocks.has(e.s)) return callMock(f, mocks.get(e.s), e.args);
      const args = takeArgs(e.args.length);
      for (let j = 0; j < e.args.length; j++) {
        const v = evalExpr(f, unchecked(e.args[j]));
        if (v === null) {
          giveArgs(args);
          return null;
        }
        unchecked((args[j] = v));
      }
      if (STRICT_BUILTIN_ERRORS) clearBuiltinError();
      const r = callBuiltin(e.i, e.s, args);
      if (r === null && STRICT_BUILTIN_ERRORS) strictFailure(e.i, e.s, args);
      giveArgs(args);
      return r;
    }
    case E_ARR: {
      const items = new Array<Value>(e.args.length);
      for (let j = 0; j < e.args.length; j++) {
        const v = evalExpr(f, e.args[j]);
        if (v === null) return null;
        items[j] = v;
      }
      return new VArr(items);
    }
    case E_OBJ: {
      const o = new VObj();
      for (let j = 0; j + 1 < e.args.length; j += 2) {
        const k = evalExpr(f, e.args[j]);
        if (k === null) return null;
        const v = evalExpr(f, e.args[j + 1]);
        if (v === null) return null;
        o.put(k, v);
      }
      return o;
    }
    case E_SET: {
      const s = new VSet();
      for (let j = 0; j < e.args.length; j++) {
        const v = evalExpr(f, e.args[j]);
        if (v === null) return null;
        s.add(v);
      }
      return s;
    }
    case E_ACOMP: {
      const s = new ArrSink(e.x!);
      evalSteps(f, e.body, 0, s);
      return new VArr(s.items);
    }
    case E_SCOMP: {
      const s = new SetSink(e.x!);
      evalSteps(f, e.body, 0, s);
      return s.set;
    }
    case E_OCOMP: {
      const s = new ObjSink(e.x!, e.y!, 'eval_conflict_error: object keys must be unique');
      evalSteps(f, e.body, 0, s);
      return s.obj;
    }
    case E_VDOC: {
      // a package (or a prefix of one) as a document: base data merged with the defined rule values;
      // a rule that a `with` replaces is replaced with everything below it (its value is the document)
      if (e.i == 1 && e.x!.op == E_CALL && unchecked(overridden[e.x!.i])) return evalExpr(f, e.x!);
      // likewise a document a `with data.<path> as` replaces: the replacement, with no rule below it
      if (replacedPaths.length > 0 && e.strs.length > 0 && replacedDocument(e.strs)) return evalExpr(f, e.x!);
      const base = evalExpr(f, e.x!);
      const o = new VObj();
      if (base !== null && base.t == T_OBJ) {
        const b = asObj(base);
        for (let j = 0; j < b.ents.length; j++) o.put(b.ents[j].k, b.ents[j].v);
      }
      for (let j = 0; j + 1 < e.args.length; j += 2) {
        const k = evalExpr(f, e.args[j]);
        const v = evalExpr(f, e.args[j + 1]);
        if (k === null || v === null) continue;
        const old = o.get(k);
        if (e.i == 1) {
          if (old !== null && !equal(old, v)) abort('eval_conflict_error: object keys must be unique');
          o.put(k, v);
        } else o.put(k, old === null ? v : mergeBase(old, v));
      }
      return o;
    }
    default:
      return null;
  }
}

/**
 * OPA's merge of base data with a rule's value at one key of a package document: two objects
 * merge key by key; anywhere else the base document wins (topdown's mergeObjects).
 */
function mergeBase(base: Value, virt: Value): Value {
  if (base.t != T_OBJ || virt.t != T_OBJ) return base;
  const b = asObj(base);
  const v = asObj(virt);
  const o = new VObj();
  for (let j = 0; j < b.ents.length; j++) {
    const other = v.get(b.ents[j].k);
    o.put(b.ents[j].k, other === null ? b.ents[j].v : mergeBase(b.ents[j].v, other));
  }
  for (let j = 0; j < v.ents.length; j++) if (b.get(v.ents[j].k) === null) o.put(v.ents[j].k, v.ents[j].v);
  return o;
}

export function evalEntry(id: i32): Value | null {
  if (id < 0 || id >= ENTRIES.length) abort('invalid entrypoint id ' + id.toString());
  const f = new Frame(0);
  return evalExpr(f, ENTRIES[id].expr);
}

