// AssemblyScript RE2 port: the lazily built DFA that answers "is there a match?" (a port of
// src/rego/re2/dfa.ts). A state is the set of instructions waiting for the next character plus
// what the character before it was (start of text, newline, word character), so every assertion
// (\A \z ^ $ \b \B) can be decided when the next character is known: a transition on c follows the
// empty-width instructions with both sides in view, and either reaches Match (the answer is yes)
// or gives the next state. ASCII transitions live in a table (a warm search reads one entry per
// character); each new transition costs one pass over the program, so the work stays linear.
// Memory is bounded for the stub runtime (which frees nothing): past its budget of states, or of
// cached non-ASCII transitions, the DFA gives up and the caller runs the Pike VM instead.
import { BEGIN_LINE, END_LINE, BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY } from './ast';
import {
  Program, OP_MATCH, OP_CHAR, OP_CLASS, OP_ANY, OP_ANY_NOT_NL, OP_SPLIT, OP_JMP, OP_SAVE, OP_ASSERT, OP_FAIL,
} from './compile';
import { runeAt } from './ranges';

/** What surrounds a position: bits of a closure context. */
const AT_BEGIN: i32 = 1;
const AT_END: i32 = 2;
const PREV_NL: i32 = 4;
const PREV_WORD: i32 = 8;
const NEXT_NL: i32 = 16;
const NEXT_WORD: i32 = 32;

/** Budget per pattern: states (a 512-byte transition row each) and instructions held in kernels. */
const MAX_STATES: i32 = 1024;
const MAX_KERNEL_INTS: i32 = 1 << 20;
/** Non-ASCII transitions kept; past this the DFA gives up rather than allocate per character. */
const MAX_WIDE: i32 = 1 << 14;

const UNKNOWN: i32 = -1;
const GIVE_UP: i32 = -2;
const MATCHED: i32 = -3;

/** match() answers. */
export const DFA_NO: i32 = 0;
export const DFA_YES: i32 = 1;
export const DFA_GAVE_UP: i32 = -1;

@inline function isWord(c: i32): bool {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95;
}

function holds(kind: i32, ctx: i32): bool {
  switch (kind) {
    case BEGIN_TEXT:
      return (ctx & AT_BEGIN) != 0;
    case END_TEXT:
      return (ctx & AT_END) != 0;
    case BEGIN_LINE:
      return (ctx & (AT_BEGIN | PREV_NL)) != 0;
    case END_LINE:
      return (ctx & (AT_END | NEXT_NL)) != 0;
    case WORD_BOUNDARY:
      return ((ctx & PREV_WORD) != 0) != ((ctx & NEXT_WORD) != 0);
    case NO_WORD_BOUNDARY:
      return ((ctx & PREV_WORD) != 0) == ((ctx & NEXT_WORD) != 0);
  }
  return false;
}

/** The bits describing the character c just read. */
@inline function prevOf(c: i32): i32 {
  return (c == 10 ? PREV_NL : 0) | (isWord(c) ? PREV_WORD : 0);
}

export class LazyDFA {
  prog: Program;
  /** Characters read plus instructions visited while building states. */
  steps: i64 = 0;
  kernels: Array<StaticArray<i32>> = new Array<StaticArray<i32>>();
  /** Per state: the PREV_* / AT_BEGIN bits of the character before it. */
  prevBits: Array<i32> = new Array<i32>();
  ids: Map<string, i32> = new Map<string, i32>();
  /** ASCII transitions, 128 per state: a state id, MATCHED, GIVE_UP or UNKNOWN. */
  trans: StaticArray<i32> = new StaticArray<i32>(0);
  /** Non-ASCII transitions by state << 21 | code point. */
  wide: Map<i64, i32> = new Map<i64, i32>();
  /** Per state: whether Match is reached at the end of the text (-1 unknown). */
  acceptEnd: StaticArray<i8> = new StaticArray<i8>(0);
  mark: StaticArray<i32>;
  generation: i32 = 0;
  todo: StaticArray<i32>;
  waiting: Array<i32> = new Array<i32>();
  kernelInts: i32 = 0;
  /** The first state for each kind of character before the search's start. */
  initials: StaticArray<i32> = new StaticArray<i32>(PREV_WORD + 1);

  constructor(prog: Program) {
    this.prog = prog;
    const n = prog.size;
    this.mark = new StaticArray<i32>(n);
    this.todo = new StaticArray<i32>(2 * n + 2);
    for (let i = 0; i < this.initials.length; i++) this.initials[i] = UNKNOWN;
  }

  /** Whether a match starts at or after from (the text before from still decides ^ and \b): DFA_YES, DFA_NO or DFA_GAVE_UP. */
  match(s: string, from: i32): i32 {
    const prev = from == 0 ? AT_BEGIN : prevOf(<i32>s.charCodeAt(from - 1));
    if (this.initials[prev] == UNKNOWN) this.initials[prev] = this.intern([this.prog.start], prev);
    let state = this.initials[prev];
    if (state < 0) return DFA_GAVE_UP;
    const len = s.length;
    let pos = from;
    while (pos < len) {
      let c = <i32>s.charCodeAt(pos);
      let w = 1;
      this.steps++;
      let t: i32;
      if (c < 128) {
        t = unchecked(this.trans[(state << 7) + c]);
        if (t == UNKNOWN) {
          t = this.transition(state, c);
          this.trans[(state << 7) + c] = t;
        }
      } else {
        c = runeAt(s, pos, len);
        if (c >= 0x10000) w = 2;
        t = this.wideTransition(state, c);
      }
      if (t < 0) return t == MATCHED ? DFA_YES : DFA_GAVE_UP;
      if (this.kernels[t].length == 0) return DFA_NO;
      state = t;
      pos += w;
    }
    return this.matchesAtEnd(state) ? DFA_YES : DFA_NO;
  }

