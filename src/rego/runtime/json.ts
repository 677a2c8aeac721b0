// AssemblyScript: JSON parsing straight from UTF-8 bytes in linear memory, and JSON dumping.
import { Value, VNum, VStr, VArr, VObj, VSet, NULL, TRUE, FALSE, T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, asBool, asNum, asStr, asArr, asObj, asSet, mkNum, isSmallInt, compare, typeName } from './value';
import { parseF64 } from './strtod';
import { builtinTypeError } from './errors';

let P: usize = 0;
let END: usize = 0;
let FAILED: bool = false;
// The entries of the objects and arrays being read, innermost last: each list is allocated at its
// final size when its value ends (the runtime never frees, so a list grown by doubling leaves every
// smaller copy behind).
let STACK: Array<Value> = new Array<Value>();

/** Parses JSON at [ptr, ptr+len); returns null on malformed input. */
export function parseJSON(ptr: usize, len: usize): Value | null {
  P = ptr;
  END = ptr + len;
  FAILED = false;
  // one table and one stack per document: they live in the same heap as the values they point to
  INTERN = new Map<u32, VStr>();
  STACK = new Array<Value>();
  SHARE = new Array<bool>();
  CONS = new Map<u32, Value>();
  const v = parseValue();
  skipWs();
  if (FAILED || P != END) return null;
  return v;
}

@inline function peek(): u32 {
  return P < END ? <u32>load<u8>(P) : 0;
}

function skipWs(): void {
  while (P < END) {
    const c = load<u8>(P);
    if (c == 32 || c == 10 || c == 13 || c == 9) P++;
    else break;
  }
}

function fail(): Value {
  FAILED = true;
  P = END;
  return NULL;
}

function expectWord(w: string): bool {
  for (let i = 0; i < w.length; i++) {
    if (P >= END || <i32>load<u8>(P) != w.charCodeAt(i)) return false;
    P++;
  }
  return true;
}

function parseValue(): Value {
  skipWs();
  if (P >= END) return fail();
  const c = peek();
  SHARED = true;
  if (c == 0x7b) {
    P++;
    return parseObject();
  }
  if (c == 0x5b) {
    P++;
    return parseArray();
  }
  if (c == 0x22) return parseString();
  if (c == 0x74) return expectWord('true') ? TRUE : fail();
  if (c == 0x66) return expectWord('false') ? FALSE : fail();
  if (c == 0x6e) return expectWord('null') ? NULL : fail();
  if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return parseNumber();
  return fail();
}

// Entries wait on the scratch stack (above any enclosing value's) until the value's size is
// known, each with whether it is shared (see CONS).
function push(v: Value, shared: bool): void {
  STACK.push(v);
  SHARE.push(shared);
}

function drop(base: i32): void {
  STACK.length = base;
  SHARE.length = base;
}

// Inlined into parseValue, which recurses through them: one frame per nesting level, holding only
// the loops' locals (building the value is left to finishObject/finishArray), so the depth read
// before the Wasm stack runs out stays where it was.
@inline function parseObject(): Value {
  skipWs();
  const base = STACK.length;
  if (peek() == 0x7d) P++;
  else {
    while (true) {
      skipWs();
      if (peek() != 0x22) return fail();
      const k = parseString();
      const kShared = SHARED;
      skipWs();
      if (peek() != 0x3a) return fail();
      P++;
      const v = parseValue();
      if (FAILED) return NULL;
      push(k, kShared);
      push(v, SHARED);
      skipWs();
      const d = peek();
      P++;
      if (d == 0x2c) continue;
      if (d == 0x7d) break;
      return fail();
    }
  }
  return finishObject(base);
}

/** The object whose entries are on the stack from `base`: a shared one, or a new one. */
function finishObject(base: i32): Value {
  const n = (STACK.length - base) >> 1;
  const known = sharedObject(base, n);
  if (known !== null) {
    drop(base);
    SHARED = true;
    return known;
  }
  const o = new VObj(n);
  for (let i = base; i < STACK.length; i += 2) o.put(unchecked(STACK[i]), unchecked(STACK[i + 1]));
  drop(base);
  o.sort();
  remember(o);
  return o;
}

