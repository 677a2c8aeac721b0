// Parser for Go's RE2 syntax (regexp/syntax with the Perl flags regexp.Compile uses), written as
// Go's parser reads: left to right with an explicit stack of open groups (so nesting depth costs
// no JavaScript stack), the same acceptance rules and the same error codes and quoted expression
// text, e.g. `missing closing ): \`(a\``. Quirks kept on purpose: a repetition after a flag group
// applies to the item before it (`a(?i)*`), `{` that does not start a valid repeat is a literal,
// duplicate group names are allowed, a single-digit escape \1-\9 is an error (no backreferences).

import { Assert, type Node, type Parsed } from './ast.js';
import { type CharClass, foldRanges, groupRanges, cleanRanges, PERL_GROUPS, POSIX_GROUPS, type UnicodeProp, MAX_RUNE } from './charclass.js';
import { orbit } from './fold.js';
import { resolveUnicodeName } from './unicode-names.js';

/** Go's regexp/syntax error codes (their text is the message). */
export const ErrorCode = {
  InvalidCharClass: 'invalid character class',
  InvalidCharRange: 'invalid character class range',
  InvalidEscape: 'invalid escape sequence',
  InvalidNamedCapture: 'invalid named capture',
  InvalidPerlOp: 'invalid or unsupported Perl syntax',
  InvalidRepeatOp: 'invalid nested repetition operator',
  InvalidRepeatSize: 'invalid repeat count',
  MissingBracket: 'missing closing ]',
  MissingParen: 'missing closing )',
  MissingRepeatArgument: 'missing argument to repetition operator',
  TrailingBackslash: 'trailing backslash at end of expression',
  UnexpectedParen: 'unexpected )',
  NestingDepth: 'expression nests too deeply',
  Large: 'expression too large',
} as const;

/** A pattern Go's regexp.Compile rejects; message is Go's error text. */
export class RegexpSyntaxError extends Error {
  constructor(
    readonly code: string,
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}

const FOLD = 1;
const MULTI = 2;
const DOTNL = 4;
const UNGREEDY = 8;

/** Go's limit on repeat counts, and on the product of nested counts. */
export const MAX_REPEAT = 1000;

interface Frame {
  items: Node[];
  alts: Node[];
  /** 0 for a non-capturing group (and the root), else the group number. */
  cap: number;
  name: string;
  /** Flags in force at the open paren, restored at the close. */
  flags: number;
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;
const isOctal = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 55;
const isAlnum = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const unhex = (c: number | undefined): number => {
  if (c === undefined) return -1;
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
};
const CH = (s: string): number => s.charCodeAt(0);

/** The code points of a pattern; an unpaired surrogate reads as U+FFFD, as invalid UTF-8 does in Go. */
export function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out.push(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c);
  }
  return out;
}

/** Go's limit on the height of the parse tree. */
const MAX_HEIGHT = 1000;

/** The height of a tree, without recursion (an input may nest groups very deeply). */
function height(root: Node): number {
  let max = 0;
  const stack: Array<[Node, number]> = [[root, 1]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    if (n.op === 'cap' || n.op === 'rep') stack.push([n.sub, d + 1]);
    else if (n.op === 'cat' || n.op === 'alt') for (const s of n.subs) stack.push([s, d + 1]);
  }
  return max;
}

function seqNode(items: Node[]): Node {
  if (items.length === 0) return { op: 'empty' };
  return items.length === 1 ? items[0]! : { op: 'cat', subs: items };
}

/** Whether nested counted repeats stay within n copies of the innermost item (Go's repeatIsValid). */
function repeatIsValid(root: Node, n: number): boolean {
  const stack: Array<[Node, number]> = [[root, n]];
  while (stack.length) {
    const [node, outer] = stack.pop()!;
    let limit = outer;
    if (node.op === 'rep' && node.counted) {
      let m = node.max;
      if (m === 0) continue;
      if (m < 0) m = node.min;
      if (m > limit) return false;
      if (m > 0) limit = Math.floor(limit / m);
    }
    if (node.op === 'rep' || node.op === 'cap') stack.push([node.sub, limit]);
    else if (node.op === 'cat' || node.op === 'alt') for (const s of node.subs) stack.push([s, limit]);
  }
  return true;
}

