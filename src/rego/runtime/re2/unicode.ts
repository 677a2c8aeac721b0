// AssemblyScript RE2 port: Unicode data access. The tables (unicode-tables.ts, generated from Go's
// package unicode) are static bytes; this file turns a \p name into code point ranges and answers
// simple case folding questions. The folding index is decoded once into static memory (not the
// heap), so it survives the runtime's heap reset between evaluations.
import {
  PROP_COUNT, PROP_NAMES, PROP_TABLE, TABLE_OFFSETS, TABLE_DATA, TABLE_CN, TABLE_LC, TABLE_L, TABLE_ND,
  FOLD_CODEPOINTS, FOLD_DATA,
} from './unicode-tables';
import { cleanRanges, negateRanges, inRanges, MAX_RUNE } from './ranges';

/** Reads LEB128 varints from static data; pos advances. */
class Reader {
  pos: usize;
  constructor(pos: usize) {
    this.pos = pos;
  }
  next(): i32 {
    let v: i32 = 0;
    let shift: i32 = 0;
    let b: i32;
    do {
      b = <i32>load<u8>(this.pos++);
      v |= (b & 0x7f) << shift;
      shift += 7;
    } while (b >= 0x80);
    return v;
  }
}

/** The ranges of generated table id appended to out (unions expanded; out is not cleaned). */
function appendTable(id: i32, out: Array<i32>): void {
  const r = new Reader(TABLE_DATA + <usize>unchecked(TABLE_OFFSETS[id]));
  const kind = r.next();
  const n = r.next();
  if (kind == 1) {
    // a union of other tables (their ids come first, so this never loops)
    const parts = new Array<i32>(n);
    for (let i = 0; i < n; i++) parts[i] = r.next();
    for (let i = 0; i < n; i++) appendTable(parts[i], out);
    return;
  }
  let next = 0;
  for (let i = 0; i < n; i++) {
    const lo = next + r.next();
    const hi = lo + r.next();
    out.push(lo);
    out.push(hi);
    next = hi + 1;
  }
}

/** Clean ranges of a generated table. */
export function tableRanges(id: i32): Array<i32> {
  const out = new Array<i32>();
  appendTable(id, out);
  return cleanRanges(out);
}

/** Go's canonicalName: leading letter upper case, the rest lower case, `_ - space` dropped. */
export function canonicalName(name: string): string {
  const units = new Array<i32>();
  let first = true;
  for (let i = 0; i < name.length; i++) {
    let c = <i32>name.charCodeAt(i);
    if (c == 95 || c == 45 || c == 32) continue;
    if (first) {
      if (c >= 97 && c <= 122) c -= 32;
      first = false;
    } else if (c >= 65 && c <= 90) c += 32;
    units.push(c);
  }
  return String.fromCharCodes(units);
}

/** What a \p name resolves to: a table id (or one of the special ids below), or NO_TABLE. */
export const NO_TABLE: i32 = -1;
export const TABLE_ANY: i32 = -2;
export const TABLE_ASCII: i32 = -3;
export const TABLE_ASSIGNED: i32 = -4;

/** Go's unicodeTable lookup order: Any, Assigned, Ascii, Lc, then the generated names. */
export function resolveUnicodeName(name: string): i32 {
  const c = canonicalName(name);
  if (c == 'Any') return TABLE_ANY;
  if (c == 'Assigned') return TABLE_ASSIGNED;
  if (c == 'Ascii') return TABLE_ASCII;
  if (c == 'Lc') return TABLE_LC;
  // the names are 0-ended ASCII bytes: compare in place, name by name
  let at = PROP_NAMES;
  for (let i = 0; i < PROP_COUNT; i++) {
    let k = 0;
    while (k < c.length && <i32>load<u8>(at + <usize>k) == <i32>c.charCodeAt(k)) k++;
    if (k == c.length && load<u8>(at + <usize>k) == 0) return <i32>unchecked(PROP_TABLE[i]);
    while (load<u8>(at) != 0) at++;
    at++;
  }
  return NO_TABLE;
}

/** Ranges (clean, not folded, not negated) for a resolved name. */
export function resolvedRanges(id: i32): Array<i32> {
  if (id == TABLE_ANY) return [0, MAX_RUNE];
  if (id == TABLE_ASCII) return [0, 0x7f];
  if (id == TABLE_ASSIGNED) return negateRanges(tableRanges(TABLE_CN));
  return tableRanges(id);
}

// ---- simple case folding ----

/** Static index: FOLD_CODEPOINTS sorted keys, and for each the next larger member of its orbit (cyclic). */
const FOLD_KEYS: usize = memory.data(FOLD_CODEPOINTS * 4);
const FOLD_NEXT: usize = memory.data(FOLD_CODEPOINTS * 4);
let foldReady = false;

