// The type checker: runs on the parsed modules once the planner's safety and recursion checks have
// passed (OPA's stage order) and reports what `opa check` reports as rego_type_error — builtin and
// user-function arguments of the wrong type (constants, locals, rule values, collection elements,
// function results), arithmetic on strings, set operators on arrays, `==`/`=` between values that
// can never be equal, and `with` targets that are not input, data or a function.
//
// Types are kind bitmasks plus element kinds (types.ts). Every unknown is `any`, and an error needs
// two masks with no kind in common, so the checker can miss errors but not invent them: a false
// rego_type_error on a policy opa accepts would block a valid library, a missed one only defers the
// problem to evaluation (where the expression is undefined, as in `opa eval`).
import type { Diagnostic, Span } from '../../diagnostics/index.js';
import type { Literal, Module, Rule, Term } from '../parse/ast.js';
import { SIGNATURES } from './signatures.js';
import { UNSUPPORTED_ARITY } from '../builtins/decls.js';
import { ANY, ARR, BOOL, COMPOSITE, NULL, NUM, OBJ, SET, STR, T_ANY, ty, tyName, unionTy, type Mask, type Ty } from './types.js';

const OPS: Record<string, string> = { '+': 'plus', '-': 'minus', '*': 'mul', '/': 'div', '%': 'rem', '|': 'or', '&': 'and', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };

/** Variable types of one body; comprehensions and nested bodies get a child scope. */
class Scope {
  private vars = new Map<string, Ty>();
  constructor(readonly parent?: Scope) {}
  get(name: string): Ty | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }
  set(name: string, t: Ty): void {
    this.vars.set(name, t);
  }
}

/** The type of `c[_]`: elements of an array or set, values of an object; any for anything else. */
function elementOf(c: Ty): Ty {
  if ((c.m & ~COMPOSITE) !== 0 || c.e === 0) return T_ANY;
  return ty(c.e);
}

/** The type of the key in `some k, _ in c`. */
function keyOf(c: Ty): Ty {
  if (c.m === ARR) return ty(NUM);
  if (c.m === SET) return elementOf(c);
  return T_ANY;
}

/** Element kinds of a literal collection: 0 (empty) when it has no items. */
function elems(ts: Ty[]): number {
  return ts.reduce((m, t) => m | t.m, 0);
}

interface RuleGroup {
  path: string;
  rules: Array<{ rule: Rule; module: Module }>;
}

export class TypeChecker {
  readonly diagnostics: Diagnostic[] = [];
  private groups = new Map<string, RuleGroup>();
  /** Every rule path and every prefix of one below its package (`pkg.a` for rule `a.b`). */
  private rulePrefixes = new Set<string>();
  /** Rule group path -> its document type, once known; undefined while being computed (recursion). */
  private ruleTypes = new Map<string, Ty | undefined>();
  /** Document type of each rule already checked, so each rule's errors are reported once. */
  private ruleValues = new Map<Rule, Ty>();
  private mod!: Module;
  /**
   * While checking one function definition's main body and head: the kinds each plain-variable
   * parameter is required to have by the builtins it is passed to directly (OPA infers function
   * argument types the same way; it too ignores uses inside comprehensions).
   */
  private params: Map<string, { req: Mask; t: Ty }> | undefined;
  /** Function rule -> per-argument required kinds (ANY where nothing is required). */
  private paramReqs = new Map<Rule, Mask[]>();
  private reported = new Set<string>();

  constructor(private modules: Module[]) {
    for (const m of modules) {
      for (const r of m.rules) {
        const path = [...m.package, ...r.name].join('.');
        let g = this.groups.get(path);
        if (!g) this.groups.set(path, (g = { path, rules: [] }));
        g.rules.push({ rule: r, module: m });
        for (let i = 1; i <= r.name.length; i++) this.rulePrefixes.add([...m.package, ...r.name.slice(0, i)].join('.'));
      }
    }
  }

