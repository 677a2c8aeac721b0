// AssemblyScript: the Rego value model inside the Wasm module.
// Objects and sets keep insertion order plus a hash index for O(1) lookups, and are sorted lazily
// (OPA iterates and prints them in sorted order), so building a large set stays linear.
import { parseF64 } from './strtod';

export const T_NULL: i32 = 0;
export const T_BOOL: i32 = 1;
export const T_NUM: i32 = 2;
export const T_STR: i32 = 3;
export const T_ARR: i32 = 4;
export const T_OBJ: i32 = 5;
export const T_SET: i32 = 6;

export class Value {
  t: i32;
  constructor(t: i32) {
    this.t = t;
  }
}

export class VBool extends Value {
  b: bool;
  constructor(b: bool) {
    super(T_BOOL);
    this.b = b;
  }
}

export class VNum extends Value {
  n: f64;
  // The literal text when the number came from JSON or source, so output keeps `1.0` or `1e3` as OPA does.
  repr: string | null;
  constructor(n: f64, repr: string | null = null) {
    super(T_NUM);
    this.n = n;
    this.repr = repr;
  }
}

export class VStr extends Value {
  s: string;
  // hash of s, computed on first use (0 = not yet): object keys are hashed on every lookup
  h: u32 = 0;
  constructor(s: string) {
    super(T_STR);
    this.s = s;
  }
}

/** compare(a, b) == 0 for a key lookup, with string keys (nearly all of them) compared directly. */
@inline
function sameKey(a: Value, b: Value): bool {
  if (a === b) return true;
  if (a.t == T_STR) return b.t == T_STR && changetype<VStr>(a).s == changetype<VStr>(b).s;
  return compare(a, b) == 0;
}

export class VArr extends Value {
  items: Array<Value>;
  constructor(items: Array<Value>) {
    super(T_ARR);
    this.items = items;
  }
}

export class Pair {
  k: Value;
  v: Value;
  constructor(k: Value, v: Value) {
    this.k = k;
    this.v = v;
  }
}

/** Hash index over a list: head bucket per hash plus a chain of earlier positions. */
class HIdx {
  head: Map<u32, i32> = new Map<u32, i32>();
  next: Array<i32> = new Array<i32>();
}

/**
 * Below this many entries a linear scan beats building a hash index (keys read from JSON are
 * shared strings, so most comparisons are pointer comparisons; and an index is a map the runtime
 * never frees, built for every such object an evaluation makes, such as each finding).
 */
const SMALL: i32 = 16;

/**
 * An object's entries: (key, value) records stored inline, 8 bytes each, in one block (a Pair per
 * entry, as an object of its own, took 32 bytes; and the runtime frees nothing before an
 * evaluation returns). `list[i]` is a Pair view of record i: reading and writing its k and v read
 * and write the record. A view is valid until the list grows.
 */
