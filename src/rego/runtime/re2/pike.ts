// AssemblyScript RE2 port: the Pike VM (src/rego/re2/pike.ts). It runs the program over the input
// once, keeping at most one thread per instruction (a sparse set per input position), so a search
// costs O(input length x program size) whatever the pattern: no backtracking. Threads are kept in
// priority order and a match cuts off the threads below it, which gives Go's leftmost-first
// submatches. Positions are UTF-16 offsets; the machine steps over whole code points (an unpaired
// surrogate reads as U+FFFD, as an invalid UTF-8 byte does in Go). Buffers are sized once per
// machine and reused: nothing is allocated per character (the stub runtime never frees).
import { BEGIN_LINE, END_LINE, BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY } from './ast';
import {
  Program, OP_MATCH, OP_CHAR, OP_CLASS, OP_ANY, OP_ANY_NOT_NL, OP_SPLIT, OP_JMP, OP_SAVE, OP_ASSERT, OP_FAIL,
} from './compile';
import { runeAt } from './ranges';

class ThreadList {
  dense: StaticArray<i32>;
  sparse: StaticArray<i32>;
  size: i32 = 0;
  /** ncap slots per thread, by index in dense (grown on demand). */
  caps: StaticArray<i32> = new StaticArray<i32>(0);

  constructor(n: i32) {
    this.dense = new StaticArray<i32>(n);
    this.sparse = new StaticArray<i32>(n);
  }

  reserve(slots: i32): void {
    if (this.caps.length >= slots) return;
    const next = new StaticArray<i32>(max(slots, this.caps.length * 2));
    memory.copy(changetype<usize>(next), changetype<usize>(this.caps), <usize>this.caps.length << 2);
    this.caps = next;
  }
}

@inline function isWordUnit(u: i32): bool {
  return (u >= 48 && u <= 57) || (u >= 65 && u <= 90) || (u >= 97 && u <= 122) || u == 95;
}

function assertHolds(kind: i32, s: string, pos: i32): bool {
  const len = s.length;
  switch (kind) {
    case BEGIN_TEXT:
      return pos == 0;
    case END_TEXT:
      return pos == len;
    case BEGIN_LINE:
      return pos == 0 || s.charCodeAt(pos - 1) == 10;
    case END_LINE:
      return pos == len || s.charCodeAt(pos) == 10;
    case WORD_BOUNDARY:
      return (pos > 0 && isWordUnit(s.charCodeAt(pos - 1))) != (pos < len && isWordUnit(s.charCodeAt(pos)));
    case NO_WORD_BOUNDARY:
      return (pos > 0 && isWordUnit(s.charCodeAt(pos - 1))) == (pos < len && isWordUnit(s.charCodeAt(pos)));
  }
  return false;
}

export class PikeVM {
  prog: Program;
  /** Threads visited plus threads stepped, over the machine's life (for tests of linear behaviour). */
  steps: i64 = 0;
  clist: ThreadList;
  nlist: ThreadList;
  /** addThread's explicit stack: pcs, or -slot-1 entries that restore a capture slot to stackVal. */
  stack: StaticArray<i32>;
  stackVal: StaticArray<i32>;
  scratch: StaticArray<i32> = new StaticArray<i32>(0);
  noCaps: StaticArray<i32> = new StaticArray<i32>(0);
  matchCaps: StaticArray<i32> = new StaticArray<i32>(0);
  ncap: i32 = 0;
  matched: bool = false;

  constructor(prog: Program) {
    this.prog = prog;
    const n = prog.size;
    this.clist = new ThreadList(n);
    this.nlist = new ThreadList(n);
    this.stack = new StaticArray<i32>(2 * n + 2);
    this.stackVal = new StaticArray<i32>(2 * n + 2);
  }

  /**
   * The leftmost-first match at or after pos: true and the first ncap capture slots in out
   * (-1 for a group that did not take part), or false. ncap 0 answers only whether there is one.
   */
  exec(s: string, pos: i32, ncap: i32, out: StaticArray<i32>): bool {
    this.prepare(ncap);
    const prog = this.prog;
    const first = prog.firstAscii;
    const len = s.length;
    for (;;) {
      if (this.clist.size == 0) {
        if (this.matched || (prog.anchored && pos != 0)) break;
        if (first !== null) {
          // no thread alive: go straight to the next character a match can start with
          while (pos < len && s.charCodeAt(pos) < 128 && unchecked(first[s.charCodeAt(pos)]) == 0) pos++;
          if (pos >= len) break;
        }
      }
      if (!this.matched && (!prog.anchored || pos == 0)) this.addThread(this.clist, prog.start, pos, s, this.noCaps, 0);
      let c = -1;
      let w = 0;
      if (pos < len) {
        c = runeAt(s, pos, len);
        w = c >= 0x10000 ? 2 : 1;
      }
      this.step(s, pos, c, w);
      if ((ncap == 0 && this.matched) || w == 0) break;
      pos += w;
      const t = this.clist;
      this.clist = this.nlist;
      this.nlist = t;
      this.nlist.size = 0;
    }
    if (this.matched) for (let i = 0; i < ncap; i++) out[i] = this.matchCaps[i];
    return this.matched;
  }