  check(): Diagnostic[] {
    for (const m of this.modules) for (const r of m.rules) if (!this.ruleValues.has(r)) this.checkRule(r, m);
    return this.diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.offset - b.span.offset));
  }

  // ---- rules ----

  /**
   * Checks a rule's bodies once and returns the type of the document it contributes to: its value
   * (complete rules, functions), a set of its members, or an object of its values.
   */
  private checkRule(r: Rule, m: Module): Ty {
    const saved = this.mod;
    const savedParams = this.params;
    this.mod = m;
    this.params = r.args ? new Map() : undefined;
    try {
      const scope = new Scope();
      for (const a of r.args ?? []) {
        // a fresh type object per parameter, so a later redeclaration (`some x in ...`) is told apart
        if (a.type === 'var' && a.name !== '_') {
          const t = ty(ANY);
          scope.set(a.name, t);
          this.params!.set(a.name, { req: ANY, t });
        } else bindPattern(a, scope);
      }
      this.body(r.body, scope);
      const member = r.contains ? this.typeOf(r.contains, scope) : undefined;
      if (r.key) this.typeOf(r.key, scope);
      let t = r.value ? this.typeOf(r.value, scope) : ty(BOOL);
      if (r.args) {
        const req = this.params!;
        // contradictory uses (a parameter passed as both a string and a number) require nothing here
        this.paramReqs.set(r, r.args.map((a) => (a.type === 'var' ? req.get(a.name)?.req || ANY : ANY)));
      }
      // OPA checks each else branch as a rule of its own and unions the function types: a
      // parameter an else branch leaves free (`else := 0`) accepts anything
      for (const e of r.elses) {
        const es = new Scope();
        this.params = r.args ? new Map() : undefined;
        for (const a of r.args ?? []) {
          if (a.type === 'var' && a.name !== '_') {
            const pt = ty(ANY);
            es.set(a.name, pt);
            this.params!.set(a.name, { req: ANY, t: pt });
          } else bindPattern(a, es);
        }
        this.body(e.body, es);
        t = unionTy(t, e.value ? this.typeOf(e.value, es) : ty(BOOL));
        if (r.args) {
          const req = this.params!;
          const mine = this.paramReqs.get(r)!;
          this.paramReqs.set(r, r.args.map((a, i) => mine[i]! | (a.type === 'var' ? req.get(a.name)?.req || ANY : ANY)));
        }
      }
      this.params = undefined;
      // `g[k] contains v` is an object of sets, `p[k] := v` an object, `p contains v` a set
      if (r.key && member) t = ty(OBJ, SET);
      else if (r.key) t = ty(OBJ, t.m);
      else if (member) t = ty(SET, member.m);
      this.ruleValues.set(r, t);
      return t;
    } finally {
      this.mod = saved;
      this.params = savedParams;
    }
  }

  /** Required kinds per argument of a function: a call must fit at least one definition. */
  private functionParams(path: string): Mask[] | undefined {
    const g = this.groups.get(path)!;
    this.functionResult(path); // checks every definition (and so records their requirements)
    let out: Mask[] | undefined;
    for (const { rule } of g.rules) {
      const req = this.paramReqs.get(rule);
      if (!req) return undefined; // still being checked (recursion): no requirement
      out = out ? out.map((m, i) => m | (req[i] ?? ANY)) : [...req];
    }
    return out;
  }

  private functionResult(path: string): Ty {
    const g = this.groups.get(path)!;
    if (!g.rules[0]!.rule.args) return T_ANY; // not a function: the planner reports the call
    if (this.ruleTypes.has(path)) return this.ruleTypes.get(path) ?? T_ANY;
    this.ruleTypes.set(path, undefined);
    let t: Ty | undefined;
    for (const { rule, module } of g.rules) {
      const d = this.ruleValues.get(rule) ?? this.checkRule(rule, module);
      t = t ? unionTy(t, d) : d;
    }
    this.ruleTypes.set(path, t ?? T_ANY);
    return t ?? T_ANY;
  }

  /** The type of `data.<path>` when path names a rule exactly; undefined when it names no rule. */
  private ruleType(path: string): Ty | undefined {
    const g = this.groups.get(path);
    if (!g) return undefined;
    if (this.ruleTypes.has(path)) return this.ruleTypes.get(path) ?? T_ANY;
    // a function referenced without a call: the planner reports it
    if (g.rules[0]!.rule.args) return T_ANY;
    this.ruleTypes.set(path, undefined);
    let t: Ty | undefined;
    for (const { rule, module } of g.rules) {
      const d = this.ruleValues.get(rule) ?? this.checkRule(rule, module);
      t = t ? unionTy(t, d) : d;
    }
    this.ruleTypes.set(path, t ?? T_ANY);
    return t ?? T_ANY;
  }

  // ---- bodies ----

  private body(lits: Literal[], scope: Scope): void {
    for (const l of lits) this.literal(l, scope);
  }

  private literal(l: Literal, scope: Scope): void {
    switch (l.type) {
      case 'some':
        for (const v of l.vars) scope.set(v.name, T_ANY);
        return;
      case 'somein': {
        const c = this.typeOf(l.collection, scope);
        if (l.key) declare(l.key, keyOf(c), scope);
        declare(l.value, elementOf(c), scope);
        return;
      }
      case 'every': {
        const c = this.typeOf(l.domain, scope);
        const inner = new Scope(scope);
        if (l.key) declare(l.key, keyOf(c), inner);
        declare(l.value, elementOf(c), inner);
        this.nested(() => this.body(l.body, inner));
        return;
      }
      case 'logic':
        // OPA's type checker does not look into and/or operands and not-bodies
        return;
      case 'expr': {
        for (const w of l.with) {
          this.withTarget(w.target, w.span);
          this.typeOf(w.value, scope);
        }
        if (l.inner) return this.literal(l.inner, scope);
        // bindings under `not` do not escape it
        this.expr(l.expr, l.negated ? new Scope(scope) : scope);
        return;
      }
    }
  }

  private expr(e: Term, scope: Scope): void {
    if (e.type === 'binop' && (e.op === ':=' || e.op === '=')) {
      this.unify(e.left, e.right, e.op, scope, e.span);
      return;
    }
    if (e.type === 'call' && this.outputCall(e, scope)) return;
    this.typeOf(e, scope);
  }

  /** `f(x, out)` with one argument more than the builtin takes: the last argument receives the result. */
  private outputCall(e: Extract<Term, { type: 'call' }>, scope: Scope): boolean {
    if (this.userFunction(e.name) !== undefined) return false;
    const sig = SIGNATURES[e.name];
    if (!sig || e.args.length !== sig.args.length + 1) return false;
    const result = this.callType({ ...e, args: e.args.slice(0, -1) }, scope);
    const out = e.args[e.args.length - 1]!;
    if (out.type === 'var' && scope.get(out.name) === undefined) scope.set(out.name, result);
    else bindPattern(out, scope); // `walk(x, [path, value])`
    return true;
  }

  private unify(left: Term, right: Term, op: ':=' | '=', scope: Scope, span: Span): void {
    if (op === ':=' || this.isFree(left, scope)) {
      const rt = this.typeOf(right, scope);
      this.bind(left, rt, right, scope);
      return;
    }
    if (this.isFree(right, scope)) {
      const lt = this.typeOf(left, scope);
      this.bind(right, lt, left, scope);
      return;
    }
    if (containsFreeVar(left, scope, this) || containsFreeVar(right, scope, this)) {
      // a pattern on either side: its variables take whatever they match
      this.typeOf(left.type === 'var' ? right : left, scope);
      bindPattern(left, scope);
      bindPattern(right, scope);
      return;
    }
    this.match(this.typeOf(left, scope), this.typeOf(right, scope), span);
  }

  /** Binds a variable (or the variables of a pattern) to the type of what it is unified with. */
  private bind(target: Term, t: Ty, source: Term, scope: Scope): void {
    if (target.type === 'var') {
      if (target.name !== '_') scope.set(target.name, t);
      return;
    }
    if (target.type === 'array' && source.type === 'array' && target.items.length === source.items.length) {
      target.items.forEach((it, i) => this.bind(it, this.typeOf(source.items[i]!, scope), source.items[i]!, scope));
      return;
    }
    bindPattern(target, scope);
  }

  private match(lt: Ty, rt: Ty, span: Span): void {
    if ((lt.m & rt.m) === 0) this.error(`match error\n\tleft  : ${tyName(lt)}\n\tright : ${tyName(rt)}`, span);
  }

  /** A variable that is neither bound in this body nor the name of a rule, import, input or data. */
  isFree(t: Term, scope: Scope): boolean {
    if (t.type !== 'var') return false;
    if (t.name === '_') return true;
    if (scope.get(t.name) !== undefined) return false;
    return !this.isGlobalName(t.name);
  }

  private isGlobalName(name: string): boolean {
    if (name === 'input' || name === 'data') return true;
    if (this.mod.imports.some((i) => (i.alias ?? i.path[i.path.length - 1]) === name)) return true;
    return this.rulePrefixes.has([...this.mod.package, name].join('.'));
  }

  // ---- terms ----

  typeOf(t: Term, scope: Scope): Ty {
    switch (t.type) {
      case 'null':
        return ty(NULL);
      case 'boolean':
        return ty(BOOL);
      case 'number':
        return ty(NUM);
      case 'string':
        return ty(STR);
      case 'template':
        for (const p of t.parts) if (typeof p !== 'string') this.typeOf(p, scope);
        return ty(STR);
      case 'var':
        return scope.get(t.name) ?? this.globalType([t.name]) ?? T_ANY;
      case 'ref':
        return this.refType(t, scope);
      case 'array':
        return ty(ARR, elems(t.items.map((it) => this.typeOf(it, scope))));
      case 'set':
        return ty(SET, elems(t.items.map((it) => this.typeOf(it, scope))));
      case 'object':
        for (const [k] of t.entries) this.typeOf(k, scope);
        return ty(OBJ, elems(t.entries.map(([, v]) => this.typeOf(v, scope))));
      case 'arraycomp':
      case 'setcomp': {
        const inner = new Scope(scope);
        const h = this.nested(() => {
          this.body(t.body, inner);
          return this.typeOf(t.head, inner);
        });
        return ty(t.type === 'arraycomp' ? ARR : SET, h.m);
      }
      case 'objcomp': {
        const inner = new Scope(scope);
        const v = this.nested(() => {
          this.body(t.body, inner);
          this.typeOf(t.key, inner);
          return this.typeOf(t.value, inner);
        });
        return ty(OBJ, v.m);
      }
      case 'membership':
        if (t.key) this.typeOf(t.key, scope);
        this.typeOf(t.value, scope);
        this.typeOf(t.collection, scope);
        return ty(BOOL);
      case 'call':
        return this.callType(t, scope);
      case 'binop': {
        if (t.op === ':=' || t.op === '=') {
          this.unify(t.left, t.right, t.op, scope, t.span);
          return ty(BOOL);
        }
        const lt = this.typeOf(t.left, scope);
        const rt = this.typeOf(t.right, scope);
        if (t.op === '==') {
          this.match(lt, rt, t.span);
          return ty(BOOL);
        }
        const name = OPS[t.op];
        const sig = name ? SIGNATURES[name] : undefined;
        if (!name || !sig) return T_ANY;
        this.checkArgs(name, sig.args, [lt, rt], t.span);
        this.require([t.left, t.right], sig.args, scope);
        // set operators keep (a widening of) their operands' elements; minus is number - number or set - set
        if (name === 'or' || name === 'and') return ty(SET, lt.e | rt.e);
        if (name === 'minus') {
          const m = lt.m & rt.m & (NUM | SET);
          return m ? ty(m, lt.e | rt.e) : sig.result;
        }
        return sig.result;
      }
    }
  }

  /**
   * `x.y[i]`: a local variable's type, or the longest prefix that names a rule (of this package,
   * an import or data.*), then one element step per remaining key.
   */
  private refType(t: Extract<Term, { type: 'ref' }>, scope: Scope): Ty {
    for (const p of t.path) if (p.type !== 'var') this.typeOf(p, scope);
    let base: Ty | undefined;
    let rest: Term[];
    if (t.head.type !== 'var') {
      base = this.typeOf(t.head, scope);
      rest = t.path;
    } else if (scope.get(t.head.name) !== undefined) {
      base = scope.get(t.head.name)!;
      rest = t.path;
    } else {
      // constant keys as far as they go; a variable key ends the rule lookup
      const keys: string[] = [];
      for (const p of t.path) {
        if (p.type !== 'string') break;
        keys.push(p.value);
      }
      for (let n = keys.length; n >= 0 && base === undefined; n--) {
        base = this.globalType([t.head.name, ...keys.slice(0, n)]);
        rest = t.path.slice(n);
      }
      rest ??= t.path;
      if (base === undefined) return T_ANY;
    }
    let cur = base;
    for (let i = 0; i < rest!.length; i++) cur = elementOf(cur);
    return cur;
  }

  /** Type of a ref `a.b.c` from a global name: a rule of this package, an import, or data.x.y. */
  private globalType(keys: string[]): Ty | undefined {
    const [head, ...rest] = keys as [string, ...string[]];
    let path: string[];
    if (head === 'input') return T_ANY;
    if (head === 'data') path = rest;
    else {
      const imp = this.mod.imports.find((i) => (i.alias ?? i.path[i.path.length - 1]) === head);
      if (imp) {
        if (imp.path[0] !== 'data') return T_ANY;
        path = [...imp.path.slice(1), ...rest];
      } else path = [...this.mod.package, head, ...rest];
    }
    return this.ruleType(path.join('.'));
  }

  /** The rule group a call names, when it is a user function (same package, import or data.*). */
  private userFunction(name: string): string | undefined {
    const parts = name.split('.');
    const candidates: string[][] = [];
    if (parts[0] === 'data') candidates.push(parts.slice(1));
    else {
      candidates.push([...this.mod.package, ...parts]);
      const imp = this.mod.imports.find((i) => (i.alias ?? i.path[i.path.length - 1]) === parts[0]);
      if (imp && imp.path[0] === 'data') candidates.push([...imp.path.slice(1), ...parts.slice(1)]);
    }
    return candidates.map((c) => c.join('.')).find((c) => this.groups.has(c));
  }

  private callType(t: Extract<Term, { type: 'call' }>, scope: Scope): Ty {
    const have = t.args.map((a) => this.typeOf(a, scope));
    if (t.name === 'set' && t.args.length === 0) return ty(SET, 0);
    // user functions (which may shadow a builtin's name) return what their bodies produce, typed
    // with every argument `any` (so the result type is an over-approximation)
    const fn = this.userFunction(t.name);
    if (fn !== undefined && have.length === 0 && !this.groups.get(fn)!.rules[0]!.rule.args) {
      // `g()` of a rule that is not a function: opa reads the rule when its type is unknown (any)
      // to its checker (v0 `g() = out { ... }` with several bodies), else "undefined function"
      const rt = this.ruleType(fn) ?? T_ANY;
      if (rt.m !== ANY) this.error(`undefined function data.${fn}`, t.span);
      return rt;
    }
    if (fn !== undefined) {
      const req = this.functionParams(fn);
      if (req && req.length === have.length) {
        const want = req.map((m) => ty(m));
        this.checkArgs('data.' + fn, want, have, t.span);
        this.require(t.args, want, scope);
      }
      return this.functionResult(fn);
    }
    const sig = SIGNATURES[t.name];
    // unknown functions and arity mismatches are the planner's to report
    if (!sig || have.length !== sig.args.length) return T_ANY;
    this.checkArgs(t.name, sig.args, have, t.span);
    this.require(t.args, sig.args, scope);
    return sig.result;
  }

  /** Inside a function definition: a parameter passed straight to a typed argument must have its kinds. */
  private require(args: Term[], want: Ty[], scope: Scope): void {
    if (!this.params) return;
    args.forEach((a, i) => {
      const p = a.type === 'var' ? this.params!.get(a.name) : undefined;
      if (!p || !want[i] || scope.get((a as { name: string }).name) !== p.t) return;
      p.req &= want[i]!.m;
    });
  }

  /** Comprehension and `every` bodies: OPA does not infer parameter types from them. */
  private nested<T>(f: () => T): T {
    const saved = this.params;
    this.params = undefined;
    try {
      return f();
    } finally {
      this.params = saved;
    }
  }


  private checkArgs(name: string, want: Ty[], have: Ty[], span: Span): void {
    const bad = have.some((h, i) => {
      const w = want[i]!;
      if ((h.m & w.m) === 0) return true;
      // elements: only for an argument that is nothing but collections, with known element kinds
      return w.e !== ANY && (h.m & ~COMPOSITE) === 0 && h.e !== ANY && h.e !== 0 && (h.e & w.e) === 0;
    });
    if (!bad) return;
    this.error(`${name}: invalid argument(s)\n\thave: (${have.map(tyName).join(', ')})\n\twant: (${want.map(tyName).join(', ')})`, span);
  }

  // ---- with ----

  private withTarget(target: Term, span: Span): void {
    const head = target.type === 'ref' ? target.head : target;
    if (head.type !== 'var') return this.error('with keyword target must reference existing input, data, or a function', span);
    if (this.isGlobalName(head.name)) return;
    // a builtin, possibly dotted (`with time.now_ns as 1`)
    const dotted = target.type === 'ref' ? [head.name, ...target.path.map((p) => (p.type === 'string' ? p.value : '?'))].join('.') : head.name;
    // a builtin Warden does not implement may be replaced: its calls then compile (plan.ts)
    if (SIGNATURES[dotted] || dotted === 'print' || UNSUPPORTED_ARITY[dotted] !== undefined) return;
    this.error('with keyword target must reference existing input, data, or a function', span);
  }

  private error(message: string, span: Span): void {
    const key = `${this.mod.file}:${span.offset}:${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push({ code: 'rego_type_error', severity: 'error', message, file: this.mod.file, span });
  }
}

/** `some x in xs` / `every x in xs` declare x afresh; patterns bind their variables to any. */
function declare(t: Term, type: Ty, scope: Scope): void {
  if (t.type === 'var') {
    if (t.name !== '_') scope.set(t.name, type);
  } else bindPattern(t, scope);
}

/** Every variable of a pattern term takes any type (iteration keys, destructuring). */
function bindPattern(t: Term, scope: Scope): void {
  switch (t.type) {
    case 'var':
      if (t.name !== '_' && scope.get(t.name) === undefined) scope.set(t.name, T_ANY);
      return;
    case 'array':
    case 'set':
      for (const it of t.items) bindPattern(it, scope);
      return;
    case 'object':
      for (const [, v] of t.entries) bindPattern(v, scope);
      return;
    case 'ref':
      for (const p of t.path) bindPattern(p, scope);
      return;
    default:
      return;
  }
}

function containsFreeVar(t: Term, scope: Scope, c: TypeChecker): boolean {
  switch (t.type) {
    case 'var':
      return c.isFree(t, scope);
    case 'array':
    case 'set':
      return t.items.some((i) => containsFreeVar(i, scope, c));
    case 'object':
      return t.entries.some(([k, v]) => containsFreeVar(k, scope, c) || containsFreeVar(v, scope, c));
    case 'ref':
      return t.path.some((p) => containsFreeVar(p, scope, c));
    default:
      return false;
  }
}