@inline function foldKey(i: i32): i32 {
  return load<i32>(FOLD_KEYS + (<usize>i << 2));
}

/** Orbits are at most this big (Go's largest, e.g. K k U+212A, has 3; Θ θ ϑ ϴ has 4). */
const MAX_ORBIT = 8;

/** Decodes the orbits into the static index: each member keyed with the next larger member (cyclic). */
function buildFold(): void {
  const r = new Reader(FOLD_DATA);
  const members = new StaticArray<i32>(MAX_ORBIT);
  let n = 0;
  let first = 0;
  while (n < FOLD_CODEPOINTS) {
    const size = r.next();
    first += r.next();
    let c = first;
    for (let k = 0; k < size; k++) {
      if (k > 0) c += r.next();
      members[k] = c;
    }
    for (let k = 0; k < size; k++) insertFold(n++, members[k], members[(k + 1) % size]);
  }
  foldReady = true;
}

/** Inserts key c keeping the keys sorted (n keys present): orbits interleave only a little, so insertion is cheap. */
function insertFold(n: i32, c: i32, next: i32): void {
  let j = n;
  while (j > 0 && foldKey(j - 1) > c) {
    store<i32>(FOLD_KEYS + (<usize>j << 2), foldKey(j - 1));
    store<i32>(FOLD_NEXT + (<usize>j << 2), load<i32>(FOLD_NEXT + (<usize>(j - 1) << 2)));
    j--;
  }
  store<i32>(FOLD_KEYS + (<usize>j << 2), c);
  store<i32>(FOLD_NEXT + (<usize>j << 2), next);
}

/** The index of c among the fold keys, or -1. */
function foldIndex(c: i32): i32 {
  let lo = 0;
  let hi = FOLD_CODEPOINTS;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    const k = foldKey(m);
    if (c < k) hi = m;
    else if (c > k) lo = m + 1;
    else return m;
  }
  return -1;
}

/** Go's unicode.SimpleFold: the next larger code point of c's orbit (wrapping), c when none. */
export function simpleFold(c: i32): i32 {
  if (!foldReady) buildFold();
  const i = foldIndex(c);
  return i < 0 ? c : load<i32>(FOLD_NEXT + (<usize>i << 2));
}

/** The orbit of c (every code point folding to the same), ascending, c included. */
export function orbit(c: i32): Array<i32> {
  const out = new Array<i32>();
  out.push(c);
  for (let d = simpleFold(c); d != c; d = simpleFold(d)) out.push(d);
  if (out.length > 1) out.sort();
  return out;
}

/**
 * Clean ranges closed under simple folding: the orbit of every foldable code point in r is added
 * (what Go's appendFoldedRange computes). Walks only the fold keys inside each range.
 */
export function foldRanges(r: Array<i32>): Array<i32> {
  if (!foldReady) buildFold();
  const clean = cleanRanges(r);
  const extra = new Array<i32>();
  for (let i = 0; i < clean.length; i += 2) {
    const hi = clean[i + 1];
    for (let k = lowerBound(clean[i]); k < FOLD_CODEPOINTS && foldKey(k) <= hi; k++) {
      const c = foldKey(k);
      for (let d = load<i32>(FOLD_NEXT + (<usize>k << 2)); d != c; d = simpleFold(d)) {
        if (!inRanges(clean, d)) {
          extra.push(d);
          extra.push(d);
        }
      }
    }
  }
  if (extra.length == 0) return clean;
  return cleanRanges(clean.concat(extra));
}

/** The first fold key index whose key is >= c. */
function lowerBound(c: i32): i32 {
  let lo = 0;
  let hi = FOLD_CODEPOINTS;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (foldKey(m) < c) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** Go's unicode.IsLetter || unicode.IsDigit || '_': a character of a $name in a template. */
export function isNameChar(c: i32): bool {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95;
  return inTable(TABLE_L, c) || inTable(TABLE_ND, c);
}

/** Whether c is in a generated table, without allocating (a linear walk of its varints). */
export function inTable(id: i32, c: i32): bool {
  const r = new Reader(TABLE_DATA + <usize>unchecked(TABLE_OFFSETS[id]));
  const kind = r.next();
  const n = r.next();
  if (kind == 1) {
    for (let i = 0; i < n; i++) if (inTable(r.next(), c)) return true;
    return false;
  }
  let next = 0;
  for (let i = 0; i < n; i++) {
    const lo = next + r.next();
    if (c < lo) return false;
    const hi = lo + r.next();
    if (c <= hi) return true;
    next = hi + 1;
  }
  return false;
}