@inline function parseArray(): Value {
  skipWs();
  const base = STACK.length;
  if (peek() == 0x5d) P++;
  else {
    while (true) {
      const v = parseValue();
      if (FAILED) return NULL;
      push(v, SHARED);
      skipWs();
      const d = peek();
      P++;
      if (d == 0x2c) continue;
      if (d == 0x5d) break;
      return fail();
    }
  }
  return finishArray(base);
}

/** The array whose items are on the stack from `base`: a shared one, or a new one. */
function finishArray(base: i32): Value {
  const n = STACK.length - base;
  const known = sharedArray(base, n);
  if (known !== null) {
    drop(base);
    SHARED = true;
    return known;
  }
  const items = new Array<Value>(n);
  for (let i = 0; i < n; i++) unchecked((items[i] = unchecked(STACK[base + i])));
  drop(base);
  const a = new VArr(items);
  remember(a);
  return a;
}

// Identical small objects and arrays of one document are one value: aliased YAML (99 copies of
// one anchor), the same securityContext, probe or resources block in every Deployment, the
// program's own instruction lists. A value qualifies when it has at most CONS_MAX entries and
// each is itself shared (an interned string, true/false/null, a small integer, a shared value),
// so two candidates are equal exactly when their entries are the same pointers. Values are never
// changed once parsed, so sharing is invisible to evaluation. One table per document.
const CONS_MAX: i32 = 8;
let CONS: Map<u32, Value> = new Map<u32, Value>();
// Whether the value just read is shared; and, after sharedObject/sharedArray found no match,
// the hash the new value is remembered under (CONS_NONE: it does not qualify).
let SHARED: bool = false;
let SHARE: Array<bool> = new Array<bool>();
let CONS_HASH: u32 = 0;
let CONS_OK: bool = false;

@inline function mixWord(h: u32, x: u32): u32 {
  return (h ^ x) * 0x01000193;
}

function remember(v: Value): void {
  SHARED = CONS_OK;
  if (CONS_OK && !CONS.has(CONS_HASH)) CONS.set(CONS_HASH, v);
}

function allShared(base: i32, count: i32): bool {
  for (let i = base; i < base + count; i++) if (!unchecked(SHARE[i])) return false;
  return true;
}

/** The document's value equal to the object on the stack, if any (its entries sorted by key on the way). */
function sharedObject(base: i32, n: i32): Value | null {
  CONS_OK = false;
  if (n > CONS_MAX || !allShared(base, n << 1)) return null;
  // stable insertion sort by key; equal keys (a duplicate, which the last wins) never share
  for (let i = 1; i < n; i++) {
    const k = unchecked(STACK[base + 2 * i]);
    const v = unchecked(STACK[base + 2 * i + 1]);
    let j = i - 1;
    while (j >= 0) {
      const c = compare(unchecked(STACK[base + 2 * j]), k);
      if (c == 0) return null;
      if (c < 0) break;
      unchecked((STACK[base + 2 * (j + 1)] = unchecked(STACK[base + 2 * j])));
      unchecked((STACK[base + 2 * (j + 1) + 1] = unchecked(STACK[base + 2 * j + 1])));
      j--;
    }
    unchecked((STACK[base + 2 * (j + 1)] = k));
    unchecked((STACK[base + 2 * (j + 1) + 1] = v));
  }
  return consLookup(T_OBJ, base, 2 * n);
}

/** The document's value equal to the array on the stack, if any. */
function sharedArray(base: i32, n: i32): Value | null {
  CONS_OK = false;
  if (n > CONS_MAX || !allShared(base, n)) return null;
  return consLookup(T_ARR, base, n);
}

