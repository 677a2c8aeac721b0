// AssemblyScript: net.cidr_contains and net.cidr_intersects inside the module (OPA's Wasm has them
// there too), with Go's net semantics as the host version (src/rego/builtins/net.ts) has them:
// 128-bit addresses (two u64 halves), IPv4 as IPv4-mapped IPv6, an IPv4 address never inside an
// IPv6 network or the reverse. Messages as the host version words them.
import { Value, VArr, VSet, T_STR, T_ARR, T_SET, T_OBJ, asStr, asArr, asSet, asObj, asBool, mkBool, mkNum, typeName } from './value';
import { builtinError, builtinFailure, LAST_BUILTIN_ERROR } from './errors';

class Addr {
  hi: u64 = 0;
  lo: u64 = 0;
}

class Net {
  base: Addr = new Addr();
  prefix: i32 = 0;
}

const ONES: u64 = 0xffffffffffffffff;

function isV4(a: Addr): bool {
  return a.hi == 0 && a.lo >> 32 == 0xffff;
}

function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}

/** "a.b.c.d" without leading zeros as a 32-bit value, or -1. */
function parseV4(s: string): i64 {
  const parts = s.split('.');
  if (parts.length != 4) return -1;
  let n: i64 = 0;
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (p.length == 0 || p.length > 3 || (p.length > 1 && p.charCodeAt(0) == 48)) return -1;
    let v = 0;
    for (let k = 0; k < p.length; k++) {
      const c = p.charCodeAt(k);
      if (!isDigit(c)) return -1;
      v = v * 10 + (c - 48);
    }
    if (v > 255) return -1;
    n = (n << 8) | v;
  }
  return n;
}