@unmanaged
export class PairList {
  data: usize = 0;
  len: i32 = 0;
  cap: i32 = 0;
  constructor(capacity: i32 = 0) {
    if (capacity > 0) {
      this.data = heap.alloc(<usize>capacity * offsetof<Pair>());
      this.cap = capacity;
    }
  }
  get length(): i32 {
    return this.len;
  }
  @operator('[]')
  private at(i: i32): Pair {
    return changetype<Pair>(this.data + <usize>i * offsetof<Pair>());
  }
  @operator('{}')
  private atUnchecked(i: i32): Pair {
    return changetype<Pair>(this.data + <usize>i * offsetof<Pair>());
  }
  push(k: Value, v: Value): void {
    if (this.len == this.cap) this.grow();
    const p = changetype<Pair>(this.data + <usize>this.len * offsetof<Pair>());
    p.k = k;
    p.v = v;
    this.len++;
  }
  private grow(): void {
    const cap = this.cap < 4 ? 4 : this.cap << 1;
    const data = heap.alloc(<usize>cap * offsetof<Pair>());
    if (this.len > 0) memory.copy(data, this.data, <usize>this.len * offsetof<Pair>());
    this.data = data;
    this.cap = cap;
  }
  /** Sorts the records by key: insertion sort for a few, a bottom-up merge sort beyond. */
  sort(): void {
    const n = this.len;
    const size = offsetof<Pair>();
    if (n <= 16) {
      for (let i = 1; i < n; i++) {
        const at = changetype<Pair>(this.data + <usize>i * size);
        const k = at.k;
        const v = at.v;
        let j = i - 1;
        while (j >= 0 && compare(changetype<Pair>(this.data + <usize>j * size).k, k) > 0) {
          memory.copy(this.data + <usize>(j + 1) * size, this.data + <usize>j * size, size);
          j--;
        }
        const dest = changetype<Pair>(this.data + <usize>(j + 1) * size);
        dest.k = k;
        dest.v = v;
      }
      return;
    }
    let src = this.data;
    let dst = heap.alloc(<usize>n * size);
    for (let width = 1; width < n; width <<= 1) {
      for (let lo = 0; lo < n; lo += 2 * width) {
        const mid = min(lo + width, n);
        const hi = min(lo + 2 * width, n);
        let a = lo;
        let b = mid;
        for (let o = lo; o < hi; o++) {
          const takeA = a < mid && (b >= hi || compare(changetype<Pair>(src + <usize>a * size).k, changetype<Pair>(src + <usize>b * size).k) <= 0);
          memory.copy(dst + <usize>o * size, src + <usize>(takeA ? a++ : b++) * size, size);
        }
      }
      const t = src;
      src = dst;
      dst = t;
    }
    this.data = src;
    this.cap = n;
  }
}

export class VObj extends Value {
  ents: PairList;
  idx: HIdx | null = null;
  sorted: bool = true;
  /** An empty object with room for `capacity` entries (putting that many allocates no larger list). */
  constructor(capacity: i32 = 0) {
    super(T_OBJ);
    this.ents = new PairList(capacity);
  }
  find(k: Value): i32 {
    const idx = this.idx;
    if (idx === null) {
      const n = this.ents.length;
      for (let i = 0; i < n; i++) if (sameKey(k, unchecked(this.ents[i]).k)) return i;
      return -1;
    }
    const h = hashValue(k);
    if (!idx.head.has(h)) return -1;
    let i = idx.head.get(h);
    while (i >= 0) {
      if (sameKey(k, unchecked(this.ents[i]).k)) return i;
      i = unchecked(idx.next[i]);
    }
    return -1;
  }
  get(k: Value): Value | null {
    const i = this.find(k);
    return i < 0 ? null : unchecked(this.ents[i]).v;
  }
  /** Sets k to v, replacing an existing value. */
  put(k: Value, v: Value): void {
    const i = this.find(k);
    if (i >= 0) {
      unchecked(this.ents[i]).v = v;
      return;
    }
    const n = this.ents.length;
    if (n > 0 && this.sorted && compare(unchecked(this.ents[n - 1]).k, k) > 0) this.sorted = false;
    this.ents.push(k, v);
    const idx = this.idx;
    if (idx !== null) hidxAdd(idx, n, hashValue(k));
    else if (n + 1 > SMALL) this.reindex();
  }
  private reindex(): void {
    const idx = new HIdx();
    for (let i = 0; i < this.ents.length; i++) hidxAdd(idx, i, hashValue(unchecked(this.ents[i]).k));
    this.idx = idx;
  }
  getStr(s: string): Value | null {
    return this.get(new VStr(s));
  }
  sort(): void {
    if (this.sorted) return;
    this.ents.sort();
    if (this.idx !== null) this.reindex();
    this.sorted = true;
  }
}