/** Entry j of a shared value, as the stack holds them: an object's key, value, key, ...; an array's items. */
function entryAt(v: Value, j: i32): Value {
  if (v.t == T_ARR) return unchecked(asArr(v).items[j]);
  const e = unchecked(asObj(v).ents[j >> 1]);
  return (j & 1) == 0 ? e.k : e.v;
}

/**
 * The shared value of type t whose entries are the same pointers as stack[base .. base + count),
 * if the document has one; records the hash the new value is remembered under otherwise.
 */
function consLookup(t: i32, base: i32, count: i32): Value | null {
  let h = mixWord(0x811c9dc5, <u32>t);
  for (let i = base; i < base + count; i++) h = mixWord(h, <u32>changetype<usize>(unchecked(STACK[i])));
  CONS_HASH = h;
  CONS_OK = true;
  if (!CONS.has(h)) return null;
  const hit = CONS.get(h);
  if (hit.t != t || (t == T_ARR ? asArr(hit).items.length : asObj(hit).ents.length * 2) != count) return null;
  for (let j = 0; j < count; j++) if (entryAt(hit, j) !== unchecked(STACK[base + j])) return null;
  return hit;
}

function parseNumber(): Value {
  const start = P;
  if (peek() == 0x2d) P++;
  if (!numberBody()) return fail();
  const text = String.UTF8.decodeUnsafe(start, P - start);
  if (CHECK_NUMBER_RANGE && exponentOverflows(text)) return fail();
  const v = numberFromText(text);
  SHARED = isSmallInt(v);
  return v;
}

/**
 * JSON's number grammar after the sign: `0` or a digit run not starting with 0, an optional
 * fraction of at least one digit, an optional exponent of at least one digit. What follows is the
 * caller's to check (`01` stops after the 0, and the 1 then fails the document). `1.2.3`, `1e`,
 * `1.e5` are no JSON numbers: json.is_valid is false for them and json.unmarshal undefined, as in opa.
 */
function numberBody(): bool {
  const c = peek();
  if (c == 0x30) P++;
  else if (c >= 0x31 && c <= 0x39) digitRun();
  else return false;
  if (peek() == 0x2e) {
    P++;
    if (digitRun() == 0) return false;
  }
  const e = peek();
  if (e == 0x65 || e == 0x45) {
    P++;
    const sign = peek();
    if (sign == 0x2b || sign == 0x2d) P++;
    if (digitRun() == 0) return false;
  }
  return true;
}

function digitRun(): i32 {
  const from = P;
  while (P < END) {
    const c = load<u8>(P);
    if (c < 0x30 || c > 0x39) break;
    P++;
  }
  return <i32>(P - from);
}

/**
 * Off while the program segment is read: the compiler has refused every literal outside opa's range
 * exactly (src/rego/parse/number-size.ts), and the approximation below must not refuse one just inside.
 */
export let CHECK_NUMBER_RANGE = true;
export function setCheckNumberRange(on: bool): void {
  CHECK_NUMBER_RANGE = on;
}

/**
 * OPA refuses a number whose exponent does not fit in 32 bits (1e2147483648), or whose binary
 * exponent is beyond ±100000 (1e40000: ast.NumberChecked's limit, about 10^±30103): not a number.
 */
function exponentOverflows(text: string): bool {
  let e = text.indexOf('e');
  if (e < 0) e = text.indexOf('E');
  if (e < 0) return false;
  let i = e + 1;
  if (i < text.length && (text.charCodeAt(i) == 0x2b || text.charCodeAt(i) == 0x2d)) i++;
  while (i < text.length && text.charCodeAt(i) == 0x30) i++;
  const digits = text.length - i;
  if (digits > 10 || (digits == 10 && text.substring(i) > '2147483647')) return true;
  // OPA's shortcut: e plus the mantissa's length within 25000 is always in range
  const exp = I64.parseInt(text.substring(e + 1));
  if (<i64>e + (exp < 0 ? -exp : exp) <= 25000) return false;
  return binaryExponentOutOfRange(text.substring(0, e), exp);
}