class Parser {
  private i = 0;
  private flags = 0;
  private numCap = 0;
  private readonly names: string[] = [''];
  private readonly stack: Frame[] = [{ items: [], alts: [], cap: 0, name: '', flags: 0 }];
  /** Start of the previous token when it was a repetition operator, else -1. */
  private lastRepeat = -1;

  constructor(
    private readonly t: number[],
    private readonly whole: string,
  ) {}

  /** The pattern text t[from, to) (in slices: an error may quote a very long pattern). */
  private text(from: number, to: number): string {
    let out = '';
    for (let i = from; i < to; i += 4096) out += String.fromCodePoint(...this.t.slice(i, Math.min(to, i + 4096)));
    return out;
  }

  private fail(code: string, from: number, to: number): never {
    throw new RegexpSyntaxError(code, this.text(from, to));
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  parse(): Parsed {
    const t = this.t;
    while (this.i < t.length) {
      const start = this.i;
      const wasRepeat = this.token();
      this.lastRepeat = wasRepeat ? start : -1;
    }
    if (this.stack.length !== 1) throw new RegexpSyntaxError(ErrorCode.MissingParen, this.whole);
    const root = this.close(this.stack[0]!);
    if (height(root) > MAX_HEIGHT) throw new RegexpSyntaxError(ErrorCode.NestingDepth, this.whole);
    return { root, numCap: this.numCap, names: this.names };
  }

  /** Reads one token; true when it was a repetition operator. */
  private token(): boolean {
    const c = this.t[this.i]!;
    switch (c) {
      case CH('('):
        if (this.t[this.i + 1] === CH('?')) this.perlFlags();
        else this.open(++this.numCap, '', 1);
        return false;
      case CH('|'):
        this.top.alts.push(seqNode(this.top.items));
        this.top.items = [];
        this.i++;
        return false;
      case CH(')'):
        this.rightParen();
        return false;
      case CH('^'):
        this.push({ op: 'assert', kind: this.flags & MULTI ? Assert.BeginLine : Assert.BeginText }, 1);
        return false;
      case CH('$'):
        this.push({ op: 'assert', kind: this.flags & MULTI ? Assert.EndLine : Assert.EndText }, 1);
        return false;
      case CH('.'):
        this.push({ op: 'class', cls: { ranges: this.flags & DOTNL ? [0, MAX_RUNE] : [0, 9, 11, MAX_RUNE], props: [], negated: false } }, 1);
        return false;
      case CH('['):
        this.push({ op: 'class', cls: this.charClass() }, 0);
        return false;
      case CH('*'):
      case CH('+'):
      case CH('?'):
        this.repeat(c === CH('+') ? 1 : 0, c === CH('?') ? 1 : -1, false, this.i, this.i + 1);
        return true;
      case CH('{'):
        return this.brace();
      case CH('\\'):
        this.backslash();
        return false;
      default:
        this.literal(c);
        this.i++;
        return false;
    }
  }

  private push(n: Node, width: number): void {
    this.top.items.push(n);
    this.i += width;
  }

  private literal(c: number): void {
    if (this.flags & FOLD) {
      const o = orbit(c);
      if (o.length > 1) {
        this.top.items.push({ op: 'class', cls: { ranges: cleanRanges(o.flatMap((d) => [d, d])), props: [], negated: false } });
        return;
      }
    }
    this.top.items.push({ op: 'lit', c });
  }

  private open(cap: number, name: string, width: number): void {
    if (cap) this.names[cap] = name;
    this.stack.push({ items: [], alts: [], cap, name, flags: this.flags });
    this.i += width;
  }

  private close(f: Frame): Node {
    if (!f.alts.length) return seqNode(f.items);
    return { op: 'alt', subs: [...f.alts, seqNode(f.items)] };
  }

  private rightParen(): void {
    if (this.stack.length < 2) throw new RegexpSyntaxError(ErrorCode.UnexpectedParen, this.whole);
    const f = this.stack.pop()!;
    this.flags = f.flags;
    const body = this.close(f);
    this.top.items.push(f.cap ? { op: 'cap', index: f.cap, name: f.name, sub: body } : body);
    this.i++;
  }

  /** A repetition of the last item: op text is t[before, after). */
  private repeat(min: number, max: number, counted: boolean, before: number, after: number): void {
    let greedy = !(this.flags & UNGREEDY);
    if (this.t[after] === CH('?')) {
      after++;
      greedy = !greedy;
    }
    if (this.lastRepeat >= 0) this.fail(ErrorCode.InvalidRepeatOp, this.lastRepeat, after);
    const items = this.top.items;
    if (!items.length) this.fail(ErrorCode.MissingRepeatArgument, before, after);
    const node: Node = { op: 'rep', min, max, greedy, sub: items.pop()!, counted };
    items.push(node);
    this.i = after;
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) this.fail(ErrorCode.InvalidRepeatSize, before, after);
  }

