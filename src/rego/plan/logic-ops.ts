// Planning of the logic literals parse/logic-ops.ts reads: `a and b`, `a or b`, and not-bodies.
//
// As in OPA, each operand is a query of its own, evaluated for existence: it succeeds at most once,
// whatever it iterates, and binds nothing outside it. A builtin error inside an operand makes that
// operand undefined, nothing more (`to_number("x") == 1 or true` is true). Lowering, with
// [S_ANY, [body...]] the step that succeeds once when the first of its bodies with a solution is
// found (in order, so it short-circuits), and restores the builtin-error count after each body:
//   a and b   ->  [S_ANY, [a]], [S_ANY, [b]]
//   a or b    ->  [S_ANY, [a, b]]
//   not a     ->  [S_NOT, [[S_ANY, [a]]]]     (with not-bodies on: an error under `not` is undefined)
//
// Variables: every variable of an implicit operand (one expression, including `_`) must be bound
// before it; an explicit `{ ... }` operand closes over the variables bound outside or used by the
// enclosing body, like a comprehension, and keeps the others (and those it declares) to itself.
// Assigning (`:=`) in an implicit operand is an error, since nothing would see the variable.
import type { Span } from '../../diagnostics/index.js';
import type { Literal, LogicOperand, Term } from '../parse/ast.js';

type J = unknown;
type LogicLiteral = Extract<Literal, { type: 'logic' }>;

export const S_NOT = 3;
export const S_ANY = 6;

/** The planner's per-body variable state (plan.ts). */
export interface LogicScope {
  slots: Map<string, number>;
  bound: Set<string>;
  counter: { n: number };
}

/** What the logic planning needs from the planner. */
export interface LogicPlanHost {
  /** local variables `t` needs bound; `strict` counts ref keys and `_` too */
  needs(t: Term, scope: LogicScope, out: Set<string>, outer: (n: string) => boolean, strict: boolean): void;
  isLocal(name: string, scope: LogicScope): boolean;
  body(lits: Literal[], scope: LogicScope, steps: J[]): void;
  fail(code: string, message: string, span: Span): never;
}

const ASSIGN_ERROR: Record<LogicLiteral['op'], string> = {
  and: 'cannot assign vars inside implicit and operand',
  or: 'cannot assign vars inside implicit or operand',
  not: 'cannot assign vars inside negated expression',
};

/** Rejects `x := ...` as (part of) an implicit operand; OPA reports it before safety. */
function checkAssignments(l: LogicLiteral, host: LogicPlanHost): void {
  for (const o of l.operands) {
    if (o.explicit) continue;
    for (const x of o.body) {
      const e = x.type === 'expr' && x.inner ? x.inner : x;
      if (e.type === 'logic') checkAssignments(e, host);
      else if (e.type === 'expr' && !e.negated && e.expr.type === 'binop' && e.expr.op === ':=') host.fail('rego_compile_error', ASSIGN_ERROR[l.op], e.span);
    }
  }
}

/** The variables of the enclosing body a logic literal needs bound before it runs. */
export function logicNeeds(l: LogicLiteral, scope: LogicScope, outer: (n: string) => boolean, host: LogicPlanHost, literalVars: (l: Literal) => string[], declared: (l: Literal, out: Set<string>) => void): Set<string> {
  checkAssignments(l, host);
  const need = new Set<string>();
  const walk = (x: LogicLiteral): void => {
    for (const o of x.operands) {
      if (o.explicit) {
        const own = new Set<string>();
        for (const b of o.body) declared(b, own);
        for (const b of o.body) {
          for (const v of literalVars(b)) {
            if (v !== '_' && !own.has(v) && outer(v) && host.isLocal(v, scope) && !scope.bound.has(v)) need.add(v);
          }
        }
        continue;
      }
      for (const b of o.body) implicitNeeds(b, scope, outer, host, need, walk);
    }
  };
  walk(l);
  return need;
}

function implicitNeeds(b: Literal, scope: LogicScope, outer: (n: string) => boolean, host: LogicPlanHost, need: Set<string>, walk: (x: LogicLiteral) => void): void {
  if (b.type === 'logic') return walk(b);
  if (b.type !== 'expr') return;
  for (const w of b.with) host.needs(w.value, scope, need, outer, true);
  if (b.inner) return implicitNeeds(b.inner, scope, outer, host, need, walk);
  host.needs(b.expr, scope, need, outer, true);
}

/** Lowers a logic literal (see the top of this file). */
export function planLogic(l: LogicLiteral, scope: LogicScope, steps: J[], host: LogicPlanHost, declared: (l: Literal, out: Set<string>) => void): void {
  const bodies = l.operands.map((o) => planOperand(o, scope, host, declared));
  if (l.op === 'and') for (const b of bodies) steps.push([S_ANY, [b]]);
  else if (l.op === 'or') steps.push([S_ANY, bodies]);
  else steps.push([S_NOT, [[S_ANY, bodies]]]);
}

function planOperand(o: LogicOperand, scope: LogicScope, host: LogicPlanHost, declared: (l: Literal, out: Set<string>) => void): J[] {
  const inner: LogicScope = { slots: new Map(scope.slots), bound: new Set(scope.bound), counter: scope.counter };
  if (o.explicit) {
    // `x := 1` in `{ ... }` declares a new x, even when the enclosing body has one
    const own = new Set<string>();
    for (const b of o.body) declared(b, own);
    for (const v of own) {
      if (v === '_') continue;
      inner.bound.delete(v);
      inner.slots.set(v, inner.counter.n++);
    }
  }
  const steps: J[] = [];
  host.body(o.body, inner, steps);
  return steps;
}

/** The variables a logic literal mentions; `shallow` leaves out explicit operands (own scopes). */
export function logicVars(l: LogicLiteral, out: string[], shallow: boolean, literalVars: (l: Literal, out: string[], shallow: boolean) => string[]): string[] {
  for (const o of l.operands) {
    if (shallow && o.explicit) continue;
    for (const b of o.body) literalVars(b, out, shallow);
  }
  return out;
}

/** The first literal inside a logic literal (nested ones included) that `has` accepts. */
export function findInLogic(l: LogicLiteral, has: (b: Literal) => boolean): Literal | undefined {
  for (const o of l.operands) {
    for (const b of o.body) {
      const x = b.type === 'expr' && b.inner ? b.inner : b;
      if (x.type === 'logic') {
        const f = findInLogic(x, has);
        if (f) return f;
      } else if (has(b)) return b;
    }
  }
  return undefined;
}