/** Whether mantissa × 10^exp has a binary exponent (big.Float's MantExp) beyond ±100000. */
function binaryExponentOutOfRange(mantissa: string, exp: i64): bool {
  // the mantissa as d.ddd × 10^shift, from its first nonzero digit
  let shift: i64 = 0;
  let seenDot = false;
  let lead: f64 = 0;
  let taken = 0;
  let started = false;
  for (let j = 0; j < mantissa.length; j++) {
    const c = mantissa.charCodeAt(j);
    if (c == 0x2e) {
      seenDot = true;
      continue;
    }
    if (c < 0x30 || c > 0x39) continue;
    if (!started && c == 0x30) {
      if (seenDot) shift--;
      continue;
    }
    if (started && !seenDot) shift++;
    if (!started && seenDot) shift--;
    started = true;
    if (taken < 17) {
      lead += <f64>(c - 0x30) * Math.pow(10, -<f64>taken);
      taken++;
    }
  }
  if (!started) return false; // zero
  const log10 = Math.log10(lead) + <f64>(shift + exp);
  const binExp = Math.floor(log10 * 3.321928094887362) + 1;
  return binExp > 100000 || binExp < -100000;
}

export function numberFromText(text: string): Value {
  // integers that f64 holds exactly print the same either way; keep the text only when it could differ
  let simple = text.length < 16;
  for (let i = 0; i < text.length && simple; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || c == 0x2d)) simple = false;
  }
  if (text.length > 1 && text.charCodeAt(0) == 0x30) simple = false;
  if (text.length > 1 && text.charCodeAt(0) == 0x2d && text.charCodeAt(1) == 0x30) simple = false; // -0 and -0.5 keep their text
  return simple ? mkNum(parseFloat(text)) : new VNum(parseF64(text), text);
}

function hexVal(c: u32): i32 {
  if (c >= 0x30 && c <= 0x39) return <i32>(c - 0x30);
  if (c >= 0x61 && c <= 0x66) return <i32>(c - 0x61 + 10);
  if (c >= 0x41 && c <= 0x46) return <i32>(c - 0x41 + 10);
  return -1;
}

// Short ASCII strings repeat throughout a document (every object's keys, enum-like values such as
// "Always" or "TCP"): each distinct one is stored once and shared, which saves most of an input's
// parsed size and makes key comparisons pointer comparisons. Keyed by hash; on a collision the
// newcomer is simply not interned.
const INTERN_MAX: usize = 48;
let INTERN: Map<u32, VStr> = new Map<u32, VStr>();

function interned(start: usize, len: usize, h: u32): VStr {
  SHARED = true;
  if (INTERN.has(h)) {
    const hit = INTERN.get(h);
    const s = hit.s;
    if (<usize>s.length == len) {
      let same = true;
      for (let i: usize = 0; i < len && same; i++) same = <u32>s.charCodeAt(<i32>i) == <u32>load<u8>(start + i);
      if (same) return hit;
    }
    SHARED = false;
    return new VStr(String.UTF8.decodeUnsafe(start, len));
  }
  const v = new VStr(String.UTF8.decodeUnsafe(start, len));
  INTERN.set(h, v);
  return v;
}

