// A lazily built DFA that answers "is there a match?" (regex.match, glob.match, template_match).
// A state is the set of instructions waiting for the next character plus what the character
// before it was (start of text, newline, word character), so every assertion (\A \z ^ $ \b \B)
// can be decided when the next character is known: a transition on character c follows the
// empty-width instructions with both sides in view, and either reaches Match (the answer is yes)
// or gives the next state. Transitions on ASCII characters are kept in a table, so a warm search
// reads one table entry per character; each new transition costs one pass over the program, so
// the work stays linear in the input whatever the pattern. Past its budget of states the DFA gives
// up (undefined) and the caller runs the Pike VM instead.

import { Assert } from './ast.js';
import { classMatches as classMatchesImport } from './charclass.js';
import { Op, type Program } from './compile.js';

const MATCH = Op.Match;
const CHAR = Op.Char;
const CLASS = Op.Class;
const ANY = Op.Any;
const ANY_NOT_NL = Op.AnyNotNL;
const SPLIT = Op.Split;
const JMP = Op.Jmp;
const SAVE = Op.Save;
const ASSERT = Op.Assert;
const FAIL = Op.Fail;
const classMatches = classMatchesImport;

/** What surrounds a position: bits of a closure context. */
const AT_BEGIN = 1;
const AT_END = 2;
const PREV_NL = 4;
const PREV_WORD = 8;
const NEXT_NL = 16;
const NEXT_WORD = 32;

/** Budget per pattern: states (a 512-byte transition row each) and instructions held in kernels. */
const MAX_STATES = 1024;
const MAX_KERNEL_INTS = 1 << 20;

/** Transitions on non-ASCII characters kept (in a map; cleared when full). */
const MAX_WIDE = 1 << 14;

const UNKNOWN = -1;
const GIVE_UP = -2;
const MATCHED = -3;

const isWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

function holds(kind: number, ctx: number): boolean {
  switch (kind) {
    case Assert.BeginText:
      return (ctx & AT_BEGIN) !== 0;
    case Assert.EndText:
      return (ctx & AT_END) !== 0;
    case Assert.BeginLine:
      return (ctx & (AT_BEGIN | PREV_NL)) !== 0;
    case Assert.EndLine:
      return (ctx & (AT_END | NEXT_NL)) !== 0;
    case Assert.WordBoundary:
      return ((ctx & PREV_WORD) !== 0) !== ((ctx & NEXT_WORD) !== 0);
    case Assert.NoWordBoundary:
      return ((ctx & PREV_WORD) !== 0) === ((ctx & NEXT_WORD) !== 0);
  }
  return false;
}

export class LazyDFA {
  /** Steps taken (characters read plus instructions visited while building states). */
  steps = 0;
  private readonly kernels: Int32Array[] = [];
  /** Per state: the PREV_* / AT_BEGIN bits of the character before it. */
  private readonly prevBits: number[] = [];
  private readonly ids = new Map<string, number>();
  /** ASCII transitions, 128 per state: a state id, MATCHED or UNKNOWN. */
  private trans = new Int32Array(0);
  /** Non-ASCII transitions by state * 0x110000 + code point. */
  private readonly wide = new Map<number, number>();
  /** Per state: whether Match is reached at the end of the text (-1 unknown). */
  private acceptEnd = new Int8Array(0);
  private readonly mark: Int32Array;
  private generation = 0;
  private readonly todo: Int32Array;
  private readonly waiting: number[] = [];
  private kernelInts = 0;
  /** The first state for each kind of character before the search's start. */
  private readonly initials = new Int32Array(PREV_WORD + 1).fill(UNKNOWN);

  constructor(private readonly prog: Program) {
    const n = prog.code.length / 3;
    this.mark = new Int32Array(n);
    this.todo = new Int32Array(2 * n + 2);
  }

