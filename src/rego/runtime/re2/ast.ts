// AssemblyScript RE2 port: the parse tree. One node class for every kind (AssemblyScript has no
// tagged unions); flags are already applied, as in the TypeScript engine: a case-folded literal is
// a class, `.` is a class, ^ and $ are the assertion the m flag selects, and a class's ranges are
// final (folded, \p tables expanded, negated), so the compiler needs no flag state.

export const N_EMPTY: i32 = 0;
export const N_LIT: i32 = 1;
export const N_CLASS: i32 = 2;
export const N_ASSERT: i32 = 3;
export const N_CAP: i32 = 4;
export const N_REP: i32 = 5;
export const N_CAT: i32 = 6;
export const N_ALT: i32 = 7;

/** Zero-width assertions, numbered as the program stores them (as ast.ts of the TS engine). */
export const BEGIN_LINE: i32 = 1;
export const END_LINE: i32 = 2;
export const BEGIN_TEXT: i32 = 3;
export const END_TEXT: i32 = 4;
export const WORD_BOUNDARY: i32 = 5;
export const NO_WORD_BOUNDARY: i32 = 6;

export class Node {
  op: i32;
  /** N_LIT: the code point; N_ASSERT: the kind; N_CAP: the group number. */
  arg: i32 = 0;
  /** N_CLASS: clean ranges. */
  ranges: Array<i32> | null = null;
  /** N_CAP, N_REP: the operand. */
  sub: Node | null = null;
  /** N_CAT, N_ALT: the operands. */
  subs: Array<Node> | null = null;
  /** N_REP: bounds (max -1 = unbounded). */
  min: i32 = 0;
  max: i32 = 0;
  greedy: bool = true;
  /** N_REP written with braces (Go checks only those against the repeat limit). */
  counted: bool = false;

  constructor(op: i32) {
    this.op = op;
  }

  static lit(c: i32): Node {
    const n = new Node(N_LIT);
    n.arg = c;
    return n;
  }

  static cls(ranges: Array<i32>): Node {
    const n = new Node(N_CLASS);
    n.ranges = ranges;
    return n;
  }

  static assert(kind: i32): Node {
    const n = new Node(N_ASSERT);
    n.arg = kind;
    return n;
  }

  static list(op: i32, subs: Array<Node>): Node {
    const n = new Node(op);
    n.subs = subs;
    return n;
  }

  static cap(index: i32, sub: Node): Node {
    const n = new Node(N_CAP);
    n.arg = index;
    n.sub = sub;
    return n;
  }

  static rep(sub: Node, min: i32, max: i32, greedy: bool, counted: bool): Node {
    const n = new Node(N_REP);
    n.sub = sub;
    n.min = min;
    n.max = max;
    n.greedy = greedy;
    n.counted = counted;
    return n;
  }
}

/** A parsed pattern. */
export class Parsed {
  root: Node;
  /** Capture groups (group 0, the whole match, not counted). */
  numCap: i32;
  /** names[i] is group i's name ('' when unnamed); names[0] is ''. */
  names: Array<string>;

  constructor(root: Node, numCap: i32, names: Array<string>) {
    this.root = root;
    this.numCap = numCap;
    this.names = names;
  }
}
