// AssemblyScript RE2 port: character classes as flat, sorted, merged code point ranges
// [lo0, hi0, lo1, hi1, ...]. Unlike the TypeScript engine (which tests Unicode properties with a
// JavaScript RegExp), every class here is materialised as ranges at parse time, \p tables,
// folding and negation included, so the matcher needs nothing but a binary search.

export const MAX_RUNE: i32 = 0x10ffff;

/**
 * The code point at pos of s (len = s.length): a surrogate pair is one code point, an unpaired
 * surrogate reads as U+FFFD, as invalid UTF-8 does in Go. It spans two UTF-16 units when >= 0x10000.
 */
@inline
export function runeAt(s: string, pos: i32, len: i32): i32 {
  const c = <i32>s.charCodeAt(pos);
  if (c < 0xd800 || c > 0xdfff) return c;
  const d = c <= 0xdbff && pos + 1 < len ? <i32>s.charCodeAt(pos + 1) : 0;
  return d >= 0xdc00 && d <= 0xdfff ? ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000 : 0xfffd;
}

/** Sorts and merges overlapping or adjacent ranges (pairs are packed into one i64 to sort them natively). */
export function cleanRanges(r: Array<i32>): Array<i32> {
  const n = r.length >> 1;
  const packed = new Array<i64>(n);
  for (let i = 0; i < n; i++) packed[i] = (<i64>r[2 * i] << 32) | <i64>r[2 * i + 1];
  if (n > 1) packed.sort();
  const out = new Array<i32>();
  for (let i = 0; i < n; i++) {
    const lo = <i32>(packed[i] >> 32);
    const hi = <i32>(packed[i] & 0xffffffff);
    const m = out.length;
    if (m > 0 && lo <= out[m - 1] + 1) {
      if (hi > out[m - 1]) out[m - 1] = hi;
    } else {
      out.push(lo);
      out.push(hi);
    }
  }
  return out;
}

/** The complement of clean ranges within [0, MAX_RUNE]. */
export function negateRanges(r: Array<i32>): Array<i32> {
  const out = new Array<i32>();
  let next = 0;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i] > next) {
      out.push(next);
      out.push(r[i] - 1);
    }
    next = r[i + 1] + 1;
  }
  if (next <= MAX_RUNE) {
    out.push(next);
    out.push(MAX_RUNE);
  }
  return out;
}

/** Whether c is in clean ranges (binary search). */
export function inRanges(r: Array<i32>, c: i32): bool {
  let lo = 0;
  let hi = r.length >> 1;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (c < unchecked(r[2 * m])) hi = m;
    else if (c > unchecked(r[2 * m + 1])) lo = m + 1;
    else return true;
  }
  return false;
}

/** Perl classes (ASCII, as in Go) by their lower-case letter; the upper case is the complement. */
export function perlGroup(c: i32): Array<i32> | null {
  if (c == 100) return [48, 57]; // d
  if (c == 115) return [9, 10, 12, 13, 32, 32]; // s: \t \n \f \r space
  if (c == 119) return [48, 57, 65, 90, 95, 95, 97, 122]; // w
  return null;
}

/** POSIX [:name:] classes (ASCII, as in Go). */
export function posixGroup(name: string): Array<i32> | null {
  if (name == 'alnum') return [48, 57, 65, 90, 97, 122];
  if (name == 'alpha') return [65, 90, 97, 122];
  if (name == 'ascii') return [0, 0x7f];
  if (name == 'blank') return [9, 9, 32, 32];
  if (name == 'cntrl') return [0, 0x1f, 0x7f, 0x7f];
  if (name == 'digit') return [48, 57];
  if (name == 'graph') return [33, 126];
  if (name == 'lower') return [97, 122];
  if (name == 'print') return [32, 126];
  if (name == 'punct') return [33, 47, 58, 64, 91, 96, 123, 126];
  if (name == 'space') return [9, 13, 32, 32];
  if (name == 'upper') return [65, 90];
  if (name == 'word') return [48, 57, 65, 90, 95, 95, 97, 122];
  if (name == 'xdigit') return [48, 57, 65, 70, 97, 102];
  return null;
}
