// The Pike VM: runs a program over the input once, keeping at most one thread per instruction (a
// sparse set per input position), so a search costs O(input length x program size) whatever the
// pattern: no backtracking. Threads are kept in priority order and a match cuts off the threads
// below it, which gives Go's leftmost-first (Perl-like) submatches. Positions are UTF-16 offsets
// into the JavaScript string; the machine steps over whole code points (an unpaired surrogate
// reads as U+FFFD, as an invalid UTF-8 byte does in Go). No closures, no allocation per step.

import { Assert } from './ast.js';
import { classMatches as classMatchesImport, inRanges as inRangesImport } from './charclass.js';
import { Op, type Program } from './compile.js';

// The opcodes and assertion kinds as module constants: read once here, so the hot loop compares
// plain numbers (an imported enum can be a property read through a module binding per use).
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
const BEGIN_TEXT = Assert.BeginText;
const END_TEXT = Assert.EndText;
const BEGIN_LINE = Assert.BeginLine;
const END_LINE = Assert.EndLine;
const WORD_BOUNDARY = Assert.WordBoundary;
const NO_WORD_BOUNDARY = Assert.NoWordBoundary;
const classMatches = classMatchesImport;
const inRanges = inRangesImport;

class ThreadList {
  readonly dense: Int32Array;
  readonly sparse: Int32Array;
  size = 0;
  /** ncap slots per thread, by index in dense (grown on demand). */
  caps = new Int32Array(0);

  constructor(n: number) {
    this.dense = new Int32Array(n);
    this.sparse = new Int32Array(n);
  }

  reserve(slots: number): void {
    if (this.caps.length >= slots) return;
    const next = new Int32Array(Math.max(slots, this.caps.length * 2));
    next.set(this.caps);
    this.caps = next;
  }
}

const isWordUnit = (u: number): boolean => (u >= 48 && u <= 57) || (u >= 65 && u <= 90) || (u >= 97 && u <= 122) || u === 95;

function assertHolds(kind: number, s: string, pos: number): boolean {
  switch (kind) {
    case BEGIN_TEXT:
      return pos === 0;
    case END_TEXT:
      return pos === s.length;
    case BEGIN_LINE:
      return pos === 0 || s.charCodeAt(pos - 1) === 10;
    case END_LINE:
      return pos === s.length || s.charCodeAt(pos) === 10;
    case WORD_BOUNDARY:
      return (pos > 0 && isWordUnit(s.charCodeAt(pos - 1))) !== (pos < s.length && isWordUnit(s.charCodeAt(pos)));
    case NO_WORD_BOUNDARY:
      return (pos > 0 && isWordUnit(s.charCodeAt(pos - 1))) === (pos < s.length && isWordUnit(s.charCodeAt(pos)));
  }
  return false;
}

export class PikeVM {
  /** Threads visited plus threads stepped, over the machine's life: linear in the input per search. */
  steps = 0;
  private clist: ThreadList;
  private nlist: ThreadList;
  private readonly stack: Int32Array;
  private readonly stackVal: Int32Array;
  private scratch = new Int32Array(0);
  private noCaps = new Int32Array(0);
  private matchCaps = new Int32Array(0);
  private ncap = 0;
  private matched = false;

  constructor(private readonly prog: Program) {
    const n = prog.code.length / 3;
    this.clist = new ThreadList(n);
    this.nlist = new ThreadList(n);
    this.stack = new Int32Array(2 * n + 2);
    this.stackVal = new Int32Array(2 * n + 2);
  }