  prepare(ncap: i32): void {
    this.ncap = ncap;
    this.matched = false;
    this.clist.size = 0;
    this.nlist.size = 0;
    if (this.scratch.length < ncap) {
      this.scratch = new StaticArray<i32>(ncap);
      this.matchCaps = new StaticArray<i32>(ncap);
      this.noCaps = new StaticArray<i32>(ncap);
      for (let i = 0; i < ncap; i++) this.noCaps[i] = -1;
    }
  }

  /** Follows the empty-width instructions from pc0 at pos, adding the threads that consume or match. */
  addThread(list: ThreadList, pc0: i32, pos: i32, s: string, from: StaticArray<i32>, fromOff: i32): void {
    const code = this.prog.code;
    const stack = this.stack;
    const stackVal = this.stackVal;
    const scratch = this.scratch;
    const ncap = this.ncap;
    for (let k = 0; k < ncap; k++) unchecked((scratch[k] = from[fromOff + k]));
    const dense = list.dense;
    const sparse = list.sparse;
    let sp = 0;
    let visited = 0;
    stack[sp++] = pc0;
    while (sp > 0) {
      const e = unchecked(stack[--sp]);
      if (e < 0) {
        unchecked((scratch[-e - 1] = stackVal[sp]));
        continue;
      }
      const known = unchecked(sparse[e]);
      if (known < list.size && unchecked(dense[known]) == e) continue;
      const idx = list.size++;
      unchecked((sparse[e] = idx));
      unchecked((dense[idx] = e));
      visited++;
      const at = e * 3;
      const op = unchecked(code[at]);
      if (op == OP_JMP) stack[sp++] = unchecked(code[at + 1]);
      else if (op == OP_SPLIT) {
        stack[sp++] = unchecked(code[at + 2]);
        stack[sp++] = unchecked(code[at + 1]);
      } else if (op == OP_SAVE) {
        const slot = unchecked(code[at + 1]);
        if (slot < ncap) {
          stackVal[sp] = scratch[slot];
          stack[sp++] = -slot - 1;
          scratch[slot] = pos;
        }
        stack[sp++] = unchecked(code[at + 2]);
      } else if (op == OP_ASSERT) {
        if (assertHolds(unchecked(code[at + 1]), s, pos)) stack[sp++] = unchecked(code[at + 2]);
      } else if (op != OP_FAIL && ncap > 0) {
        // a consuming instruction or Match: the thread keeps a copy of the slots (OP_FAIL keeps nothing)
        list.reserve((idx + 1) * ncap);
        const caps = list.caps;
        const o = idx * ncap;
        for (let k = 0; k < ncap; k++) unchecked((caps[o + k] = scratch[k]));
      }
    }
    this.steps += visited;
  }

  /** Advances every thread of clist over code point c (-1 at the end) into nlist, in priority order. */
  step(s: string, pos: i32, c: i32, w: i32): void {
    const prog = this.prog;
    const code = prog.code;
    const clist = this.clist;
    const nlist = this.nlist;
    const ncap = this.ncap;
    this.steps += clist.size;
    for (let i = 0; i < clist.size; i++) {
      const pc = unchecked(clist.dense[i]);
      const at = pc * 3;
      const op = unchecked(code[at]);
      if (op == OP_MATCH) {
        for (let k = 0; k < ncap; k++) this.matchCaps[k] = clist.caps[i * ncap + k];
        this.matched = true;
        return;
      }
      let ok = false;
      if (c < 0) ok = false;
      else if (op == OP_CHAR) ok = c == unchecked(code[at + 1]);
      else if (op == OP_CLASS) ok = prog.classHas(unchecked(code[at + 1]), c);
      else if (op == OP_ANY) ok = true;
      else if (op == OP_ANY_NOT_NL) ok = c != 10;
      if (ok) this.addThread(nlist, unchecked(code[at + 2]), pos + w, s, clist.caps, i * ncap);
    }
  }
}
