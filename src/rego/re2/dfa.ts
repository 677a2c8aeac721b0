// A lazily built DFA that answers "is there a match?" (regex.match, glob.match) for programs whose
// only assertions are \A and \z (^ and $ without the m flag). A state is the set of instructions
// that wait for the next character; its transitions on ASCII characters are computed on first use
// and kept in a table, so a search is one table read per character once warm. Each new transition
// costs one pass over the program, so the work stays linear in the input whatever happens. When a
// pattern would need too many states the DFA gives up (undefined) and the caller runs the Pike VM.

import { Assert } from './ast.js';
import { classMatches } from './charclass.js';
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
const BEGIN_TEXT = Assert.BeginText;
const END_TEXT = Assert.EndText;

/** Closure contexts: at the start of the text, at its end. */
const AT_BEGIN = 1;
const AT_END = 2;

/** Budget per pattern: states (a 512-byte transition row each) and instructions held in kernels. */
const MAX_STATES = 1024;
const MAX_KERNEL_INTS = 1 << 20;
const UNKNOWN = -1;

/** Whether the DFA can run this program (no line or word assertions). */
export function dfaEligible(prog: Program): boolean {
  const { code } = prog;
  for (let at = 0; at < code.length; at += 3) {
    if (code[at] === ASSERT && code[at + 1] !== BEGIN_TEXT && code[at + 1] !== END_TEXT) return false;
  }
  return true;
}

export class LazyDFA {
  /** Steps taken (characters read plus instructions visited while building states). */
  steps = 0;
  private readonly kernels: Int32Array[] = [];
  private readonly ids = new Map<string, number>();
  /** ASCII transitions, 128 per state. */
  private trans = new Int32Array(0);
  /** Per state: whether the closure in the middle of the text reaches Match (-1 unknown). */
  private acceptMid = new Int8Array(0);
  /** Per state: whether the closure at the end of the text reaches Match (-1 unknown). */
  private acceptEnd = new Int8Array(0);
  /** Whether the closure at the start of the text reaches Match (-1 unknown). */
  private beginAccepts = UNKNOWN;
  /** The state after the first character, for ASCII first characters. */
  private readonly firstTrans = new Int32Array(128).fill(UNKNOWN);
  private readonly mark: Int32Array;
  private generation = 0;
  private readonly todo: Int32Array;
  private readonly waiting: number[] = [];

  private readonly startKernel: number[];
  /** The state with no instruction left (an anchored search that failed), once seen. */
  private dead = -2;
  private kernelInts = 0;

  constructor(private readonly prog: Program) {
    const n = prog.code.length / 3;
    this.startKernel = [prog.start];
    this.mark = new Int32Array(n);
    this.todo = new Int32Array(2 * n + 2);
  }

  /** true/false, or undefined when the state budget ran out (run the Pike VM instead). */
  match(s: string): boolean | undefined {
    const len = s.length;
    const start = this.startKernel;
    if (len === 0) return this.closure(start, AT_BEGIN | AT_END);
    let pos = 0;
    let c = s.charCodeAt(0);
    let w = 1;
    if (c >= 0xd800 && c <= 0xdfff) [c, w] = decode(s, 0);
    // the first character: the closure sees \A (its transitions have their own table)
    if (this.beginAccepts === UNKNOWN) this.beginAccepts = this.closure(start, AT_BEGIN) ? 1 : 0;
    if (this.beginAccepts === 1) return true;
    let state = c < 128 ? this.firstTrans[c]! : UNKNOWN;
    if (state === UNKNOWN) {
      this.closure(start, AT_BEGIN);
      state = this.intern(this.advance(c));
      if (state < 0) return undefined;
      if (c < 128) this.firstTrans[c] = state;
    }
    pos = w;
    while (pos < len) {
      if (state === this.dead) return false;
      if (this.accepts(state)) return true;
      c = s.charCodeAt(pos);
      w = 1;
      this.steps++;
      if (c < 128) {
        let t = this.trans[state * 128 + c]!;
        if (t === UNKNOWN) {
          t = this.intern(this.next(this.kernels[state]!, c));
          if (t < 0) return undefined;
          this.trans[state * 128 + c] = t;
        }
        state = t;
      } else {
        if (c >= 0xd800 && c <= 0xdfff) [c, w] = decode(s, pos);
        state = this.intern(this.next(this.kernels[state]!, c));
        if (state < 0) return undefined;
      }
      pos += w;
    }
    let end = this.acceptEnd[state]!;
    if (end === UNKNOWN) {
      end = this.closure(this.kernels[state]!, AT_END) ? 1 : 0;
      this.acceptEnd[state] = end;
    }
    return end === 1;
  }

  private accepts(state: number): boolean {
    let a = this.acceptMid[state]!;
    if (a === UNKNOWN) {
      a = this.closure(this.kernels[state]!, 0) ? 1 : 0;
      this.acceptMid[state] = a;
    }
    return a === 1;
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
        const kind = code[at + 1]!;
        if ((kind === BEGIN_TEXT && ctx & AT_BEGIN) || (kind === END_TEXT && ctx & AT_END)) todo[sp++] = code[at + 2]!;
      } else if (op === MATCH) matched = true;
      else if (op !== Op.Fail) waiting.push(pc);
    }
    return matched;
  }

  /** The kernel after reading c from a kernel in the middle of the text. */
  private next(kernel: ArrayLike<number>, c: number): number[] {
    this.closure(kernel, 0);
    return this.advance(c);
  }

  /** The kernel after reading c from the instructions the last closure left waiting. */
  private advance(c: number): number[] {
    const { code, classes } = this.prog;
    const out: number[] = [];
    for (const pc of this.waiting) {
      const at = pc * 3;
      const op = code[at]!;
      let ok = false;
      if (op === CHAR) ok = c === code[at + 1];
      else if (op === CLASS) ok = classMatches(classes[code[at + 1]!]!, c);
      else if (op === ANY) ok = true;
      else if (op === ANY_NOT_NL) ok = c !== 10;
      if (ok) out.push(code[at + 2]!);
    }
    if (!this.prog.anchored) out.push(this.prog.start);
    return out;
  }

  /** The state id of a kernel (sorted, deduplicated), or -1 past the state budget. */
  private intern(kernel: number[]): number {
    const sorted = [...new Set(kernel)].sort((a, b) => a - b);
    const key = sorted.join(',');
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.kernels.length >= MAX_STATES || this.kernelInts + sorted.length > MAX_KERNEL_INTS) return -1;
    this.kernelInts += sorted.length;
    const id = this.kernels.length;
    if (!sorted.length) this.dead = id;
    this.kernels.push(Int32Array.from(sorted));
    this.ids.set(key, id);
    this.grow(id + 1);
    return id;
  }

  private grow(n: number): void {
    if (this.acceptMid.length >= n) return;
    const size = Math.max(n, this.acceptMid.length * 2, 8);
    const trans = new Int32Array(size * 128).fill(UNKNOWN);
    trans.set(this.trans);
    this.trans = trans;
    const acc = new Int8Array(size).fill(UNKNOWN);
    acc.set(this.acceptMid);
    this.acceptMid = acc;
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