export class VSet extends Value {
  items: Array<Value> = new Array<Value>();
  idx: HIdx | null = null;
  sorted: bool = true;
  constructor() {
    super(T_SET);
  }
  find(v: Value): i32 {
    const idx = this.idx;
    if (idx === null) {
      const n = this.items.length;
      for (let i = 0; i < n; i++) if (sameKey(v, unchecked(this.items[i]))) return i;
      return -1;
    }
    const h = hashValue(v);
    if (!idx.head.has(h)) return -1;
    let i = idx.head.get(h);
    while (i >= 0) {
      if (sameKey(v, unchecked(this.items[i]))) return i;
      i = unchecked(idx.next[i]);
    }
    return -1;
  }
  has(v: Value): bool {
    return this.find(v) >= 0;
  }
  add(v: Value): void {
    if (this.find(v) >= 0) return;
    const n = this.items.length;
    if (n > 0 && this.sorted && compare(unchecked(this.items[n - 1]), v) > 0) this.sorted = false;
    this.items.push(v);
    const idx = this.idx;
    if (idx !== null) hidxAdd(idx, n, hashValue(v));
    else if (n + 1 > SMALL) this.reindex();
  }
  private reindex(): void {
    const idx = new HIdx();
    for (let i = 0; i < this.items.length; i++) hidxAdd(idx, i, hashValue(unchecked(this.items[i])));
    this.idx = idx;
  }
  sort(): void {
    if (this.sorted) return;
    this.items.sort(compareValues);
    if (this.idx !== null) this.reindex();
    this.sorted = true;
  }
}

function hidxAdd(idx: HIdx, i: i32, h: u32): void {
  if (idx.head.has(h)) idx.next.push(idx.head.get(h));
  else idx.next.push(-1);
  idx.head.set(h, i);
}

export const NULL: Value = new Value(T_NULL);
export const TRUE: VBool = new VBool(true);
export const FALSE: VBool = new VBool(false);

export function mkBool(b: bool): Value {
  return b ? TRUE : FALSE;
}
// The integers 0..1023 (op codes and slots of the program, counts, ports, replicas), one value
// each: values are never changed once made, and the runtime frees nothing during an evaluation.
// Made when the module starts, below every heap pointer the host records.
const SMALL_INT_COUNT: i32 = 1024;
const SMALL_INTS: Array<VNum> = smallInts();

function smallInts(): Array<VNum> {
  const out = new Array<VNum>(SMALL_INT_COUNT);
  for (let i = 0; i < SMALL_INT_COUNT; i++) unchecked((out[i] = new VNum(<f64>i, null)));
  return out;
}

/** Whether n is one of the shared small integers (not -0, which prints as 0 but is another number). */
@inline
function isSmall(n: f64): bool {
  return n >= 0 && n < <f64>SMALL_INT_COUNT && n == Math.floor(n) && !(n == 0 && 1 / n < 0);
}

/** Whether v is one of the shared small integers (mkNum's). */
export function isSmallInt(v: Value): bool {
  return v.t == T_NUM && isSmall(changetype<VNum>(v).n) && v === unchecked(SMALL_INTS[<i32>changetype<VNum>(v).n]);
}

export function mkNum(n: f64): Value {
  return isSmall(n) ? unchecked(SMALL_INTS[<i32>n]) : new VNum(n, null);
}
export function mkStr(s: string): Value {
  return new VStr(s);
}

export function asNum(v: Value): VNum {
  return changetype<VNum>(v);
}
export function asStr(v: Value): VStr {
  return changetype<VStr>(v);
}
export function asArr(v: Value): VArr {
  return changetype<VArr>(v);
}
export function asObj(v: Value): VObj {
  return changetype<VObj>(v);
}
export function asSet(v: Value): VSet {
  return changetype<VSet>(v);
}
export function asBool(v: Value): bool {
  return changetype<VBool>(v).b;
}

// ---- hashing ----

function mix(h: u32, x: u32): u32 {
  h ^= x;
  h *= 0x01000193;
  return h;
}

