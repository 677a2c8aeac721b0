// The parse tree of an RE2 pattern. Repetitions keep Go's bounds (max -1 = unbounded); flags are
// already applied (a case-folded literal is a class, `.` is a class, ^ and $ are the assertion the
// m flag selects), so the compiler needs no flag state.

import type { CharClass } from './charclass.js';

/** Zero-width assertions, numbered as the program stores them. */
export const enum Assert {
  BeginLine = 1,
  EndLine = 2,
  BeginText = 3,
  EndText = 4,
  WordBoundary = 5,
  NoWordBoundary = 6,
}

export type Node =
  | { op: 'empty' }
  | { op: 'lit'; c: number }
  | { op: 'class'; cls: CharClass }
  | { op: 'assert'; kind: Assert }
  | { op: 'cap'; index: number; name: string; sub: Node }
  /** counted: written with braces (Go checks only those against the repeat limit). */
  | { op: 'rep'; min: number; max: number; greedy: boolean; counted: boolean; sub: Node }
  | { op: 'cat'; subs: Node[] }
  | { op: 'alt'; subs: Node[] };

export interface Parsed {
  root: Node;
  /** Number of capture groups (group 0, the whole match, not counted). */
  numCap: number;
  /** names[i] is group i's name ('' when unnamed); names[0] is ''. */
  names: string[];
}