function parseString(): Value {
  P++; // opening quote
  const start = P;
  // fast path: no escapes
  let ascii = true;
  let h: u32 = 0x811c9dc5;
  while (P < END) {
    const c = load<u8>(P);
    if (c == 0x22) {
      const len = P - start;
      P++;
      if (ascii && len <= INTERN_MAX) return interned(start, len, h);
      SHARED = false;
      return new VStr(String.UTF8.decodeUnsafe(start, len));
    }
    if (c >= 0x80) ascii = false;
    h = (h ^ <u32>c) * 0x01000193;
    if (c == 0x5c) break;
    if (c < 0x20) return fail();
    P++;
  }
  let out = String.UTF8.decodeUnsafe(start, P - start);
  let seg = P;
  while (P < END) {
    const c = load<u8>(P);
    if (c == 0x22) {
      out += String.UTF8.decodeUnsafe(seg, P - seg);
      P++;
      SHARED = false;
      return new VStr(out);
    }
    if (c == 0x5c) {
      out += String.UTF8.decodeUnsafe(seg, P - seg);
      P++;
      const e = peek();
      P++;
      if (e == 0x6e) out += '\n';
      else if (e == 0x74) out += '\t';
      else if (e == 0x72) out += '\r';
      else if (e == 0x62) out += '\b';
      else if (e == 0x66) out += '\f';
      else if (e == 0x2f) out += '/';
      else if (e == 0x5c) out += '\\';
      else if (e == 0x22) out += '"';
      else if (e == 0x75) {
        const code = hex4();
        if (code < 0) return fail();
        out += escapedUnit(code);
      } else return fail();
      seg = P;
      continue;
    }
    if (c < 0x20) return fail();
    P++;
  }
  return fail();
}

/** The four hex digits at P as a number (P moved past them), or -1. */
function hex4(): i32 {
  let code = 0;
  for (let i = 0; i < 4; i++) {
    const h = hexVal(peek());
    if (h < 0) return -1;
    code = code * 16 + h;
    P++;
  }
  return code;
}

/**
 * The text of a `\uXXXX` escape whose value is `code`, as Go's encoding/json reads it: a high
 * surrogate followed by a `\u` low surrogate is one character (both escapes consumed); any other
 * surrogate is U+FFFD.
 */
function escapedUnit(code: i32): string {
  if (code < 0xd800 || code >= 0xe000) return String.fromCharCode(code);
  if (code < 0xdc00 && P + 1 < END && load<u8>(P) == 0x5c && load<u8>(P + 1) == 0x75) {
    const at = P;
    P += 2;
    const low = hex4();
    if (low >= 0xdc00 && low < 0xe000) return String.fromCharCode(code, low);
    P = at;
  }
  return '\ufffd';
}

// ---- dumping ----

export function formatNumber(v: VNum): string {
  const r = v.repr;
  if (r !== null) return r;
  const n = v.n;
  if (isFinite(n) && n == Math.floor(n) && Math.abs(n) < 1e21) {
    if (Math.abs(n) < 9.2e18) return (<i64>n).toString();
    return bigIntegerText(n);
  }
  let s = n.toString();
  return s;
}

/** Exact decimal digits of an integral f64 beyond i64 range, as Go's big.Float text would print. */
function bigIntegerText(n: f64): string {
  const neg = n < 0;
  let x = Math.abs(n);
  const digits = new Array<i32>();
  // repeated division by 1e9 on the exact binary value is inexact in f64; use base-2 expansion instead
  const bits = reinterpret<u64>(x);
  const exp = <i32>((bits >> 52) & 0x7ff) - 1075;
  const mant: u64 = (bits & 0xfffffffffffff) | 0x10000000000000;
  // value = mant * 2^exp with exp > 0 here; multiply a little-endian base-1e9 bignum
  const limbs = new Array<u64>();
  limbs.push(mant % 1000000000);
  limbs.push((mant / 1000000000) % 1000000000);
  limbs.push(mant / 1000000000000000000);
  for (let e = 0; e < exp; e++) {
    let carry: u64 = 0;
    for (let i = 0; i < limbs.length; i++) {
      const t = limbs[i] * 2 + carry;
      limbs[i] = t % 1000000000;
      carry = t / 1000000000;
    }
    if (carry > 0) limbs.push(carry);
  }
  let s = '';
  let top = limbs.length - 1;
  while (top > 0 && limbs[top] == 0) top--;
  s = limbs[top].toString();
  for (let i = top - 1; i >= 0; i--) {
    const part = limbs[i].toString();
    s += '000000000'.substring(0, 9 - part.length) + part;
  }
  digits.length = 0;
  return neg ? '-' + s : s;
}