export function hashValue(v: Value): u32 {
  switch (v.t) {
    case T_NULL:
      return 0x9e3779b9;
    case T_BOOL:
      return asBool(v) ? 0x1234567 : 0x7654321;
    case T_NUM: {
      let n = asNum(v).n;
      if (n == 0) n = 0; // -0 and 0 hash alike
      const bits = reinterpret<u64>(n);
      return mix(mix(0x811c9dc5, <u32>bits), <u32>(bits >> 32));
    }
    case T_STR: {
      const vs = asStr(v);
      if (vs.h != 0) return vs.h;
      const s = vs.s;
      let h: u32 = 0x811c9dc5;
      const n = s.length;
      for (let i = 0; i < n; i++) h = mix(h, <u32>s.charCodeAt(i));
      if (h == 0) h = 1;
      vs.h = h;
      return h;
    }
    case T_ARR: {
      const a = asArr(v).items;
      let h: u32 = 0x5bd1e995;
      for (let i = 0; i < a.length; i++) h = mix(h, hashValue(unchecked(a[i])));
      return h;
    }
    case T_OBJ: {
      // order independent: objects with the same entries in another order hash alike
      const e = asObj(v).ents;
      let h: u32 = 0x27d4eb2d;
      for (let i = 0; i < e.length; i++) h += mix(hashValue(unchecked(e[i]).k), hashValue(unchecked(e[i]).v));
      return h;
    }
    default: {
      const a = asSet(v).items;
      let h: u32 = 0x165667b1;
      for (let i = 0; i < a.length; i++) h += hashValue(unchecked(a[i]));
      return h;
    }
  }
}

// ---- OPA's total order: null < boolean < number < string < array < object < set ----

export function compareValues(a: Value, b: Value): i32 {
  return compare(a, b);
}

