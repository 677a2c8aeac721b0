// AssemblyScript RE2 port: compiles a parse tree to a flat program for the Pike VM, as
// src/rego/re2/compile.ts does: instructions of three i32 [op, a, b], and every character class
// in one flat range table (plus a 128-bit ASCII bitmap per class, so ASCII input is one bit test).
// Repetitions are expanded as Go's Simplify does (x{2,4} = xx(x(x)?)?, x{3,} = xxx+) and x* with a
// nullable x is (x+)?, as Go compiles it, so submatches come out where Go's do.
import { Node, Parsed, N_EMPTY, N_LIT, N_CLASS, N_ASSERT, N_CAP, N_REP, N_CAT, N_ALT, BEGIN_TEXT } from './ast';
import { MAX_RUNE } from './ranges';

/** Whole pattern matched. */
export const OP_MATCH: i32 = 0;
/** a: code point; b: next. */
export const OP_CHAR: i32 = 1;
/** a: class index; b: next. */
export const OP_CLASS: i32 = 2;
/** Any code point; b: next. */
export const OP_ANY: i32 = 3;
/** Any code point but \n; b: next. */
export const OP_ANY_NOT_NL: i32 = 4;
/** Try a, then (lower priority) b. */
export const OP_SPLIT: i32 = 5;
/** Continue at a. */
export const OP_JMP: i32 = 6;
/** Record the position in capture slot a; b: next. */
export const OP_SAVE: i32 = 7;
/** Continue at b when assertion a holds here. */
export const OP_ASSERT: i32 = 8;
/** Never matches. */
export const OP_FAIL: i32 = 9;

/** Go's limit on program size (maxSize in regexp/syntax), as the TypeScript engine applies it. */
export const MAX_INSTS: i64 = (128 << 20) / 40;

export class Program {
  /** [op, a, b] per instruction. */
  code: StaticArray<i32>;
  start: i32;
  /** Class k's ranges are classData[classStart[k], classStart[k + 1]). */
  classData: StaticArray<i32>;
  classStart: StaticArray<i32>;
  /** Class k matches ASCII u when bit u of the four words at 4k is set. */
  classAscii: StaticArray<u32>;
  /** Capture groups, group 0 (the whole match) included. */
  numGroups: i32;
  names: Array<string>;
  /** Every match starts at the beginning of the text (\A or ^ without m first). */
  anchored: bool;
  /**
   * For a pattern that cannot match empty: 0 at each ASCII code unit no match can start with (a
   * search skips those positions); null when any character may start a match.
   */
  firstAscii: StaticArray<u8> | null;

  constructor(code: StaticArray<i32>, start: i32, numGroups: i32, names: Array<string>) {
    this.code = code;
    this.start = start;
    this.numGroups = numGroups;
    this.names = names;
    this.classData = new StaticArray<i32>(0);
    this.classStart = new StaticArray<i32>(1);
    this.classAscii = new StaticArray<u32>(0);
    this.anchored = false;
    this.firstAscii = null;
  }

  /** Instructions in the program. */
  get size(): i32 {
    return this.code.length / 3;
  }

  /** Whether class k contains code point c. */
  classHas(k: i32, c: i32): bool {
    if (c < 128) return (unchecked(this.classAscii[4 * k + (c >> 5)]) & (1 << (c & 31))) != 0;
    let lo = unchecked(this.classStart[k]) >> 1;
    let hi = unchecked(this.classStart[k + 1]) >> 1;
    const d = this.classData;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (c < unchecked(d[2 * m])) hi = m;
      else if (c > unchecked(d[2 * m + 1])) lo = m + 1;
      else return true;
    }
    return false;
  }
}

/** A compiled piece: its entry and the next-pointers still to patch (positions in code). */
class Frag {
  start: i32;
  outs: Array<i32>;
  nullable: bool;
  constructor(start: i32, outs: Array<i32>, nullable: bool) {
    this.start = start;
    this.outs = outs;
    this.nullable = nullable;
  }
}

function isRanges(r: Array<i32>, a: i32, b: i32): bool {
  return r.length == 2 && r[0] == a && r[1] == b;
}

class Compiler {
  code: Array<i32> = new Array<i32>();
  classes: Array<Array<i32>> = new Array<Array<i32>>();
  tooLarge: bool = false;

  emit(op: i32, a: i32, b: i32): i32 {
    const pc = this.code.length / 3;
    if (<i64>pc >= MAX_INSTS) this.tooLarge = true;
    this.code.push(op);
    this.code.push(a);
    this.code.push(b);
    return pc;
  }

  patch(outs: Array<i32>, target: i32): void {
    for (let i = 0; i < outs.length; i++) this.code[outs[i]] = target;
  }

  /** An instruction whose b field is the single exit. */
  one(op: i32, a: i32, nullable: bool): Frag {
    const pc = this.emit(op, a, -1);
    return new Frag(pc, [pc * 3 + 2], nullable);
  }