function hexGroup(g: string): i32 {
  if (g.length == 0 || g.length > 4) return -1;
  let v = 0;
  for (let k = 0; k < g.length; k++) {
    const c = g.charCodeAt(k);
    const d = isDigit(c) ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}

function groupsOf(h: string, out: Array<i32>): bool {
  if (h.length == 0) return true;
  const gs = h.split(':');
  for (let i = 0; i < gs.length; i++) {
    const v = hexGroup(gs[i]);
    if (v < 0) return false;
    out.push(v);
  }
  return true;
}

function parseV6(s: string): Addr | null {
  let text = s;
  const lastColon = s.lastIndexOf(':');
  const tail = s.substring(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseV4(tail);
    if (v4 < 0) return null;
    text = s.substring(0, lastColon + 1) + (<i32>(v4 >> 16)).toString(16) + ':' + (<i32>(v4 & 0xffff)).toString(16);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const left = new Array<i32>();
  const right = new Array<i32>();
  if (!groupsOf(halves[0], left)) return null;
  if (halves.length == 2 && !groupsOf(halves[1], right)) return null;
  const count = left.length + right.length;
  if (halves.length == 1 ? count != 8 : count > 7) return null;
  const all = new Array<i32>();
  for (let i = 0; i < left.length; i++) all.push(left[i]);
  for (let i = count; i < 8; i++) all.push(0);
  for (let i = 0; i < right.length; i++) all.push(right[i]);
  const a = new Addr();
  for (let i = 0; i < 4; i++) a.hi = (a.hi << 16) | <u64>all[i];
  for (let i = 4; i < 8; i++) a.lo = (a.lo << 16) | <u64>all[i];
  return a;
}

/** Go's net.ParseIP (no zones, no leading zeros in IPv4 parts). */
function parseIP(s: string): Addr | null {
  if (s.includes(':')) return parseV6(s);
  const v4 = parseV4(s);
  if (v4 < 0) return null;
  const a = new Addr();
  a.lo = (<u64>0xffff << 32) | <u64>v4;
  return a;
}

function maskHi(prefix: i32): u64 {
  return prefix <= 0 ? 0 : prefix >= 64 ? ONES : ONES << <u64>(64 - prefix);
}

function maskLo(prefix: i32): u64 {
  return prefix <= 64 ? 0 : prefix >= 128 ? ONES : ONES << <u64>(128 - prefix);
}

/** Go's net.ParseCIDR: the network (masked address), or null. */
function parseCIDR(s: string): Net | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const addr = s.substring(0, slash);
  const bits = s.substring(slash + 1);
  const v4 = !addr.includes(':');
  const ip = parseIP(addr);
  if (ip === null || bits.length == 0) return null;
  let n = 0;
  for (let i = 0; i < bits.length; i++) {
    const c = bits.charCodeAt(i);
    if (!isDigit(c)) return null;
    if (n < 1000) n = n * 10 + (c - 48);
  }
  if (n > (v4 ? 32 : 128)) return null;
  const net = new Net();
  net.prefix = v4 ? n + 96 : n;
  net.base.hi = ip.hi & maskHi(net.prefix);
  net.base.lo = ip.lo & maskLo(net.prefix);
  return net;
}

/** (*net.IPNet).Contains. */
function contains(n: Net, ip: Addr): bool {
  if (isV4(ip) != isV4(n.base)) return false;
  return (ip.hi & maskHi(n.prefix)) == n.base.hi && (ip.lo & maskLo(n.prefix)) == n.base.lo;
}

function lastOf(n: Net): Addr {
  const a = new Addr();
  a.hi = n.base.hi | ~maskHi(n.prefix);
  a.lo = n.base.lo | ~maskLo(n.prefix);
  return a;
}

function netOperand(name: string, v: Value): Net | null {
  if (v.t != T_STR) {
    builtinFailure(name, 'operand 1 must be string but got ' + typeName(v));
    return null;
  }
  const n = parseCIDR(asStr(v).s);
  if (n === null) builtinFailure(name, 'invalid CIDR address: ' + asStr(v).s);
  return n;
}

export function cidrContains(a: Value, b: Value): Value | null {
  const name = 'net.cidr_contains';
  const na = netOperand(name, a);
  if (na === null) return null;
  if (b.t != T_STR) return builtinFailure(name, 'operand 2 must be string but got ' + typeName(b));
  const text = asStr(b).s;
  const ip = parseIP(text);
  if (ip !== null) return mkBool(contains(na, ip));
  const nb = parseCIDR(text);
  if (nb === null) return builtinFailure(name, 'not a valid textual representation of an IP address or CIDR: ' + text);
  if (!isV4(na.base) && !isV4(nb.base)) {
    return mkBool(na.prefix <= nb.prefix && (nb.base.hi & maskHi(na.prefix)) == na.base.hi && (nb.base.lo & maskLo(na.prefix)) == na.base.lo);
  }
  return mkBool(contains(na, nb.base) && contains(na, lastOf(nb)));
}

export function cidrIntersects(a: Value, b: Value): Value | null {
  const name = 'net.cidr_intersects';
  const na = netOperand(name, a);
  if (na === null) return null;
  const nb = netOperand(name, b);
  if (nb === null) return null;
  return mkBool(contains(na, nb.base) || contains(nb, na.base));
}

/** net.cidr_is_valid: false for anything but a string Go's ParseCIDR reads. */
export function cidrIsValid(a: Value): Value {
  return mkBool(a.t == T_STR && parseCIDR(asStr(a).s) !== null);
}

class Entry {
  cidr: Value;
  index: Value;
  constructor(cidr: Value, index: Value) {
    this.cidr = cidr;
    this.index = index;
  }
}

/** The [cidr, index] pairs of an operand of cidr_contains_matches, or null (error recorded). */
function matchOperand(n: i32, v: Value): Array<Entry> | null {
  const out = new Array<Entry>();
  if (v.t == T_STR) {
    out.push(new Entry(v, v));
    return out;
  }
  if (v.t != T_ARR && v.t != T_SET && v.t != T_OBJ) return out;
  if (v.t == T_SET) asSet(v).sort();
  const count = v.t == T_ARR ? asArr(v).items.length : v.t == T_SET ? asSet(v).items.length : asObj(v).ents.length;
  for (let i = 0; i < count; i++) {
    const x = v.t == T_ARR ? asArr(v).items[i] : v.t == T_SET ? asSet(v).items[i] : asObj(v).ents[i].v;
    const index = v.t == T_ARR ? mkNum(<f64>i) : v.t == T_SET ? x : asObj(v).ents[i].k;
    let c: Value | null = null;
    if (x.t == T_STR) c = x;
    else if (x.t == T_ARR && asArr(x).items.length > 0) c = asArr(x).items[0];
    if (c === null) {
      builtinFailure('net.cidr_contains_matches', 'operand ' + n.toString() + ': element must be string or non-empty array');
      return null;
    }
    out.push(new Entry(c, index));
  }
  return out;
}

/** net.cidr_contains_matches: the set of [index1, index2] whose CIDR contains the other. */
export function cidrContainsMatches(a: Value, b: Value): Value | null {
  const name = 'net.cidr_contains_matches';
  const xs = matchOperand(1, a);
  if (xs === null) return null;
  const out = new VSet();
  let ys: Array<Entry> | null = null;
  for (let i = 0; i < xs.length; i++) {
    if (ys === null) ys = matchOperand(2, b);
    if (ys === null) return null;
    for (let j = 0; j < ys!.length; j++) {
      const r = cidrContains(xs[i].cidr, ys![j].cidr);
      if (r === null) {
        // the host reports net.cidr_contains's own message under this builtin's name
        const m = LAST_BUILTIN_ERROR!;
        return builtinError(name, m.substring(m.indexOf(': ') + 2));
      }
      if (!asBool(r)) continue;
      const pair = new Array<Value>();
      pair.push(xs[i].index);
      pair.push(ys![j].index);
      out.add(new VArr(pair));
    }
  }
  return out;
}
