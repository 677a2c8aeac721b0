// net.cidr_* with Go's net package semantics, as opa uses it. Addresses are 128-bit integers, IPv4
// as IPv4-mapped IPv6 (::ffff:a.b.c.d), which is how Go compares and merges mixed families; a
// network remembers whether Go sees it as IPv4 (its masked address is IPv4-mapped).
import { builtinError, mkSet, isSet, typeOf, UnsupportedBuiltinInput } from './values.js';

const V4_BASE = 0xffffn << 32n;
const ALL = (1n << 128n) - 1n;

interface Net {
  base: bigint; // masked network address
  ip: bigint; // the address as written (bare IPs in cidr_merge keep it unmasked)
  prefix: number; // over 128 bits
}

const isV4 = (a: bigint): boolean => a >> 32n === 0xffffn;

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    // an embedded IPv4 address is the last 32 bits: rewrite it as two groups
    const v4 = parseV4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${s.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): bigint[] | undefined => {
    if (h === '') return [];
    const out: bigint[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt('0x' + g));
    }
    return out;
  };
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  if (!left || !right) return undefined;
  const count = left.length + right.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const filled = [...left, ...Array<bigint>(8 - count).fill(0n), ...right];
  return filled.reduce((n, g) => (n << 16n) | g, 0n);
}

/** Go's net.ParseIP (no zones, no leading zeros in IPv4 parts). */
export function parseIP(s: string): bigint | undefined {
  if (s.includes(':')) return parseV6(s);
  const v4 = parseV4(s);
  return v4 === undefined ? undefined : V4_BASE | v4;
}

/** Go's net.ParseCIDR: the network (masked address). */
export function parseCIDR(s: string): Net | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  const v4 = !addr.includes(':');
  const ip = parseIP(addr);
  if (ip === undefined || !/^\d+$/.test(bits)) return undefined;
  const n = Number(bits);
  if (n > (v4 ? 32 : 128)) return undefined;
  const prefix = v4 ? n + 96 : n;
  const base = ip & (ALL ^ (ALL >> BigInt(prefix)));
  return { base, ip: base, prefix };
}

function last(n: Net): bigint {
  return n.base | (ALL >> BigInt(n.prefix));
}

/** (*net.IPNet).Contains: an IPv4 address is never in an IPv6 network and the reverse. */
function contains(n: Net, ip: bigint): boolean {
  if (isV4(ip) !== isV4(n.base)) return false;
  const shift = BigInt(128 - n.prefix);
  return ip >> shift === n.base >> shift;
}

function netOperand(name: string, v: unknown): Net {
  if (typeof v !== 'string') return builtinError(name, `operand 1 must be string but got ${typeOf(v)}`);
  const n = parseCIDR(v);
  if (!n) return builtinError(name, `invalid CIDR address: ${v}`);
  return n;
}

function cidrContains(a: unknown, b: unknown): boolean {
  const na = netOperand('net.cidr_contains', a);
  if (typeof b !== 'string') return builtinError('net.cidr_contains', `operand 2 must be string but got ${typeOf(b)}`);
  const ip = parseIP(b);
  if (ip !== undefined) return contains(na, ip);
  const nb = parseCIDR(b);
  if (!nb) return builtinError('net.cidr_contains', `not a valid textual representation of an IP address or CIDR: ${b}`);
  if (!isV4(na.base) && !isV4(nb.base)) return na.prefix <= nb.prefix && nb.base >> BigInt(128 - na.prefix) === na.base >> BigInt(128 - na.prefix);
  return contains(na, nb.base) && contains(na, last(nb));
}

