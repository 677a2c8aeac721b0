// AssemblyScript RE2 port: the parser of Go's RE2 syntax (regexp/syntax with the Perl flags
// regexp.Compile uses), ported from src/rego/re2/parse.ts: left to right with an explicit stack of
// open groups, the same acceptance rules, the same error codes and quoted expression text. No
// exceptions: the first failure is kept in `err` (Go's full message) and every step stops there.
// Quirks kept on purpose (they are Go's): a repetition after a flag group applies to the item
// before it (`a(?i)*`), `{` that does not start a valid repeat is a literal, duplicate group names
// are allowed, \1-\9 are errors (no backreferences).
import {
  Node, Parsed, N_EMPTY, N_CAT, N_ALT, N_CAP, N_REP,
  BEGIN_LINE, END_LINE, BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY,
} from './ast';
import { cleanRanges, negateRanges, perlGroup, posixGroup, runeAt, MAX_RUNE } from './ranges';
import { foldRanges, orbit, resolveUnicodeName, resolvedRanges, NO_TABLE } from './unicode';

// Go's regexp/syntax error codes (their text is the message).
export const ERR_INVALID_CHAR_CLASS = 'invalid character class';
export const ERR_INVALID_CHAR_RANGE = 'invalid character class range';
export const ERR_INVALID_ESCAPE = 'invalid escape sequence';
export const ERR_INVALID_NAMED_CAPTURE = 'invalid named capture';
export const ERR_INVALID_PERL_OP = 'invalid or unsupported Perl syntax';
export const ERR_INVALID_REPEAT_OP = 'invalid nested repetition operator';
export const ERR_INVALID_REPEAT_SIZE = 'invalid repeat count';
export const ERR_MISSING_BRACKET = 'missing closing ]';
export const ERR_MISSING_PAREN = 'missing closing )';
export const ERR_MISSING_REPEAT_ARGUMENT = 'missing argument to repetition operator';
export const ERR_TRAILING_BACKSLASH = 'trailing backslash at end of expression';
export const ERR_UNEXPECTED_PAREN = 'unexpected )';
export const ERR_NESTING_DEPTH = 'expression nests too deeply';
export const ERR_LARGE = 'expression too large';

/** Go's error text: the same as RegexpSyntaxError.message in the TypeScript engine. */
export function syntaxError(code: string, expr: string): string {
  return 'error parsing regexp: ' + code + ': `' + expr + '`';
}

const FOLD: i32 = 1;
const MULTI: i32 = 2;
const DOTNL: i32 = 4;
const UNGREEDY: i32 = 8;

/** Go's limit on repeat counts, and on the product of nested counts. */
export const MAX_REPEAT: i32 = 1000;
/** Go's limit on the height of the parse tree. */
const MAX_HEIGHT: i32 = 1000;
/** int(): no number here. */
const ABSENT: i32 = -2;