  node(n: Node): Frag {
    switch (n.op) {
      case N_EMPTY:
        return this.nop();
      case N_LIT:
        return this.one(OP_CHAR, n.arg, false);
      case N_CLASS:
        return this.cls(n.ranges!);
      case N_ASSERT:
        return this.one(OP_ASSERT, n.arg, true);
      case N_CAP: {
        const open = this.one(OP_SAVE, 2 * n.arg, true);
        const body = this.node(n.sub!);
        return this.cat([open, body, this.one(OP_SAVE, 2 * n.arg + 1, true)]);
      }
      case N_CAT: {
        const subs = n.subs!;
        const fs = new Array<Frag>();
        for (let i = 0; i < subs.length; i++) fs.push(this.node(subs[i]));
        return this.cat(fs);
      }
      case N_ALT:
        return this.alt(n.subs!);
      default:
        return this.rep(n.sub!, n.min, n.max, n.greedy);
    }
  }

  nop(): Frag {
    const pc = this.emit(OP_JMP, -1, 0);
    return new Frag(pc, [pc * 3 + 1], true);
  }

  cls(r: Array<i32>): Frag {
    if (isRanges(r, 0, MAX_RUNE)) return this.one(OP_ANY, 0, false);
    if (r.length == 4 && r[0] == 0 && r[1] == 9 && r[2] == 11 && r[3] == MAX_RUNE) return this.one(OP_ANY_NOT_NL, 0, false);
    if (r.length == 2 && r[0] == r[1]) return this.one(OP_CHAR, r[0], false);
    if (r.length == 0) return new Frag(this.emit(OP_FAIL, 0, 0), new Array<i32>(), false);
    this.classes.push(r);
    return this.one(OP_CLASS, this.classes.length - 1, false);
  }

  cat(fs: Array<Frag>): Frag {
    if (fs.length == 0) return this.nop();
    let nullable = true;
    for (let i = 0; i < fs.length; i++) {
      if (i + 1 < fs.length) this.patch(fs[i].outs, fs[i + 1].start);
      nullable = nullable && fs[i].nullable;
    }
    return new Frag(fs[0].start, fs[fs.length - 1].outs, nullable);
  }

  /** s1|s2|...|sn as a chain of splits, s1 preferred (a loop: there may be thousands of alternatives). */
  alt(subs: Array<Node>): Frag {
    const fs = new Array<Frag>();
    for (let i = 0; i < subs.length; i++) fs.push(this.node(subs[i]));
    let start = fs[fs.length - 1].start;
    for (let i = fs.length - 2; i >= 0; i--) start = this.emit(OP_SPLIT, fs[i].start, start);
    const outs = new Array<i32>();
    let nullable = false;
    for (let i = 0; i < fs.length; i++) {
      const o = fs[i].outs;
      for (let k = 0; k < o.length; k++) outs.push(o[k]);
      nullable = nullable || fs[i].nullable;
    }
    return new Frag(start, outs, nullable);
  }

  /** x? (greedy: prefer x). */
  quest(f: Frag, greedy: bool): Frag {
    const pc = this.emit(OP_SPLIT, greedy ? f.start : -1, greedy ? -1 : f.start);
    const outs = [pc * 3 + (greedy ? 2 : 1)];
    for (let k = 0; k < f.outs.length; k++) outs.push(f.outs[k]);
    return new Frag(pc, outs, true);
  }

  /** The loop of x+ and (non-nullable) x*: a split that goes back to x or on. */
  loop(f: Frag, greedy: bool): Frag {
    const pc = this.emit(OP_SPLIT, greedy ? f.start : -1, greedy ? -1 : f.start);
    this.patch(f.outs, pc);
    return new Frag(pc, [pc * 3 + (greedy ? 2 : 1)], f.nullable);
  }

  plus(f: Frag, greedy: bool): Frag {
    const l = this.loop(f, greedy);
    return new Frag(f.start, l.outs, f.nullable);
  }

  star(f: Frag, greedy: bool): Frag {
    if (f.nullable) return this.quest(this.plus(f, greedy), greedy);
    const l = this.loop(f, greedy);
    return new Frag(l.start, l.outs, true);
  }

  rep(sub: Node, min: i32, max: i32, greedy: bool): Frag {
    if (max == -1) {
      if (min == 0) return this.star(this.node(sub), greedy);
      const copies = new Array<Frag>();
      for (let i = 1; i < min; i++) copies.push(this.node(sub));
      copies.push(this.plus(this.node(sub), greedy));
      return this.cat(copies);
    }
    if (max == 0) return this.nop();
    const copies = new Array<Frag>();
    for (let i = 0; i < min; i++) copies.push(this.node(sub));
    if (max > min) copies.push(this.optionalTail(sub, max - min, greedy));
    return this.cat(copies);
  }

