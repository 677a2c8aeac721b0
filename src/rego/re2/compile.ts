// Compiles a parse tree to a program for the Pike VM: instructions of three 32-bit integers
// [op, a, b] in one Int32Array, and a table of character classes. Nothing in a program is a
// closure or object graph, so a Wasm (AssemblyScript) port can keep the same layout. Repetitions
// are expanded as Go's regexp/syntax Simplify does (x{2,4} = xx(x(x)?)?, x{3,} = xxx+), and x*
// with a nullable x is (x+)?, as Go compiles it, so submatches come out where Go's do.

import { Assert, type Node, type Parsed } from './ast.js';
import type { CharClass } from './charclass.js';
import { classMatches, MAX_RUNE } from './charclass.js';
import { ErrorCode, RegexpSyntaxError } from './parse.js';

export const enum Op {
  /** Whole pattern matched. */
  Match = 0,
  /** a: code point; b: next. */
  Char = 1,
  /** a: index into classes; b: next. */
  Class = 2,
  /** Any code point; b: next. */
  Any = 3,
  /** Any code point but \n; b: next. */
  AnyNotNL = 4,
  /** Try a, then (lower priority) b. */
  Split = 5,
  /** Continue at a. */
  Jmp = 6,
  /** Record the position in capture slot a; b: next. */
  Save = 7,
  /** Continue at b when assertion a (ast.Assert) holds here. */
  Assert = 8,
  /** Never matches. */
  Fail = 9,
}

export interface Program {
  /** [op, a, b] per instruction. */
  code: Int32Array;
  start: number;
  classes: CharClass[];
  /** Capture groups, group 0 (the whole match) included. */
  numGroups: number;
  names: string[];
  /** Every match starts at the beginning of the text (\A or ^ without m first). */
  anchored: boolean;
  /**
   * For a pattern that cannot match empty: firstAscii[u] is 0 for each ASCII code unit u no match
   * can start with (a search skips those positions without starting a thread); undefined when any
   * character may start a match. Non-ASCII characters are never skipped.
   */
  firstAscii: Uint8Array | undefined;
}

/** Go's limit on program size (maxSize in regexp/syntax). */
const MAX_INSTS = Math.floor((128 << 20) / 40);

interface Frag {
  start: number;
  /** Positions in code of the next-pointers still to patch. */
  outs: number[];
  nullable: boolean;
}

class Compiler {
  readonly code: number[] = [];
  readonly classes: CharClass[] = [];

  constructor(private readonly whole: string) {}

  emit(op: Op, a: number, b: number): number {
    const pc = this.code.length / 3;
    if (pc >= MAX_INSTS) throw new RegexpSyntaxError(ErrorCode.Large, this.whole);
    this.code.push(op, a, b);
    return pc;
  }

  patch(outs: number[], target: number): void {
    for (const o of outs) this.code[o] = target;
  }

  /** An instruction whose b field is the single exit. */
  one(op: Op, a: number, nullable: boolean): Frag {
    const pc = this.emit(op, a, -1);
    return { start: pc, outs: [pc * 3 + 2], nullable };
  }

  node(n: Node): Frag {
    switch (n.op) {
      case 'empty':
        return this.nop();
      case 'lit':
        return this.one(Op.Char, n.c, false);
      case 'class':
        return this.cls(n.cls);
      case 'assert':
        return this.one(Op.Assert, n.kind, true);
      case 'cap':
        return this.cat([this.one(Op.Save, 2 * n.index, true), this.node(n.sub), this.one(Op.Save, 2 * n.index + 1, true)]);
      case 'cat':
        return this.cat(n.subs.map((s) => this.node(s)));
      case 'alt':
        return this.alt(n.subs);
      case 'rep':
        return this.rep(n.sub, n.min, n.max, n.greedy);
    }
  }

  nop(): Frag {
    const pc = this.emit(Op.Jmp, -1, 0);
    return { start: pc, outs: [pc * 3 + 1], nullable: true };
  }

  cls(c: CharClass): Frag {
    if (!c.props.length && !c.negated && c.ranges.length === 2 && c.ranges[0] === 0 && c.ranges[1] === MAX_RUNE) return this.one(Op.Any, 0, false);
    if (!c.props.length && !c.negated && c.ranges.join() === `0,9,11,${MAX_RUNE}`) return this.one(Op.AnyNotNL, 0, false);
    if (!c.props.length && !c.negated && c.ranges.length === 2 && c.ranges[0] === c.ranges[1]) return this.one(Op.Char, c.ranges[0]!, false);
    if (!c.props.length && (c.negated ? c.ranges.join() === `0,${MAX_RUNE}` : !c.ranges.length)) {
      const pc = this.emit(Op.Fail, 0, 0);
      return { start: pc, outs: [], nullable: false };
    }
    this.classes.push(c);
    return this.one(Op.Class, this.classes.length - 1, false);
  }

  cat(fs: Frag[]): Frag {
    if (!fs.length) return this.nop();
    for (let i = 0; i + 1 < fs.length; i++) this.patch(fs[i]!.outs, fs[i + 1]!.start);
    return { start: fs[0]!.start, outs: fs[fs.length - 1]!.outs, nullable: fs.every((f) => f.nullable) };
  }

  /** s1|s2|...|sn as a chain of splits, s1 preferred (a loop: there may be thousands of alternatives). */
  alt(subs: Node[]): Frag {
    const fs = subs.map((s) => this.node(s));
    let start = fs[fs.length - 1]!.start;
    for (let i = fs.length - 2; i >= 0; i--) start = this.emit(Op.Split, fs[i]!.start, start);
    return { start, outs: fs.flatMap((f) => f.outs), nullable: fs.some((f) => f.nullable) };
  }