  /** A non-ASCII transition, from the cache or computed (GIVE_UP once the cache is full). */
  wideTransition(state: i32, c: i32): i32 {
    const key = (<i64>state << 21) | <i64>c;
    if (this.wide.has(key)) return this.wide.get(key);
    if (this.wide.size >= MAX_WIDE) return GIVE_UP;
    const t = this.transition(state, c);
    this.wide.set(key, t);
    return t;
  }

  matchesAtEnd(state: i32): bool {
    let end = <i32>this.acceptEnd[state];
    if (end == UNKNOWN) {
      end = this.closure(this.kernels[state], this.prevBits[state] | AT_END) ? 1 : 0;
      this.acceptEnd[state] = <i8>end;
    }
    return end == 1;
  }

  /** From state, with c next: MATCHED if a match ends here, else the state after c (GIVE_UP past the budget). */
  transition(state: i32, c: i32): i32 {
    const ctx = this.prevBits[state] | (c == 10 ? NEXT_NL : 0) | (isWord(c) ? NEXT_WORD : 0);
    if (this.closure(this.kernels[state], ctx)) return MATCHED;
    const prog = this.prog;
    const code = prog.code;
    const next = new Array<i32>();
    const waiting = this.waiting;
    for (let i = 0; i < waiting.length; i++) {
      const at = waiting[i] * 3;
      const op = code[at];
      let ok = false;
      if (op == OP_CHAR) ok = c == code[at + 1];
      else if (op == OP_CLASS) ok = prog.classHas(code[at + 1], c);
      else if (op == OP_ANY) ok = true;
      else if (op == OP_ANY_NOT_NL) ok = c != 10;
      if (ok) next.push(code[at + 2]);
    }
    if (!prog.anchored) next.push(prog.start);
    return this.intern(next, prevOf(c));
  }

  /** Follows empty-width instructions from kernel in context ctx; true when Match is reached. The consuming instructions reached are left in this.waiting. */
  closure(kernel: StaticArray<i32>, ctx: i32): bool {
    const code = this.prog.code;
    const mark = this.mark;
    const todo = this.todo;
    const gen = ++this.generation;
    const waiting = this.waiting;
    waiting.length = 0;
    let matched = false;
    let sp = 0;
    for (let i = kernel.length - 1; i >= 0; i--) todo[sp++] = kernel[i];
    while (sp > 0) {
      const pc = todo[--sp];
      if (mark[pc] == gen) continue;
      mark[pc] = gen;
      this.steps++;
      const at = pc * 3;
      const op = code[at];
      if (op == OP_JMP) todo[sp++] = code[at + 1];
      else if (op == OP_SPLIT) {
        todo[sp++] = code[at + 2];
        todo[sp++] = code[at + 1];
      } else if (op == OP_SAVE) todo[sp++] = code[at + 2];
      else if (op == OP_ASSERT) {
        if (holds(code[at + 1], ctx)) todo[sp++] = code[at + 2];
      } else if (op == OP_MATCH) matched = true;
      else if (op != OP_FAIL) waiting.push(pc);
    }
    return matched;
  }

  /** The state id of a kernel (sorted, deduplicated) after a character of kind prev, or GIVE_UP past the budget. */
  intern(kernel: Array<i32>, prev: i32): i32 {
    if (kernel.length > 1) kernel.sort();
    const sorted = new Array<i32>();
    for (let i = 0; i < kernel.length; i++) if (i == 0 || kernel[i] != kernel[i - 1]) sorted.push(kernel[i]);
    const key = prev.toString() + ':' + sorted.join(',');
    if (this.ids.has(key)) return this.ids.get(key);
    if (this.kernels.length >= MAX_STATES || this.kernelInts + sorted.length > MAX_KERNEL_INTS) return GIVE_UP;
    this.kernelInts += sorted.length;
    const id = this.kernels.length;
    this.kernels.push(StaticArray.fromArray<i32>(sorted));
    this.prevBits.push(prev);
    this.ids.set(key, id);
    this.grow(id + 1);
    return id;
  }

  /** Room for n states in the transition table (doubling: the stub runtime keeps the old rows). */
  grow(n: i32): void {
    if (this.acceptEnd.length >= n) return;
    const size = max(n, max(this.acceptEnd.length * 2, 8));
    const trans = new StaticArray<i32>(size * 128);
    for (let i = 0; i < trans.length; i++) trans[i] = i < this.trans.length ? this.trans[i] : UNKNOWN;
    this.trans = trans;
    const end = new StaticArray<i8>(size);
    for (let i = 0; i < size; i++) end[i] = i < this.acceptEnd.length ? this.acceptEnd[i] : <i8>UNKNOWN;
    this.acceptEnd = end;
  }
}
