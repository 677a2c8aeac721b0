// Which terms of a negated expression OPA evaluates before the negation.
//
// OPA's compiler rewrites every body expression in two stages before evaluation, and a `not`
// expression keeps only what is left: the extracted terms become assignments to fresh locals
// placed in front of it, OUTSIDE the negation. When such a term is undefined the body fails
// instead of the negation succeeding, so planning the whole expression under `not` would turn
// "undefined" into a finding.
//
//  1. RewriteExprTerms: a call nested in an operand (`not count(input.xs) > 0`: count(...)),
//     a call or composite used as the subject of a ref (`not [1, x][0]`), at any depth outside
//     comprehensions. Operators (`+`, `>`, `in`, ...) are calls too.
//  2. RewriteDynamicTerms (after `==` is rewritten to `=`):
//     - arguments of a call that is not `=` (`not startswith(input.s, "a")`,
//       `not input.x > 5`, `not f(1, input.y)`): every ref argument, every ref inside an
//       array/object/set argument and every comprehension argument;
//     - operands of `=` / `==` and a lone term (`not input.x == 1`, `not s[input.k]`,
//       `not input.a.b`): the operand itself stays, but refs in its path (`input.k` in
//       `s[input.k]`) and refs inside array/object/set operands are extracted.
//
// NOTE(negation): with input {"a": 1}
//   `not s[input.missing]`          -> undefined (input.missing is extracted, fails first)
//   `not input.missing == 1`        -> true      (the operand of == stays under `not`)
//   `not input.missing > 5`         -> undefined (an argument of a call other than `=`)
//   `not input.missing`             -> true
import type { Term } from '../parse/ast.js';

/** A term to evaluate before the negation, bound to the local `name`. */
export interface Hoisted {
  name: string;
  term: Term;
}

interface Ctx {
  pre: Hoisted[];
  /** Whether a plain variable names a document (input, data, a rule, an import) rather than a local. */
  isGlobal: (name: string) => boolean;
  fresh: () => string;
}

/**
 * Splits a negated expression into the terms evaluated first (in order) and the expression left
 * under `not`, which refers to them by their local names.
 */
export function hoistNegated(e: Term, isGlobal: (name: string) => boolean, fresh: () => string): { pre: Hoisted[]; expr: Term } {
  const c: Ctx = { pre: [], isGlobal, fresh };
  const equality = e.type === 'binop' && (e.op === '=' || e.op === '==');
  // stage 1: nested calls of the operands (or of the lone term)
  let expr = isCallExpr(e) ? mapOperands(e, (t) => expand(t, c)) : expand(e, c);
  // stage 2: dynamic terms
  if (equality) expr = mapOperands(expr, (t) => dynamicInTerm(t, c));
  else if (isCallExpr(expr)) expr = mapOperands(expr, (t) => dynamicOne(t, c));
  else expr = dynamicInTerm(expr, c);
  return { pre: c.pre, expr };
}

/** Calls, operators and membership tests: OPA's call expressions. */
function isCallExpr(t: Term): boolean {
  return t.type === 'call' || t.type === 'membership' || (t.type === 'binop' && t.op !== ':=');
}

function mapOperands(t: Term, f: (x: Term) => Term): Term {
  switch (t.type) {
    case 'call':
      return { ...t, args: t.args.map(f) };
    case 'binop': {
      const left = f(t.left);
      return { ...t, left, right: f(t.right) };
    }
    case 'membership': {
      // argument order of internal.member_2/3: key, value, collection
      const key = t.key ? f(t.key) : undefined;
      const value = f(t.value);
      return { ...t, key, value, collection: f(t.collection) };
    }
    default:
      return t;
  }
}

function hoist(t: Term, c: Ctx): Term {
  const name = c.fresh();
  c.pre.push({ name, term: t });
  return { type: 'var', name, span: t.span };
}

function isComprehension(t: Term): boolean {
  return t.type === 'arraycomp' || t.type === 'setcomp' || t.type === 'objcomp';
}

/** Stage 1 on one term: hoists nested calls (innermost first) and composite ref subjects. */
function expand(t: Term, c: Ctx): Term {
  switch (t.type) {
    case 'call':
    case 'membership':
      return hoist(mapOperands(t, (x) => expand(x, c)), c);
    case 'binop':
      return t.op === '=' || t.op === ':=' ? t : hoist(mapOperands(t, (x) => expand(x, c)), c);
    case 'template':
      return hoist(t, c);
    case 'ref': {
      let head = expand(t.head, c);
      const path = t.path.map((x) => expand(x, c));
      if (head.type === 'array' || head.type === 'object' || head.type === 'set' || isComprehension(head)) head = hoist(head, c);
      return { ...t, head, path };
    }
    case 'array':
    case 'set':
      return { ...t, items: t.items.map((x) => expand(x, c)) };
    case 'object':
      return { ...t, entries: t.entries.map(([k, v]) => [expand(k, c), expand(v, c)] as [Term, Term]) };
    default:
      return t;
  }
}

function isRef(t: Term, c: Ctx): boolean {
  return t.type === 'ref' || (t.type === 'var' && t.name !== '_' && c.isGlobal(t.name));
}

/** Stage 2, for operands of `=` and lone terms: the ref stays, its dynamic parts go. */
function dynamicInTerm(t: Term, c: Ctx): Term {
  if (t.type === 'ref') return { ...t, path: t.path.map((x) => dynamicOne(x, c)) };
  if (isRef(t, c) || isComprehension(t)) return t;
  return dynamicOne(t, c);
}

/** Stage 2, for call arguments: refs and comprehensions are extracted whole. */
function dynamicOne(t: Term, c: Ctx): Term {
  if (t.type === 'ref') return hoist({ ...t, path: t.path.map((x) => dynamicOne(x, c)) }, c);
  if (isRef(t, c) || isComprehension(t)) return hoist(t, c);
  switch (t.type) {
    case 'array':
    case 'set':
      return { ...t, items: t.items.map((x) => dynamicOne(x, c)) };
    case 'object':
      return { ...t, entries: t.entries.map(([k, v]) => [dynamicOne(k, c), dynamicOne(v, c)] as [Term, Term]) };
    default:
      return t;
  }
}