  /** (x(x(x)?)?)? with n copies of x. */
  optionalTail(sub: Node, n: i32, greedy: bool): Frag {
    const parts = new Array<Frag>();
    for (let i = 0; i < n; i++) parts.push(this.node(sub));
    let tail = this.quest(parts[n - 1], greedy);
    for (let i = n - 2; i >= 0; i--) tail = this.quest(this.cat([parts[i], tail]), greedy);
    return tail;
  }
}

/** Whether every path from start passes \A before consuming input (Go's StartCond). */
function anchoredAt(code: Array<i32>, start: i32): bool {
  let pc = start;
  for (;;) {
    const op = code[pc * 3];
    if (op == OP_ASSERT && code[pc * 3 + 1] == BEGIN_TEXT) return true;
    if (op == OP_SAVE || op == OP_ASSERT) pc = code[pc * 3 + 2];
    else if (op == OP_JMP) pc = code[pc * 3 + 1];
    else return false;
  }
  return false;
}

/** The ASCII characters that can start a match (see Program.firstAscii). */
function firstAsciiOf(prog: Program): StaticArray<u8> | null {
  const code = prog.code;
  const first = new StaticArray<u8>(128);
  const seen = new StaticArray<u8>(prog.size);
  const todo = new Array<i32>();
  todo.push(prog.start);
  while (todo.length > 0) {
    const pc = todo.pop();
    if (seen[pc]) continue;
    seen[pc] = 1;
    const op = code[pc * 3];
    const a = code[pc * 3 + 1];
    const b = code[pc * 3 + 2];
    if (op == OP_MATCH || op == OP_ANY || op == OP_ANY_NOT_NL) return null;
    if (op == OP_JMP) todo.push(a);
    else if (op == OP_SPLIT) {
      todo.push(a);
      todo.push(b);
    } else if (op == OP_SAVE || op == OP_ASSERT) todo.push(b);
    else if (op == OP_CHAR && a < 128) first[a] = 1;
    else if (op == OP_CLASS) for (let u = 0; u < 128; u++) if (prog.classHas(a, u)) first[u] = 1;
  }
  return first;
}

/** An upper bound of the instructions node compiles to (checked before anything is emitted). */
function sizeOf(n: Node): i64 {
  switch (n.op) {
    case N_CAP:
      return sizeOf(n.sub!) + 2;
    case N_CAT: {
      let s: i64 = 0;
      const subs = n.subs!;
      for (let i = 0; i < subs.length && s <= MAX_INSTS; i++) s += sizeOf(subs[i]);
      return s > 1 ? s : 1;
    }
    case N_ALT: {
      const subs = n.subs!;
      let s: i64 = subs.length - 1;
      for (let i = 0; i < subs.length && s <= MAX_INSTS; i++) s += sizeOf(subs[i]);
      return s;
    }
    case N_REP: {
      // clamped: a repeat count is at most 1000, so the products stay far inside i64
      let sub = sizeOf(n.sub!);
      if (sub > MAX_INSTS) sub = MAX_INSTS + 1;
      if (n.max < 0) return n.min == 0 ? sub + 2 : <i64>n.min * sub + 1;
      const s = <i64>n.min * sub + <i64>(n.max - n.min) * (sub + 1);
      return s > 1 ? s : 1;
    }
    default:
      return 1;
  }
}

/** Lays the classes out flat in the program, with their ASCII bitmaps. */
function layoutClasses(prog: Program, classes: Array<Array<i32>>): void {
  let total = 0;
  for (let k = 0; k < classes.length; k++) total += classes[k].length;
  const data = new StaticArray<i32>(total);
  const starts = new StaticArray<i32>(classes.length + 1);
  const ascii = new StaticArray<u32>(4 * classes.length);
  let at = 0;
  for (let k = 0; k < classes.length; k++) {
    starts[k] = at;
    const r = classes[k];
    for (let i = 0; i < r.length; i += 2) {
      data[at++] = r[i];
      data[at++] = r[i + 1];
      for (let u = r[i]; u <= r[i + 1] && u < 128; u++) ascii[4 * k + (u >> 5)] |= 1 << (u & 31);
    }
  }
  starts[classes.length] = at;
  prog.classData = data;
  prog.classStart = starts;
  prog.classAscii = ascii;
}

/** Compiles a parsed pattern; null when the program would pass Go's size limit (expression too large). */
export function compile(p: Parsed): Program | null {
  if (sizeOf(p.root) > MAX_INSTS) return null;
  const c = new Compiler();
  const open = c.one(OP_SAVE, 0, true);
  const root = c.node(p.root);
  const body = c.cat([open, root, c.one(OP_SAVE, 1, true)]);
  const match = c.emit(OP_MATCH, 0, 0);
  c.patch(body.outs, match);
  if (c.tooLarge) return null;
  const code = StaticArray.fromArray<i32>(c.code);
  const prog = new Program(code, body.start, p.numCap + 1, p.names);
  layoutClasses(prog, c.classes);
  prog.anchored = anchoredAt(c.code, body.start);
  prog.firstAscii = firstAsciiOf(prog);
  return prog;
}