  /** x? (greedy: prefer x). */
  quest(f: Frag, greedy: boolean): Frag {
    const pc = this.emit(Op.Split, greedy ? f.start : -1, greedy ? -1 : f.start);
    return { start: pc, outs: [pc * 3 + (greedy ? 2 : 1), ...f.outs], nullable: true };
  }

  /** The loop of x+ and (non-nullable) x*: a split that goes back to x or on. */
  loop(f: Frag, greedy: boolean): Frag {
    const pc = this.emit(Op.Split, greedy ? f.start : -1, greedy ? -1 : f.start);
    this.patch(f.outs, pc);
    return { start: pc, outs: [pc * 3 + (greedy ? 2 : 1)], nullable: f.nullable };
  }

  plus(f: Frag, greedy: boolean): Frag {
    const l = this.loop(f, greedy);
    return { start: f.start, outs: l.outs, nullable: f.nullable };
  }

  star(f: Frag, greedy: boolean): Frag {
    if (f.nullable) return this.quest(this.plus(f, greedy), greedy);
    const l = this.loop(f, greedy);
    return { start: l.start, outs: l.outs, nullable: true };
  }

  rep(sub: Node, min: number, max: number, greedy: boolean): Frag {
    if (max === -1) {
      if (min === 0) return this.star(this.node(sub), greedy);
      const copies: Frag[] = [];
      for (let i = 1; i < min; i++) copies.push(this.node(sub));
      copies.push(this.plus(this.node(sub), greedy));
      return this.cat(copies);
    }
    if (max === 0) return this.nop();
    const copies: Frag[] = [];
    for (let i = 0; i < min; i++) copies.push(this.node(sub));
    if (max > min) copies.push(this.optionalTail(sub, max - min, greedy));
    return this.cat(copies);
  }

  /** (x(x(x)?)?)? with n copies of x. */
  optionalTail(sub: Node, n: number, greedy: boolean): Frag {
    let tail: Frag | undefined;
    const parts: Frag[] = [];
    for (let i = 0; i < n; i++) parts.push(this.node(sub));
    for (let i = n - 1; i >= 0; i--) tail = this.quest(tail ? this.cat([parts[i]!, tail]) : parts[i]!, greedy);
    return tail!;
  }
}

/** Whether every path from start passes \A before consuming input (Go's StartCond). */
function anchoredAt(code: number[], start: number): boolean {
  let pc = start;
  for (;;) {
    const op = code[pc * 3]!;
    if (op === Op.Assert && code[pc * 3 + 1] === Assert.BeginText) return true;
    if (op === Op.Save || op === Op.Assert) pc = code[pc * 3 + 2]!;
    else if (op === Op.Jmp) pc = code[pc * 3 + 1]!;
    else return false;
  }
}

/** The ASCII characters that can start a match (see Program.firstAscii). */
function firstAsciiOf(code: number[], start: number, classes: CharClass[]): Uint8Array | undefined {
  const first = new Uint8Array(128);
  const seen = new Set<number>();
  const todo = [start];
  while (todo.length) {
    const pc = todo.pop()!;
    if (seen.has(pc)) continue;
    seen.add(pc);
    const [op, a, b] = [code[pc * 3]!, code[pc * 3 + 1]!, code[pc * 3 + 2]!];
    if (op === Op.Match || op === Op.Any || op === Op.AnyNotNL) return undefined;
    if (op === Op.Jmp) todo.push(a);
    else if (op === Op.Split) todo.push(a, b);
    else if (op === Op.Save || op === Op.Assert) todo.push(b);
    else if (op === Op.Char && a < 128) first[a] = 1;
    else if (op === Op.Class) for (let u = 0; u < 128; u++) if (classMatches(classes[a]!, u)) first[u] = 1;
  }
  return first;
}

/** An upper bound of the instructions node compiles to (checked before anything is emitted). */
function sizeOf(n: Node): number {
  switch (n.op) {
    case 'cap':
      return sizeOf(n.sub) + 2;
    case 'cat':
      return Math.max(1, n.subs.reduce((a, s) => a + sizeOf(s), 0));
    case 'alt':
      return n.subs.reduce((a, s) => a + sizeOf(s), 0) + n.subs.length - 1;
    case 'rep': {
      const sub = sizeOf(n.sub);
      if (n.max < 0) return n.min === 0 ? sub + 2 : n.min * sub + 1;
      return Math.max(1, n.min * sub + (n.max - n.min) * (sub + 1));
    }
    default:
      return 1;
  }
}

/** Compiles a parsed pattern; throws RegexpSyntaxError (expression too large). */
export function compile(p: Parsed, pattern: string): Program {
  if (sizeOf(p.root) > MAX_INSTS) throw new RegexpSyntaxError(ErrorCode.Large, pattern);
  const c = new Compiler(pattern);
  const body = c.cat([c.one(Op.Save, 0, true), c.node(p.root), c.one(Op.Save, 1, true)]);
  const match = c.emit(Op.Match, 0, 0);
  c.patch(body.outs, match);
  return {
    code: Int32Array.from(c.code),
    start: body.start,
    classes: c.classes,
    numGroups: p.numCap + 1,
    names: p.names,
    anchored: anchoredAt(c.code, body.start),
    firstAscii: firstAsciiOf(c.code, body.start, c.classes),
  };
}