/** Go's IP.String(): dotted IPv4 for IPv4-mapped addresses, RFC 5952 otherwise. */
export function formatIP(a: bigint): string {
  if (isV4(a)) return [24n, 16n, 8n, 0n].map((s) => String((a >> s) & 0xffn)).join('.');
  const g = Array.from({ length: 8 }, (_, i) => Number((a >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (xs: number[]): string => xs.map((x) => x.toString(16)).join(':');
  return best < 0 ? hex(g) : `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

function formatNet(ip: bigint, prefix: number): string {
  return isV4(ip) ? `${formatIP(ip)}/${prefix - 96}` : `${formatIP(ip)}/${prefix}`;
}

function expand(cidr: unknown): unknown {
  const n = netOperand('net.cidr_expand', cidr);
  const size = last(n) - n.base + 1n;
  if (size > 1n << 20n) throw new UnsupportedBuiltinInput('net.cidr_expand', `a network of ${size} addresses`);
  const out: string[] = [];
  for (let a = n.base; a <= last(n); a++) out.push(formatIP(a));
  return mkSet(out);
}

/** Bare addresses in cidr_merge get Go's classful default mask (IP.DefaultMask), unmasked. */
function mergeOperand(v: unknown): Net {
  if (typeof v !== 'string') return builtinError('net.cidr_merge', 'element must be string');
  const ip = parseIP(v);
  if (ip === undefined) {
    const n = parseCIDR(v);
    if (!n) return builtinError('net.cidr_merge', `invalid CIDR address: ${v}`);
    return n;
  }
  if (!isV4(ip)) return builtinError('net.cidr_merge', 'IPv6 invalid: needs prefix length');
  const first = Number((ip >> 24n) & 0xffn);
  const bits = first < 0x80 ? 8 : first < 0xc0 ? 16 : 24;
  const prefix = 96 + bits;
  return { base: ip & (ALL ^ (ALL >> BigInt(prefix))), ip, prefix };
}

/** The minimal list of networks covering [first, last] (both in the same family). */
function rangeToNets(first: bigint, lastAddr: bigint): string[] {
  const v4 = isV4(first);
  if (v4 !== isV4(lastAddr)) throw new UnsupportedBuiltinInput('net.cidr_merge', 'a merged range spanning IPv4 and IPv6 addresses');
  const out: string[] = [];
  let a = first;
  while (a <= lastAddr) {
    let host = 0n;
    const max = v4 ? 32n : 128n;
    while (host < max && (a & ((1n << (host + 1n)) - 1n)) === 0n && a + (1n << (host + 1n)) - 1n <= lastAddr) host++;
    out.push(formatNet(a, 128 - Number(host)));
    a += 1n << host;
  }
  return out;
}

function merge(addrs: unknown): unknown {
  if (!Array.isArray(addrs)) return builtinError('net.cidr_merge', 'operand must be an array');
  type R = { first: bigint; last: bigint; net: Net | null };
  const ranges: R[] = addrs.map(mergeOperand).map((n) => ({ first: n.base, last: last(n), net: n }));
  ranges.sort((x, y) => (x.last !== y.last ? (x.last < y.last ? -1 : 1) : x.first < y.first ? -1 : x.first > y.first ? 1 : 0));
  const prev = (a: bigint): bigint => (a === 0n || a === V4_BASE ? a : a - 1n);
  for (let i = ranges.length - 1; i > 0; i--) {
    if (prev(ranges[i]!.first) <= ranges[i - 1]!.last) {
      const first = ranges[i - 1]!.first < ranges[i]!.first ? ranges[i - 1]!.first : ranges[i]!.first;
      ranges[i - 1] = { first, last: ranges[i]!.last, net: null };
      ranges.splice(i, 1);
    }
  }
  const out: string[] = [];
  for (const r of ranges) {
    if (r.net) out.push(formatNet(r.net.ip, r.net.prefix));
    else out.push(...rangeToNets(r.first, r.last));
  }
  return mkSet(out);
}

type Entry = [cidr: unknown, index: unknown];

function matchOperand(n: number, v: unknown): Entry[] {
  const elem = (x: unknown): unknown => {
    if (typeof x === 'string') return x;
    if (Array.isArray(x) && !isSet(x) && x.length) return x[0];
    return builtinError('net.cidr_contains_matches', `operand ${n}: element must be string or non-empty array`);
  };
  if (typeof v === 'string') return [[v, v]];
  if (isSet(v)) return v.map((x) => [elem(x), x]);
  if (Array.isArray(v)) return v.map((x, i) => [elem(x), i]);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [elem(x), k]);
  return [];
}

function containsMatches(a: unknown, b: unknown): unknown {
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (const [c1, i1] of matchOperand(1, a)) {
    for (const [c2, i2] of matchOperand(2, b)) {
      if (!cidrContains(c1, c2)) continue;
      const key = JSON.stringify([i1, i2]);
      if (!seen.has(key)) out.push([i1, i2]);
      seen.add(key);
    }
  }
  return mkSet(out);
}

export const netBuiltins: Record<string, (...args: any[]) => unknown> = {
  'net.cidr_contains': cidrContains,
  'net.cidr_intersects': (a: unknown, b: unknown) => {
    const na = netOperand('net.cidr_intersects', a);
    const nb = netOperand('net.cidr_intersects', b);
    return contains(na, nb.base) || contains(nb, na.base);
  },
  'net.cidr_is_valid': (s: unknown) => typeof s === 'string' && parseCIDR(s) !== undefined,
  'net.cidr_expand': expand,
  'net.cidr_merge': merge,
  'net.cidr_contains_matches': containsMatches,
};