  /** Go's parseInt: decimal without leading zeros; -1 when too big; undefined when absent. */
  private int(): number | undefined {
    const t = this.t;
    if (!isDigit(t[this.i])) return undefined;
    if (t[this.i] === 48 && isDigit(t[this.i + 1])) return undefined;
    let n = 0;
    while (isDigit(t[this.i])) {
      if (n >= 0 && n >= 1e8) n = -1;
      else if (n >= 0) n = n * 10 + t[this.i]! - 48;
      this.i++;
    }
    return n;
  }

  /** `{n}`, `{n,}`, `{n,m}`; anything else makes `{` a literal. */
  private brace(): boolean {
    const before = this.i;
    this.i++;
    let min = this.int();
    let max: number | undefined = min;
    if (min !== undefined && this.t[this.i] === CH(',')) {
      this.i++;
      if (this.t[this.i] === CH('}')) max = -1;
      else {
        max = this.int();
        if (max !== undefined && max < 0) min = -1;
      }
    }
    if (min === undefined || max === undefined || this.t[this.i] !== CH('}')) {
      this.i = before + 1;
      this.literal(CH('{'));
      return false;
    }
    const after = ++this.i;
    if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) this.fail(ErrorCode.InvalidRepeatSize, before, after);
    this.repeat(min, max, true, before, after);
    return true;
  }

  private perlFlags(): void {
    const t = this.t;
    const s = this.i;
    const startsWithP = t.length - s > 4 && t[s + 2] === CH('P') && t[s + 3] === CH('<');
    const startsWithName = t.length - s > 3 && t[s + 2] === CH('<');
    if (startsWithP || startsWithName) return this.namedGroup(startsWithP ? s + 4 : s + 3);
    let i = s + 2;
    let flags = this.flags;
    let negative = false;
    let sawFlag = false;
    while (i < t.length) {
      const c = t[i++]!;
      const bit = c === CH('i') ? FOLD : c === CH('m') ? MULTI : c === CH('s') ? DOTNL : c === CH('U') ? UNGREEDY : 0;
      if (bit) {
        flags = negative ? flags & ~bit : flags | bit;
        sawFlag = true;
      } else if (c === CH('-') && !negative) {
        negative = true;
        sawFlag = false;
      } else if ((c === CH(':') || c === CH(')')) && (!negative || sawFlag)) {
        if (c === CH(':')) this.open(0, '', 0);
        this.flags = flags;
        this.i = i;
        return;
      } else break;
    }
    this.fail(ErrorCode.InvalidPerlOp, s, i);
  }

  private namedGroup(nameStart: number): void {
    const t = this.t;
    const end = t.indexOf(CH('>'), this.i);
    if (end < 0) this.fail(ErrorCode.InvalidNamedCapture, this.i, t.length);
    const name = this.text(nameStart, end);
    if (!name || !t.slice(nameStart, end).every((c) => c === CH('_') || isAlnum(c))) this.fail(ErrorCode.InvalidNamedCapture, this.i, end + 1);
    this.open(++this.numCap, name, end + 1 - this.i);
  }

  private backslash(): void {
    const t = this.t;
    const next = t[this.i + 1];
    const assert = next === CH('A') ? Assert.BeginText : next === CH('z') ? Assert.EndText : next === CH('b') ? Assert.WordBoundary : next === CH('B') ? Assert.NoWordBoundary : 0;
    if (assert) return this.push({ op: 'assert', kind: assert }, 2);
    if (next === CH('C')) this.fail(ErrorCode.InvalidEscape, this.i, this.i + 2);
    if (next === CH('Q')) return this.quoted();
    const cls = this.unicodeClass() ?? this.perlClass();
    if (cls) return this.push({ op: 'class', cls }, 0);
    this.literal(this.escape());
  }

  /** \Q...\E (or to the end): literal text. */
  private quoted(): void {
    const t = this.t;
    let j = this.i + 2;
    while (j < t.length && !(t[j] === CH('\\') && t[j + 1] === CH('E'))) this.literal(t[j++]!);
    this.i = j < t.length ? j + 2 : j;
  }

  /** \pN, \p{Name}, \PN, \P{^Name} at this.i, or undefined when not a \p escape. */
  private unicodeClass(): CharClass | undefined {
    const t = this.t;
    const s = this.i;
    if (t[s] !== CH('\\') || (t[s + 1] !== CH('p') && t[s + 1] !== CH('P'))) return undefined;
    let negated = t[s + 1] === CH('P');
    let name: string;
    let end: number;
    if (t[s + 2] !== CH('{')) {
      end = Math.min(s + 3, t.length);
      name = this.text(s + 2, end);
    } else {
      const close = t.indexOf(CH('}'), s);
      if (close < 0) this.fail(ErrorCode.InvalidCharRange, s, t.length);
      end = close + 1;
      name = this.text(s + 3, close);
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const target = resolveUnicodeName(name);
    if (!target) this.fail(ErrorCode.InvalidCharRange, s, end);
    this.i = end;
    const fold = (this.flags & FOLD) !== 0;
    if ('ranges' in target) return { ranges: groupRanges(target.ranges, negated, fold), props: [], negated: false };
    const prop: UnicodeProp = { js: target.js, negated, fold };
    return { ranges: [], props: [prop], negated: false };
  }

  /** \d \D \s \S \w \W at this.i, or undefined. */
  private perlClass(): CharClass | undefined {
    const c = this.t[this.i + 1];
    if (this.t[this.i] !== CH('\\') || c === undefined) return undefined;
    const lower = String.fromCodePoint(c).toLowerCase();
    const group = c < 128 ? PERL_GROUPS[lower] : undefined;
    if (!group) return undefined;
    this.i += 2;
    return { ranges: groupRanges(group, c !== CH(lower), (this.flags & FOLD) !== 0), props: [], negated: false };
  }

  /** An escape at this.i (the backslash): the code point it stands for. */
  private escape(): number {
    const t = this.t;
    const s = this.i;
    if (s + 1 >= t.length) throw new RegexpSyntaxError(ErrorCode.TrailingBackslash, '');
    const c = t[s + 1]!;
    this.i = s + 2;
    if (c < 128 && !isAlnum(c)) return c;
    if (isOctal(c) && (c === 48 || isOctal(t[this.i]))) {
      let r = c - 48;
      for (let k = 1; k < 3 && isOctal(t[this.i]); k++) r = r * 8 + t[this.i++]! - 48;
      return r;
    }
    if (c === CH('x')) return this.hexEscape(s);
    const simple: Record<number, number> = { [CH('a')]: 7, [CH('f')]: 12, [CH('n')]: 10, [CH('r')]: 13, [CH('t')]: 9, [CH('v')]: 11 };
    if (simple[c] !== undefined) return simple[c]!;
    return this.fail(ErrorCode.InvalidEscape, s, this.i);
  }

  /** \xHH or \x{H...} (this.i is after the x). */
  private hexEscape(s: number): number {
    const t = this.t;
    if (this.i >= t.length) this.fail(ErrorCode.InvalidEscape, s, this.i);
    if (t[this.i] === CH('{')) {
      this.i++;
      let r = 0;
      let n = 0;
      for (;;) {
        if (this.i >= t.length) this.fail(ErrorCode.InvalidEscape, s, this.i);
        const c = t[this.i++]!;
        if (c === CH('}')) break;
        const v = unhex(c);
        if (v < 0) this.fail(ErrorCode.InvalidEscape, s, this.i);
        r = r * 16 + v;
        if (r > MAX_RUNE) this.fail(ErrorCode.InvalidEscape, s, this.i);
        n++;
      }
      if (!n) this.fail(ErrorCode.InvalidEscape, s, this.i);
      return r;
    }
    const x = unhex(t[this.i++]);
    const y = unhex(t[this.i]);
    if (this.i < t.length) this.i++;
    if (x < 0 || y < 0) this.fail(ErrorCode.InvalidEscape, s, this.i);
    return x * 16 + y;
  }

  /** A bracketed class at this.i (the `[`). */
  private charClass(): CharClass {
    const t = this.t;
    const s = this.i++;
    let negated = false;
    if (t[this.i] === CH('^')) {
      negated = true;
      this.i++;
    }
    const fold = (this.flags & FOLD) !== 0;
    let ranges: number[] = [];
    const props: UnicodeProp[] = [];
    let first = true;
    while (this.i >= t.length || t[this.i] !== CH(']') || first) {
      first = false;
      const named = this.posixClass();
      const group = named ?? this.unicodeClass() ?? this.perlClass();
      if (group) {
        ranges = ranges.concat(group.ranges);
        props.push(...group.props);
        continue;
      }
      const rs = this.i;
      const lo = this.classChar(s);
      let hi = lo;
      if (t[this.i] === CH('-') && this.i + 1 < t.length && t[this.i + 1] !== CH(']')) {
        this.i++;
        hi = this.classChar(s);
        if (hi < lo) this.fail(ErrorCode.InvalidCharRange, rs, this.i);
      }
      if (fold) ranges = ranges.concat(foldRanges([lo, hi]));
      else ranges.push(lo, hi);
    }
    this.i++;
    return { ranges: cleanRanges(ranges), props, negated };
  }

  private classChar(classStart: number): number {
    const t = this.t;
    if (this.i >= t.length) this.fail(ErrorCode.MissingBracket, classStart, t.length);
    if (t[this.i] === CH('\\')) return this.escape();
    return t[this.i++]!;
  }

  /** [:name:] or [:^name:] at this.i, or undefined. */
  private posixClass(): CharClass | undefined {
    const t = this.t;
    const s = this.i;
    if (t.length - s <= 2 || t[s] !== CH('[') || t[s + 1] !== CH(':')) return undefined;
    let end = -1;
    for (let j = s + 2; j + 1 < t.length; j++) {
      if (t[j] === CH(':') && t[j + 1] === CH(']')) {
        end = j + 2;
        break;
      }
    }
    if (end < 0) return undefined;
    let name = this.text(s + 2, end - 2);
    const negated = name.startsWith('^');
    if (negated) name = name.slice(1);
    const group = Object.hasOwn(POSIX_GROUPS, name) ? POSIX_GROUPS[name] : undefined;
    if (!group) this.fail(ErrorCode.InvalidCharRange, s, end);
    this.i = end;
    return { ranges: groupRanges(group, negated, (this.flags & FOLD) !== 0), props: [], negated: false };
  }
}

/** Parses a pattern as Go's regexp.Compile does; throws RegexpSyntaxError. */
export function parse(pattern: string): Parsed {
  return new Parser(codePoints(pattern), pattern).parse();
}