const HEX = '0123456789abcdef';

export function quoteString(s: string): string {
  let out = '"';
  let seg = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let rep: string | null = null;
    if (c == 0x22) rep = '\\"';
    else if (c == 0x5c) rep = '\\\\';
    else if (c == 0x0a) rep = '\\n';
    else if (c == 0x0d) rep = '\\r';
    else if (c == 0x09) rep = '\\t';
    else if (c < 0x20 || c == 0x3c || c == 0x3e || c == 0x26 || c == 0x2028 || c == 0x2029) {
      // Go's encoding/json escapes HTML-significant characters and control characters as \u00XX
      rep = '\\u' + HEX.charAt((c >> 12) & 15) + HEX.charAt((c >> 8) & 15) + HEX.charAt((c >> 4) & 15) + HEX.charAt(c & 15);
    }
    if (rep !== null) {
      out += s.substring(seg, i) + rep;
      seg = i + 1;
    }
  }
  out += s.substring(seg, n);
  return out + '"';
}

/** A growable UTF-8 byte buffer; output goes straight to the NUL-terminated form the host reads. */
export class Writer {
  buf: usize;
  len: i32 = 0;
  cap: i32 = 256;
  constructor() {
    this.buf = heap.alloc(256);
  }
  private grow(need: i32): void {
    let cap = this.cap;
    while (cap < this.len + need) cap *= 2;
    const nb = heap.alloc(<usize>cap);
    memory.copy(nb, this.buf, <usize>this.len);
    this.buf = nb;
    this.cap = cap;
  }
  put(s: string): void {
    const n = s.length;
    if (this.len + n * 3 + 1 > this.cap) this.grow(n * 3 + 1);
    let p = this.buf + <usize>this.len;
    for (let i = 0; i < n; i++) {
      let c = <u32>s.charCodeAt(i);
      if (c < 0x80) {
        store<u8>(p++, <u8>c);
      } else if (c < 0x800) {
        store<u8>(p++, <u8>(0xc0 | (c >> 6)));
        store<u8>(p++, <u8>(0x80 | (c & 63)));
      } else {
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
          const d = <u32>s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d < 0xe000) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            i++;
            store<u8>(p++, <u8>(0xf0 | (c >> 18)));
            store<u8>(p++, <u8>(0x80 | ((c >> 12) & 63)));
            store<u8>(p++, <u8>(0x80 | ((c >> 6) & 63)));
            store<u8>(p++, <u8>(0x80 | (c & 63)));
            continue;
          }
        }
        store<u8>(p++, <u8>(0xe0 | (c >> 12)));
        store<u8>(p++, <u8>(0x80 | ((c >> 6) & 63)));
        store<u8>(p++, <u8>(0x80 | (c & 63)));
      }
    }
    this.len = <i32>(p - this.buf);
  }
  /** NUL-terminates and returns the address of the bytes. */
  cstr(): usize {
    if (this.len + 1 > this.cap) this.grow(1);
    store<u8>(this.buf + <usize>this.len, 0);
    return this.buf;
  }
  toString(): string {
    return String.UTF8.decodeUnsafe(this.buf, <usize>this.len);
  }
}

export function dumpJSON(v: Value, parts: Writer): void {
  switch (v.t) {
    case T_NULL:
      parts.put('null');
      return;
    case T_BOOL:
      parts.put(asBool(v) ? 'true' : 'false');
      return;
    case T_NUM:
      parts.put(formatNumber(asNum(v)));
      return;
    case T_STR:
      parts.put(quoteString(asStr(v).s));
      return;
    case T_ARR: {
      const a = asArr(v).items;
      parts.put('[');
      for (let i = 0; i < a.length; i++) {
        if (i > 0) parts.put(',');
        dumpJSON(unchecked(a[i]), parts);
      }
      parts.put(']');
      return;
    }
    case T_OBJ: {
      const o = asObj(v);
      o.sort();
      parts.put('{');
      for (let i = 0; i < o.ents.length; i++) {
        if (i > 0) parts.put(',');
        const k = unchecked(o.ents[i]).k;
        // JSON keys must be strings: non-string keys are serialised to their JSON text, as OPA does
        if (k.t == T_STR) parts.put(quoteString(asStr(k).s));
        else parts.put(quoteString(toJSON(k)));
        parts.put(':');
        dumpJSON(unchecked(o.ents[i]).v, parts);
      }
      parts.put('}');
      return;
    }
    default: {
      const st = asSet(v);
      st.sort();
      parts.put('[');
      for (let i = 0; i < st.items.length; i++) {
        if (i > 0) parts.put(',');
        dumpJSON(unchecked(st.items[i]), parts);
      }
      parts.put(']');
    }
  }
}