  /**
   * The leftmost-first match at or after pos: true and the first ncap capture slots in out
   * (-1 for a group that did not take part), or false. ncap 0 answers only whether there is one.
   */
  exec(s: string, pos: number, ncap: number, out: Int32Array): boolean {
    this.prepare(ncap);
    const { prog } = this;
    const first = prog.firstAscii;
    const len = s.length;
    for (;;) {
      if (this.clist.size === 0) {
        if (this.matched || (prog.anchored && pos !== 0)) break;
        if (first) {
          // no thread alive: go straight to the next character a match can start with
          while (pos < len && s.charCodeAt(pos) < 128 && first[s.charCodeAt(pos)] === 0) pos++;
          if (pos >= len) break;
        }
      }
      if (!this.matched && (!prog.anchored || pos === 0)) this.addThread(this.clist, prog.start, pos, s, this.noCaps, 0);
      let c = -1;
      let w = 0;
      if (pos < len) {
        c = s.charCodeAt(pos);
        w = 1;
        if (c >= 0xd800 && c <= 0xdfff) {
          const d = c <= 0xdbff && pos + 1 < len ? s.charCodeAt(pos + 1) : 0;
          if (d >= 0xdc00 && d <= 0xdfff) {
            c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
            w = 2;
          } else c = 0xfffd;
        }
      }
      this.step(s, pos, c, w);
      if ((ncap === 0 && this.matched) || w === 0) break;
      pos += w;
      const t = this.clist;
      this.clist = this.nlist;
      this.nlist = t;
      this.nlist.size = 0;
    }
    if (this.matched) for (let i = 0; i < ncap; i++) out[i] = this.matchCaps[i]!;
    return this.matched;
  }

  private prepare(ncap: number): void {
    this.ncap = ncap;
    this.matched = false;
    this.clist.size = 0;
    this.nlist.size = 0;
    if (this.scratch.length < ncap) {
      this.scratch = new Int32Array(ncap);
      this.matchCaps = new Int32Array(ncap);
      this.noCaps = new Int32Array(ncap).fill(-1);
    }
  }

  /** Follows the empty-width instructions from pc at pos, adding the threads that consume or match. */
  private addThread(list: ThreadList, pc0: number, pos: number, s: string, from: Int32Array, fromOff: number): void {
    const { code } = this.prog;
    const { stack, stackVal, scratch, ncap } = this;
    for (let k = 0; k < ncap; k++) scratch[k] = from[fromOff + k]!;
    const { dense, sparse } = list;
    let sp = 0;
    let visited = 0;
    stack[sp++] = pc0;
    while (sp > 0) {
      const e = stack[--sp]!;
      if (e < 0) {
        scratch[-e - 1] = stackVal[sp]!;
        continue;
      }
      const known = sparse[e]!;
      if (known < list.size && dense[known] === e) continue;
      const idx = list.size++;
      sparse[e] = idx;
      dense[idx] = e;
      visited++;
      const at = e * 3;
      switch (code[at]) {
        case JMP:
          stack[sp++] = code[at + 1]!;
          break;
        case SPLIT:
          stack[sp++] = code[at + 2]!;
          stack[sp++] = code[at + 1]!;
          break;
        case SAVE: {
          const slot = code[at + 1]!;
          if (slot < ncap) {
            stackVal[sp] = scratch[slot]!;
            stack[sp++] = -slot - 1;
            scratch[slot] = pos;
          }
          stack[sp++] = code[at + 2]!;
          break;
        }
        case ASSERT:
          if (assertHolds(code[at + 1]!, s, pos)) stack[sp++] = code[at + 2]!;
          break;
        case FAIL:
          break;
        default:
          if (ncap) {
            list.reserve((idx + 1) * ncap);
            const caps = list.caps;
            for (let k = 0, o = idx * ncap; k < ncap; k++) caps[o + k] = scratch[k]!;
          }
      }
    }
    this.steps += visited;
  }

  /** Advances every thread of clist over code point c (-1 at the end) into nlist, in priority order. */
  private step(s: string, pos: number, c: number, w: number): void {
    const { code, classes } = this.prog;
    const { clist, nlist, ncap } = this;
    this.steps += clist.size;
    for (let i = 0; i < clist.size; i++) {
      const pc = clist.dense[i]!;
      const at = pc * 3;
      const op = code[at]!;
      if (op === MATCH) {
        for (let k = 0; k < ncap; k++) this.matchCaps[k] = clist.caps[i * ncap + k]!;
        this.matched = true;
        return;
      }
      let ok = false;
      if (c < 0) ok = false;
      else if (op === CHAR) ok = c === code[at + 1];
      else if (op === CLASS) {
        const cls = classes[code[at + 1]!]!;
        ok = cls.props.length === 0 && !cls.negated ? inRanges(cls.ranges, c) : classMatches(cls, c);
      }
      else if (op === ANY) ok = true;
      else if (op === ANY_NOT_NL) ok = c !== 10;
      if (ok) this.addThread(nlist, code[at + 2]!, pos + w, s, clist.caps, i * ncap);
    }
  }
}