@inline function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}
@inline function isOctal(c: i32): bool {
  return c >= 48 && c <= 55;
}
@inline function isAlnum(c: i32): bool {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function unhex(c: i32): i32 {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** The code points of s; an unpaired surrogate reads as U+FFFD, as invalid UTF-8 does in Go. */
export function codePoints(s: string): Array<i32> {
  const out = new Array<i32>();
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = runeAt(s, i, n);
    if (c >= 0x10000) i++;
    out.push(c);
  }
  return out;
}

/** The string of code points t[from, to). */
export function textOf(t: Array<i32>, from: i32, to: i32): string {
  const units = new Array<i32>();
  for (let i = from; i < to; i++) {
    const c = t[i];
    if (c >= 0x10000) {
      units.push(0xd800 + ((c - 0x10000) >> 10));
      units.push(0xdc00 + ((c - 0x10000) & 0x3ff));
    } else units.push(c);
  }
  return String.fromCharCodes(units);
}

/** The height of a tree, without recursion (an input may nest groups very deeply). */
function height(root: Node): i32 {
  let max = 0;
  const nodes = new Array<Node>();
  const depths = new Array<i32>();
  nodes.push(root);
  depths.push(1);
  while (nodes.length > 0) {
    const n = nodes.pop();
    const d = depths.pop();
    if (d > max) max = d;
    if (n.op == N_CAP || n.op == N_REP) {
      nodes.push(n.sub!);
      depths.push(d + 1);
    } else if (n.op == N_CAT || n.op == N_ALT) {
      const subs = n.subs!;
      for (let i = 0; i < subs.length; i++) {
        nodes.push(subs[i]);
        depths.push(d + 1);
      }
    }
  }
  return max;
}

/** Whether nested counted repeats stay within n copies of the innermost item (Go's repeatIsValid). */
function repeatIsValid(root: Node, n: i32): bool {
  const nodes = new Array<Node>();
  const limits = new Array<i32>();
  nodes.push(root);
  limits.push(n);
  while (nodes.length > 0) {
    const node = nodes.pop();
    let limit = limits.pop();
    if (node.op == N_REP && node.counted) {
      let m = node.max;
      if (m == 0) continue;
      if (m < 0) m = node.min;
      if (m > limit) return false;
      if (m > 0) limit = limit / m;
    }
    if (node.op == N_REP || node.op == N_CAP) {
      nodes.push(node.sub!);
      limits.push(limit);
    } else if (node.op == N_CAT || node.op == N_ALT) {
      const subs = node.subs!;
      for (let i = 0; i < subs.length; i++) {
        nodes.push(subs[i]);
        limits.push(limit);
      }
    }
  }
  return true;
}

function seqNode(items: Array<Node>): Node {
  if (items.length == 0) return new Node(N_EMPTY);
  return items.length == 1 ? items[0] : Node.list(N_CAT, items);
}

/** Ranges of a Perl, POSIX or \p group under the current flags (folded, then complemented, as Go does). */
function groupRanges(group: Array<i32>, negated: bool, fold: bool): Array<i32> {
  const r = fold ? foldRanges(group) : cleanRanges(group);
  return negated ? negateRanges(r) : r;
}

/** An open group. */
class Frame {
  items: Array<Node> = new Array<Node>();
  alts: Array<Node> = new Array<Node>();
  /** 0 for a non-capturing group (and the root), else the group number. */
  cap: i32;
  /** Flags in force at the open paren, restored at the close. */
  flags: i32;
  constructor(cap: i32, flags: i32) {
    this.cap = cap;
    this.flags = flags;
  }
}

export class Parser {
  t: Array<i32>;
  n: i32;
  /** The pattern as given (errors about the whole pattern quote it unchanged). */
  whole: string;
  i: i32 = 0;
  flags: i32 = 0;
  numCap: i32 = 0;
  names: Array<string> = [''];
  stack: Array<Frame> = new Array<Frame>();
  /** Start of the previous token when it was a repetition operator, else -1. */
  lastRepeat: i32 = -1;
  /** Go's message for the first failure, or null. */
  err: string | null = null;

  constructor(pattern: string) {
    this.whole = pattern;
    this.t = codePoints(pattern);
    this.n = this.t.length;
    this.stack.push(new Frame(0, 0));
  }

  /** The code point at k, or -1 past either end. */
  @inline at(k: i32): i32 {
    return k >= 0 && k < this.n ? unchecked(this.t[k]) : -1;
  }

  fail(code: string, from: i32, to: i32): void {
    if (this.err === null) this.err = syntaxError(code, textOf(this.t, from, to));
  }

  failWhole(code: string): void {
    if (this.err === null) this.err = syntaxError(code, this.whole);
  }

  get top(): Frame {
    return this.stack[this.stack.length - 1];
  }

  /** The parse tree, or null with err set. */
  parse(): Parsed | null {
    while (this.i < this.n) {
      const start = this.i;
      const wasRepeat = this.token();
      if (this.err !== null) return null;
      this.lastRepeat = wasRepeat ? start : -1;
    }
    if (this.stack.length != 1) {
      this.failWhole(ERR_MISSING_PAREN);
      return null;
    }
    const root = this.close(this.stack[0]);
    if (height(root) > MAX_HEIGHT) {
      this.failWhole(ERR_NESTING_DEPTH);
      return null;
    }
    return new Parsed(root, this.numCap, this.names);
  }

  /** Reads one token; true when it was a repetition operator. */
  token(): bool {
    const c = this.t[this.i];
    switch (c) {
      case 40: // (
        if (this.at(this.i + 1) == 63) this.perlFlags();
        else this.open(++this.numCap, '', 1);
        return false;
      case 124: // |
        this.top.alts.push(seqNode(this.top.items));
        this.top.items = new Array<Node>();
        this.i++;
        return false;
      case 41: // )
        this.rightParen();
        return false;
      case 94: // ^
        this.push(Node.assert(this.flags & MULTI ? BEGIN_LINE : BEGIN_TEXT), 1);
        return false;
      case 36: // $
        this.push(Node.assert(this.flags & MULTI ? END_LINE : END_TEXT), 1);
        return false;
      case 46: // .
        this.push(Node.cls(this.flags & DOTNL ? [0, MAX_RUNE] : [0, 9, 11, MAX_RUNE]), 1);
        return false;
      case 91: { // [
        const cls = this.charClass();
        if (cls !== null) this.push(Node.cls(cls), 0);
        return false;
      }
      case 42: // *
      case 43: // +
      case 63: // ?
        this.repeat(c == 43 ? 1 : 0, c == 63 ? 1 : -1, false, this.i, this.i + 1);
        return true;
      case 123: // {
        return this.brace();
      case 92: // backslash
        this.backslash();
        return false;
      default:
        this.literal(c);
        this.i++;
        return false;
    }
  }

  push(n: Node, width: i32): void {
    this.top.items.push(n);
    this.i += width;
  }

  literal(c: i32): void {
    if (this.flags & FOLD) {
      const o = orbit(c);
      if (o.length > 1) {
        const r = new Array<i32>();
        for (let k = 0; k < o.length; k++) {
          r.push(o[k]);
          r.push(o[k]);
        }
        this.top.items.push(Node.cls(cleanRanges(r)));
        return;
      }
    }
    this.top.items.push(Node.lit(c));
  }

  open(cap: i32, name: string, width: i32): void {
    if (cap) this.names.push(name);
    this.stack.push(new Frame(cap, this.flags));
    this.i += width;
  }

  close(f: Frame): Node {
    if (f.alts.length == 0) return seqNode(f.items);
    const subs = f.alts.slice(0);
    subs.push(seqNode(f.items));
    return Node.list(N_ALT, subs);
  }

  rightParen(): void {
    if (this.stack.length < 2) {
      this.failWhole(ERR_UNEXPECTED_PAREN);
      return;
    }
    const f = this.stack.pop();
    this.flags = f.flags;
    const body = this.close(f);
    this.top.items.push(f.cap ? Node.cap(f.cap, body) : body);
    this.i++;
  }

  /** A repetition of the last item: the operator's text is t[before, after). */
  repeat(min: i32, max: i32, counted: bool, before: i32, after: i32): void {
    let greedy = !(this.flags & UNGREEDY);
    if (this.at(after) == 63) {
      after++;
      greedy = !greedy;
    }
    if (this.lastRepeat >= 0) return this.fail(ERR_INVALID_REPEAT_OP, this.lastRepeat, after);
    const items = this.top.items;
    if (items.length == 0) return this.fail(ERR_MISSING_REPEAT_ARGUMENT, before, after);
    const node = Node.rep(items.pop(), min, max, greedy, counted);
    items.push(node);
    this.i = after;
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) this.fail(ERR_INVALID_REPEAT_SIZE, before, after);
  }

  /** Go's parseInt: decimal without leading zeros; -1 when too big; ABSENT when there is none. */
  int(): i32 {
    if (!isDigit(this.at(this.i))) return ABSENT;
    if (this.at(this.i) == 48 && isDigit(this.at(this.i + 1))) return ABSENT;
    let n = 0;
    while (isDigit(this.at(this.i))) {
      if (n >= 100000000) n = -1;
      else if (n >= 0) n = n * 10 + this.at(this.i) - 48;
      this.i++;
    }
    return n;
  }

  /** `{n}`, `{n,}`, `{n,m}`; anything else makes `{` a literal. True when it was a repeat. */
  brace(): bool {
    const before = this.i;
    this.i++;
    let min = this.int();
    let max = min;
    if (min != ABSENT && this.at(this.i) == 44) {
      this.i++;
      if (this.at(this.i) == 125) max = -1;
      else {
        max = this.int();
        if (max != ABSENT && max < 0) min = -1;
      }
    }
    if (min == ABSENT || max == ABSENT || this.at(this.i) != 125) {
      this.i = before + 1;
      this.literal(123);
      return false;
    }
    const after = ++this.i;
    if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
      this.fail(ERR_INVALID_REPEAT_SIZE, before, after);
      return true;
    }
    this.repeat(min, max, true, before, after);
    return true;
  }

  /** `(?` at this.i: flags, a non-capturing group, or a named group. */
  perlFlags(): void {
    const s = this.i;
    const n = this.n;
    const startsWithP = n - s > 4 && this.at(s + 2) == 80 && this.at(s + 3) == 60; // P <
    const startsWithName = n - s > 3 && this.at(s + 2) == 60;
    if (startsWithP || startsWithName) return this.namedGroup(startsWithP ? s + 4 : s + 3);
    let i = s + 2;
    let flags = this.flags;
    let negative = false;
    let sawFlag = false;
    while (i < n) {
      const c = this.t[i++];
      const bit = c == 105 ? FOLD : c == 109 ? MULTI : c == 115 ? DOTNL : c == 85 ? UNGREEDY : 0; // i m s U
      if (bit) {
        flags = negative ? flags & ~bit : flags | bit;
        sawFlag = true;
      } else if (c == 45 && !negative) { // -
        negative = true;
        sawFlag = false;
      } else if ((c == 58 || c == 41) && (!negative || sawFlag)) { // : )
        if (c == 58) this.open(0, '', 0);
        this.flags = flags;
        this.i = i;
        return;
      } else break;
    }
    this.fail(ERR_INVALID_PERL_OP, s, i);
  }

  namedGroup(nameStart: i32): void {
    const end = this.t.indexOf(62, this.i); // >
    if (end < 0) return this.fail(ERR_INVALID_NAMED_CAPTURE, this.i, this.n);
    let ok = end > nameStart;
    for (let k = nameStart; k < end && ok; k++) ok = this.t[k] == 95 || isAlnum(this.t[k]);
    if (!ok) return this.fail(ERR_INVALID_NAMED_CAPTURE, this.i, end + 1);
    this.open(++this.numCap, textOf(this.t, nameStart, end), end + 1 - this.i);
  }

  backslash(): void {
    const next = this.at(this.i + 1);
    // \A \z \b \B
    const kind = next == 65 ? BEGIN_TEXT : next == 122 ? END_TEXT : next == 98 ? WORD_BOUNDARY : next == 66 ? NO_WORD_BOUNDARY : 0;
    if (kind) return this.push(Node.assert(kind), 2);
    if (next == 67) return this.fail(ERR_INVALID_ESCAPE, this.i, this.i + 2); // \C
    if (next == 81) return this.quoted(); // \Q
    let cls = this.unicodeClass();
    if (this.err !== null) return;
    if (cls === null) cls = this.perlClass();
    if (cls !== null) return this.push(Node.cls(cls), 0);
    const c = this.escape();
    if (this.err === null) this.literal(c);
  }

  /** \Q...\E (or to the end): literal text. */
  quoted(): void {
    let j = this.i + 2;
    while (j < this.n && !(this.t[j] == 92 && this.at(j + 1) == 69)) this.literal(this.t[j++]);
    this.i = j < this.n ? j + 2 : j;
  }

  /** \pN, \p{Name}, \PN, \P{^Name} at this.i as final ranges; null when not a \p escape (or on error). */
  unicodeClass(): Array<i32> | null {
    const s = this.i;
    const p = this.at(s + 1);
    if (this.at(s) != 92 || (p != 112 && p != 80)) return null;
    let negated = p == 80;
    let name: string;
    let end: i32;
    if (this.at(s + 2) != 123) {
      end = min(s + 3, this.n);
      name = textOf(this.t, s + 2, end);
    } else {
      const close = this.t.indexOf(125, s);
      if (close < 0) {
        this.fail(ERR_INVALID_CHAR_RANGE, s, this.n);
        return null;
      }
      end = close + 1;
      name = textOf(this.t, s + 3, close);
    }
    if (name.length > 0 && name.charCodeAt(0) == 94) { // ^
      negated = !negated;
      name = name.substring(1);
    }
    const id = resolveUnicodeName(name);
    if (id == NO_TABLE) {
      this.fail(ERR_INVALID_CHAR_RANGE, s, end);
      return null;
    }
    this.i = end;
    return groupRanges(resolvedRanges(id), negated, (this.flags & FOLD) != 0);
  }

  /** \d \D \s \S \w \W at this.i, or null. */
  perlClass(): Array<i32> | null {
    const c = this.at(this.i + 1);
    if (this.at(this.i) != 92 || c < 0 || c >= 128) return null;
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    const group = perlGroup(lower);
    if (group === null) return null;
    this.i += 2;
    return groupRanges(group, c != lower, (this.flags & FOLD) != 0);
  }

  /** An escape at this.i (the backslash): the code point it stands for (-1 with err set). */
  escape(): i32 {
    const s = this.i;
    if (s + 1 >= this.n) {
      this.fail(ERR_TRAILING_BACKSLASH, 0, 0);
      return -1;
    }
    const c = this.t[s + 1];
    this.i = s + 2;
    if (c < 128 && !isAlnum(c)) return c;
    if (isOctal(c) && (c == 48 || isOctal(this.at(this.i)))) {
      let r = c - 48;
      for (let k = 1; k < 3 && isOctal(this.at(this.i)); k++) r = r * 8 + this.t[this.i++] - 48;
      return r;
    }
    if (c == 120) return this.hexEscape(s); // x
    if (c == 97) return 7; // \a
    if (c == 102) return 12; // \f
    if (c == 110) return 10; // \n
    if (c == 114) return 13; // \r
    if (c == 116) return 9; // \t
    if (c == 118) return 11; // \v
    this.fail(ERR_INVALID_ESCAPE, s, this.i);
    return -1;
  }

  /** \xHH or \x{H...} (this.i is after the x); -1 with err set on failure. */
  hexEscape(s: i32): i32 {
    if (this.i >= this.n) return this.badEscape(s);
    if (this.t[this.i] == 123) return this.bracedHex(s);
    const x = unhex(this.at(this.i++));
    const y = unhex(this.at(this.i));
    if (this.i < this.n) this.i++;
    if (x < 0 || y < 0) return this.badEscape(s);
    return x * 16 + y;
  }

  /** \x{H...} with this.i at the brace. */
  bracedHex(s: i32): i32 {
    this.i++;
    let r = 0;
    let n = 0;
    for (;;) {
      if (this.i >= this.n) return this.badEscape(s);
      const c = this.t[this.i++];
      if (c == 125) break;
      const v = unhex(c);
      if (v < 0) return this.badEscape(s);
      r = r * 16 + v;
      if (r > MAX_RUNE) return this.badEscape(s);
      n++;
    }
    if (!n) return this.badEscape(s);
    return r;
  }

  badEscape(s: i32): i32 {
    this.fail(ERR_INVALID_ESCAPE, s, this.i);
    return -1;
  }

  /** A bracketed class at this.i (the `[`): final ranges, or null with err set. */
  charClass(): Array<i32> | null {
    const s = this.i++;
    let negated = false;
    if (this.at(this.i) == 94) {
      negated = true;
      this.i++;
    }
    const fold = (this.flags & FOLD) != 0;
    let ranges = new Array<i32>();
    let first = true;
    while (this.i >= this.n || this.t[this.i] != 93 || first) {
      first = false;
      let group = this.posixClass();
      if (group === null && this.err === null) group = this.unicodeClass();
      if (group === null && this.err === null) group = this.perlClass();
      if (this.err !== null) return null;
      if (group !== null) {
        ranges = ranges.concat(group);
        continue;
      }
      if (!this.classRange(s, fold, ranges)) return null;
    }
    this.i++;
    const clean = cleanRanges(ranges);
    return negated ? negateRanges(clean) : clean;
  }

  /** One character or lo-hi range of a class (folded under (?i)) appended to ranges; false on error. */
  classRange(classStart: i32, fold: bool, ranges: Array<i32>): bool {
    const rs = this.i;
    const lo = this.classChar(classStart);
    if (this.err !== null) return false;
    let hi = lo;
    if (this.at(this.i) == 45 && this.i + 1 < this.n && this.t[this.i + 1] != 93) {
      this.i++;
      hi = this.classChar(classStart);
      if (this.err !== null) return false;
      if (hi < lo) {
        this.fail(ERR_INVALID_CHAR_RANGE, rs, this.i);
        return false;
      }
    }
    if (fold) {
      const f = foldRanges([lo, hi]);
      for (let k = 0; k < f.length; k++) ranges.push(f[k]);
    } else {
      ranges.push(lo);
      ranges.push(hi);
    }
    return true;
  }

  classChar(classStart: i32): i32 {
    if (this.i >= this.n) {
      this.fail(ERR_MISSING_BRACKET, classStart, this.n);
      return -1;
    }
    if (this.t[this.i] == 92) return this.escape();
    return this.t[this.i++];
  }

  /** [:name:] or [:^name:] at this.i, or null (err set when the name is unknown). */
  posixClass(): Array<i32> | null {
    const s = this.i;
    const n = this.n;
    if (n - s <= 2 || this.t[s] != 91 || this.t[s + 1] != 58) return null;
    let end = -1;
    for (let j = s + 2; j + 1 < n; j++) {
      if (this.t[j] == 58 && this.t[j + 1] == 93) {
        end = j + 2;
        break;
      }
    }
    if (end < 0) return null;
    let name = textOf(this.t, s + 2, end - 2);
    const negated = name.length > 0 && name.charCodeAt(0) == 94;
    if (negated) name = name.substring(1);
    const group = posixGroup(name);
    if (group === null) {
      this.fail(ERR_INVALID_CHAR_RANGE, s, end);
      return null;
    }
    this.i = end;
    return groupRanges(group, negated, (this.flags & FOLD) != 0);
  }
}

/** Parses a pattern as Go's regexp.Compile does; null with the message in parseError() on failure. */
let lastParseError: string = '';

export function parse(pattern: string): Parsed | null {
  const p = new Parser(pattern);
  const out = p.parse();
  lastParseError = p.err !== null ? p.err! : '';
  return out;
}

export function parseError(): string {
  return lastParseError;
}