export function toJSON(v: Value): string {
  const w = new Writer();
  dumpJSON(v, w);
  return w.toString();
}

/** Rego syntax: like JSON but sets print as {a, b} and the empty set as set(). */
export function dumpRego(v: Value, parts: Writer): void {
  if (v.t == 6) {
    const st = asSet(v);
    st.sort();
    if (st.items.length == 0) {
      parts.put('set()');
      return;
    }
    parts.put('{');
    for (let i = 0; i < st.items.length; i++) {
      if (i > 0) parts.put(', ');
      dumpRego(unchecked(st.items[i]), parts);
    }
    parts.put('}');
    return;
  }
  if (v.t == T_ARR) {
    const a = asArr(v).items;
    parts.put('[');
    for (let i = 0; i < a.length; i++) {
      if (i > 0) parts.put(', ');
      dumpRego(unchecked(a[i]), parts);
    }
    parts.put(']');
    return;
  }
  if (v.t == T_OBJ) {
    const o = asObj(v);
    o.sort();
    parts.put('{');
    for (let i = 0; i < o.ents.length; i++) {
      if (i > 0) parts.put(', ');
      dumpRego(unchecked(o.ents[i]).k, parts);
      parts.put(': ');
      dumpRego(unchecked(o.ents[i]).v, parts);
    }
    parts.put('}');
    return;
  }
  dumpJSON(v, parts);
}

export function toRego(v: Value): string {
  const w = new Writer();
  dumpRego(v, w);
  return w.toString();
}

/** ATOI, set by atoi64. */
export let ATOI: i64 = 0;

/**
 * opa's util.Atoi64, which its IntOperand reads a number's text with: an optional sign, then at
 * most 19 characters of digits with at most one '.' followed only by zeros (`2.0` is 2; `1e2` and
 * `12345678901234567890` are no integer: opa's "floating-point number"). Go's wrapping arithmetic
 * is kept (i64 wraps alike), so the overflow checks are Go's. The value goes to ATOI.
 */
export function atoi64(v: Value): bool {
  const t = formatNumber(asNum(v));
  let i = 0;
  const neg = t.charCodeAt(0) == 0x2d;
  if (neg || t.charCodeAt(0) == 0x2b) i = 1;
  const len = t.length - i;
  if (len == 0 || len > 19) return false;
  let x: i64 = 0;
  let past = false;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c == 0x2e && !past) past = true;
    else if (c < 0x30 || c > 0x39 || (past && c != 0x30)) return false;
    else if (!past) x = x * 10 + <i64>(c - 0x30);
  }
  if (!neg && x < 0) return false;
  if (neg) {
    x = -x;
    if (x > 0) return false;
  }
  ATOI = x;
  return true;
}

/** opa's IntOperand for operand `pos`: true with the integer in ATOI, or false after its type error. */
export function intOperand(name: string, pos: i32, v: Value): bool {
  if (v.t != T_NUM) {
    builtinTypeError(name, 'operand ' + pos.toString() + ' must be number but got ' + typeName(v));
    return false;
  }
  if (atoi64(v)) return true;
  builtinTypeError(name, 'operand ' + pos.toString() + ' must be integer number but got floating-point number');
  return false;
}
