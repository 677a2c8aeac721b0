// Character classes: sorted, merged code point ranges (a flat [lo0, hi0, lo1, hi1, ...] array, the
// shape a Wasm port keeps as a table) plus Unicode properties tested one code point at a time (a
// JavaScript `\p{...}` RegExp built once per property: one test per input character, so linear).

import { foldableCodePoints, orbit } from './fold.js';

export const MAX_RUNE = 0x10ffff;

/** A Unicode property as Go's \p{...} names it, tested on single code points. */
export interface UnicodeProp {
  /** The JavaScript property expression (`L`, `Script=Greek`, `Assigned`). */
  js: string;
  /** true for \P / \p{^...}: the complement (taken after folding, as Go does). */
  negated: boolean;
  /** Under (?i): a code point matches when any of its case-fold orbit has the property. */
  fold: boolean;
}

/** ranges ∪ props, complemented when negated. */
export interface CharClass {
  ranges: number[];
  props: UnicodeProp[];
  negated: boolean;
}

/** Sorts and merges overlapping or adjacent ranges. */
export function cleanRanges(r: number[]): number[] {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < r.length; i += 2) pairs.push([r[i]!, r[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const n = out.length;
    if (n && lo <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

/** The complement of clean ranges within [0, MAX_RUNE]. */
export function negateRanges(r: number[]): number[] {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i]! > next) out.push(next, r[i]! - 1);
    next = r[i + 1]! + 1;
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

export function inRanges(r: ArrayLike<number>, c: number): boolean {
  let lo = 0;
  let hi = r.length >> 1;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (c < r[2 * m]!) hi = m;
    else if (c > r[2 * m + 1]!) lo = m + 1;
    else return true;
  }
  return false;
}

/** Clean ranges closed under simple case folding (Go's appendFoldedRange over each range). */
export function foldRanges(r: number[]): number[] {
  const clean = cleanRanges(r);
  const extra: number[] = [];
  for (const c of foldableCodePoints()) {
    if (inRanges(clean, c)) for (const d of orbit(c)) extra.push(d, d);
  }
  return extra.length ? cleanRanges(clean.concat(extra)) : clean;
}

const span = (s: string): number[] => [...s].flatMap((x, i, a) => (i % 2 ? [] : [x.codePointAt(0)!, a[i + 1]!.codePointAt(0)!]));

/** Perl classes (ASCII, as in Go): upper case is the complement. */
export const PERL_GROUPS: Record<string, number[]> = {
  d: span('09'),
  s: span('\t\n\f\r  '),
  w: span('09AZ__az'),
};

/** POSIX [:name:] classes (ASCII, as in Go). */
export const POSIX_GROUPS: Record<string, number[]> = {
  alnum: span('09AZaz'),
  alpha: span('AZaz'),
  ascii: [0, 0x7f],
  blank: span('\t\t  '),
  cntrl: [0, 0x1f, 0x7f, 0x7f],
  digit: span('09'),
  graph: span('!~'),
  lower: span('az'),
  print: span(' ~'),
  punct: span('!/:@[`{~'),
  space: span('\t\r  '),
  upper: span('AZ'),
  word: span('09AZ__az'),
  xdigit: span('09AFaf'),
};

/** Ranges of a Perl or POSIX group under the current flags (folded, then complemented). */
export function groupRanges(group: number[], negated: boolean, fold: boolean): number[] {
  const r = fold ? foldRanges(group) : cleanRanges(group);
  return negated ? negateRanges(r) : r;
}

const propRegexps = new Map<string, RegExp>();
const propCaches = new Map<string, Int8Array>();

/** Whether code point c has the JavaScript property js (memoised below U+10000). */
export function hasProp(js: string, c: number): boolean {
  let cache = propCaches.get(js);
  if (!cache) {
    cache = new Int8Array(0x10000);
    propCaches.set(js, cache);
    propRegexps.set(js, new RegExp(`^\\p{${js}}$`, 'u'));
  }
  if (c < 0x10000 && cache[c] !== 0) return cache[c] === 1;
  const yes = propRegexps.get(js)!.test(String.fromCodePoint(c));
  if (c < 0x10000) cache[c] = yes ? 1 : -1;
  return yes;
}

function propMatches(p: UnicodeProp, c: number): boolean {
  let yes = hasProp(p.js, c);
  if (!yes && p.fold) for (const d of orbit(c)) if (d !== c && hasProp(p.js, d)) yes = true;
  return yes !== p.negated;
}

export function classMatches(cls: CharClass, c: number): boolean {
  let yes = inRanges(cls.ranges, c);
  for (let i = 0; !yes && i < cls.props.length; i++) yes = propMatches(cls.props[i]!, c);
  return yes !== cls.negated;
}