export function compareStrings(a: string, b: string): i32 {
  // Go compares UTF-8 bytes; UTF-16 code unit order agrees except for surrogate pairs vs U+E000..U+FFFF.
  const n = min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x != y) {
      const xs = x >= 0xd800 && x < 0xe000;
      const ys = y >= 0xd800 && y < 0xe000;
      if (xs != ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length == b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function compare(a: Value, b: Value): i32 {
  if (a === b) return 0;
  if (a.t != b.t) return a.t < b.t ? -1 : 1;
  switch (a.t) {
    case T_NULL:
      return 0;
    case T_BOOL: {
      const x = asBool(a);
      const y = asBool(b);
      return x == y ? 0 : x ? 1 : -1;
    }
    case T_NUM: {
      const x = asNum(a).n;
      const y = asNum(b).n;
      // rounding to f64 keeps order, so different f64s decide; equal ones may hide different numbers
      if (x != y) return x < y ? -1 : 1;
      if (asNum(a).repr === null && asNum(b).repr === null) return 0;
      return compareNumberText(numText(asNum(a)), numText(asNum(b)));
    }
    case T_STR:
      return compareStrings(asStr(a).s, asStr(b).s);
    case T_ARR: {
      const x = asArr(a).items;
      const y = asArr(b).items;
      const n = min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compare(unchecked(x[i]), unchecked(y[i]));
        if (c != 0) return c;
      }
      return x.length == y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    case T_OBJ: {
      const x = asObj(a);
      const y = asObj(b);
      x.sort();
      y.sort();
      const n = min(x.ents.length, y.ents.length);
      for (let i = 0; i < n; i++) {
        const c = compare(unchecked(x.ents[i]).k, unchecked(y.ents[i]).k);
        if (c != 0) return c;
        const d = compare(unchecked(x.ents[i]).v, unchecked(y.ents[i]).v);
        if (d != 0) return d;
      }
      return x.ents.length == y.ents.length ? 0 : x.ents.length < y.ents.length ? -1 : 1;
    }
    default: {
      const x = asSet(a);
      const y = asSet(b);
      x.sort();
      y.sort();
      const n = min(x.items.length, y.items.length);
      for (let i = 0; i < n; i++) {
        const c = compare(unchecked(x.items[i]), unchecked(y.items[i]));
        if (c != 0) return c;
      }
      return x.items.length == y.items.length ? 0 : x.items.length < y.items.length ? -1 : 1;
    }
  }
}

export function equal(a: Value, b: Value): bool {
  return compare(a, b) == 0;
}

export function isTruthy(v: Value | null): bool {
  if (v === null) return false;
  if (v.t == T_BOOL) return asBool(v);
  return true;
}

export function typeName(v: Value): string {
  switch (v.t) {
    case T_NULL:
      return 'null';
    case T_BOOL:
      return 'boolean';
    case T_NUM:
      return 'number';
    case T_STR:
      return 'string';
    case T_ARR:
      return 'array';
    case T_OBJ:
      return 'object';
    default:
      return 'set';
  }
}

// ---- exact order of numbers whose f64s are equal (OPA's NumberCompare) ----

function numText(v: VNum): string {
  const r = v.repr;
  if (r !== null) return r;
  const n = v.n;
  if (n == Math.floor(n) && Math.abs(n) < 9e15) return (<i64>n).toString();
  return n.toString();
}

/** A number's text as sign, significant digits (no leading or trailing zeros) and point position. */
class NumParts {
  neg: bool = false;
  digits: string = '';
  point: f64 = 0; // value = 0.digits x 10^point
}

function numParts(t: string): NumParts {
  const p = new NumParts();
  let i = 0;
  if (i < t.length && (t.charCodeAt(i) == 0x2d || t.charCodeAt(i) == 0x2b)) {
    p.neg = t.charCodeAt(i) == 0x2d;
    i++;
  }
  let digits = '';
  let intDigits: f64 = 0;
  let frac = false;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c == 0x2e) frac = true;
    else if (c >= 0x30 && c <= 0x39) {
      digits += String.fromCharCode(c);
      if (!frac) intDigits++;
    } else break;
  }
  let exp: f64 = 0;
  if (i < t.length) {
    i++;
    let eneg = false;
    if (i < t.length && (t.charCodeAt(i) == 0x2d || t.charCodeAt(i) == 0x2b)) {
      eneg = t.charCodeAt(i) == 0x2d;
      i++;
    }
    for (; i < t.length; i++) exp = exp * 10 + <f64>(t.charCodeAt(i) - 0x30);
    if (eneg) exp = -exp;
  }
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) == 0x30) lead++;
  let end = digits.length;
  while (end > lead && digits.charCodeAt(end - 1) == 0x30) end--;
  p.digits = digits.substring(lead, end);
  p.point = intDigits - <f64>lead + exp;
  return p;
}

/** OPA's isF test: a fraction that keeps a '.' after trailing zeros and points are trimmed. */
function trimmedFloat(t: string): bool {
  if (t.indexOf('.') < 0) return false;
  let end = t.length;
  while (end > 0 && (t.charCodeAt(end - 1) == 0x30 || t.charCodeAt(end - 1) == 0x2e)) end--;
  return end != t.length && t.substring(0, end).indexOf('.') >= 0;
}

function asNumText(t: string): f64 {
  return parseF64(t); // not parseFloat: AssemblyScript's misreads some long texts (strtod.ts)
}

function compareNumberText(a: string, b: string): i32 {
  if (a == b) return 0;
  // OPA: two such fractions with the same (finite) float64 are equal
  if (trimmedFloat(a) && trimmedFloat(b) && isFinite(asNumText(a))) return 0;
  const x = numParts(a);
  const y = numParts(b);
  const xz = x.digits.length == 0;
  const yz = y.digits.length == 0;
  if (xz && yz) return 0;
  if (xz) return y.neg ? 1 : -1;
  if (yz) return x.neg ? -1 : 1;
  if (x.neg != y.neg) return x.neg ? -1 : 1;
  let c: i32 = 0;
  if (x.point != y.point) c = x.point < y.point ? -1 : 1;
  else c = compareStrings(x.digits, y.digits);
  return x.neg ? -c : c;
}