  /**
   * Whether a match starts at or after from (the text before from still decides ^ and \b):
   * true/false, or undefined when the state budget ran out (run the Pike VM instead).
   */
  match(s: string, from = 0): boolean | undefined {
    const prev = from === 0 ? AT_BEGIN : s.charCodeAt(from - 1) === 10 ? PREV_NL : isWord(s.charCodeAt(from - 1)) ? PREV_WORD : 0;
    if (this.initials[prev] === UNKNOWN) this.initials[prev] = this.intern([this.prog.start], prev);
    let state = this.initials[prev]!;
    if (state < 0) return undefined;
    const len = s.length;
    let pos = from;
    while (pos < len) {
      let c = s.charCodeAt(pos);
      let w = 1;
      this.steps++;
      let t: number;
      if (c < 128) {
        t = this.trans[state * 128 + c]!;
        if (t === UNKNOWN) this.trans[state * 128 + c] = t = this.transition(state, c);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) [c, w] = decode(s, pos);
        const key = state * 0x110000 + c;
        t = this.wide.get(key) ?? UNKNOWN;
        if (t === UNKNOWN) {
          t = this.transition(state, c);
          if (this.wide.size >= MAX_WIDE) this.wide.clear();
          this.wide.set(key, t);
        }
      }
      if (t < 0) return t === MATCHED ? true : undefined;
      if (this.kernels[t]!.length === 0) return false;
      state = t;
      pos += w;
    }
    let end = this.acceptEnd[state]!;
    if (end === UNKNOWN) this.acceptEnd[state] = end = this.closure(this.kernels[state]!, this.prevBits[state]! | AT_END) ? 1 : 0;
    return end === 1;
  }

  /** From state, with c next: MATCHED if a match ends here, else the state after c (GIVE_UP past the budget). */
  private transition(state: number, c: number): number {
    const ctx = this.prevBits[state]! | (c === 10 ? NEXT_NL : 0) | (isWord(c) ? NEXT_WORD : 0);
    if (this.closure(this.kernels[state]!, ctx)) return MATCHED;
    const { code, classes } = this.prog;
    const next: number[] = [];
    for (const pc of this.waiting) {
      const at = pc * 3;
      const op = code[at]!;
      let ok = false;
      if (op === CHAR) ok = c === code[at + 1];
      else if (op === CLASS) ok = classMatches(classes[code[at + 1]!]!, c);
      else if (op === ANY) ok = true;
      else if (op === ANY_NOT_NL) ok = c !== 10;
      if (ok) next.push(code[at + 2]!);
    }
    if (!this.prog.anchored) next.push(this.prog.start);
    return this.intern(next, (c === 10 ? PREV_NL : 0) | (isWord(c) ? PREV_WORD : 0));
  }

  /** Follows empty-width instructions from kernel in context ctx; true when Match is reached. The consuming instructions reached are left in this.waiting. */
  private closure(kernel: ArrayLike<number>, ctx: number): boolean {
    const { code } = this.prog;
    const { mark, todo } = this;
    const gen = ++this.generation;
    const waiting = this.waiting;
    waiting.length = 0;
    let matched = false;
    let sp = 0;
    for (let i = kernel.length - 1; i >= 0; i--) todo[sp++] = kernel[i]!;
    while (sp > 0) {
      const pc = todo[--sp]!;
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      this.steps++;
      const at = pc * 3;
      const op = code[at]!;
      if (op === JMP) todo[sp++] = code[at + 1]!;
      else if (op === SPLIT) {
        todo[sp++] = code[at + 2]!;
        todo[sp++] = code[at + 1]!;
      } else if (op === SAVE) todo[sp++] = code[at + 2]!;
      else if (op === ASSERT) {
        if (holds(code[at + 1]!, ctx)) todo[sp++] = code[at + 2]!;
      } else if (op === MATCH) matched = true;
      else if (op !== FAIL) waiting.push(pc);
    }
    return matched;
  }

  /** The state id of a kernel (sorted, deduplicated) after a character of kind prev, or GIVE_UP past the budget. */
  private intern(kernel: number[], prev: number): number {
    const sorted = [...new Set(kernel)].sort((a, b) => a - b);
    const key = `${prev}:${sorted.join(',')}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.kernels.length >= MAX_STATES || this.kernelInts + sorted.length > MAX_KERNEL_INTS) return GIVE_UP;
    this.kernelInts += sorted.length;
    const id = this.kernels.length;
    this.kernels.push(Int32Array.from(sorted));
    this.prevBits.push(prev);
    this.ids.set(key, id);
    this.grow(id + 1);
    return id;
  }

  private grow(n: number): void {
    if (this.acceptEnd.length >= n) return;
    const size = Math.max(n, this.acceptEnd.length * 2, 8);
    const trans = new Int32Array(size * 128).fill(UNKNOWN);
    trans.set(this.trans);
    this.trans = trans;
    const end = new Int8Array(size).fill(UNKNOWN);
    end.set(this.acceptEnd);
    this.acceptEnd = end;
  }
}

/** The code point at pos and its width in UTF-16 units (an unpaired surrogate is U+FFFD). */
function decode(s: string, pos: number): [number, number] {
  const c = s.charCodeAt(pos);
  if (c <= 0xdbff && pos + 1 < s.length) {
    const d = s.charCodeAt(pos + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return [((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000, 2];
  }
  return [0xfffd, 1];
}
