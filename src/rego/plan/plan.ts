// Planner: resolves names, orders body literals for safety and lowers rules to the step/expression IR
// the runtime executes (encoding documented in src/rego/runtime/interp.ts and docs/rego-compiler.md).
import { metadataChain, metadataRule } from './metadata.js';
import { TEMPLATE_WITH } from '../parse/parser.js';
import type { Diagnostic, Span } from '../../diagnostics/index.js';
import type { Literal, Module, Rule, Term, With } from '../parse/ast.js';
import { findInLogic, logicNeeds, logicVars, planLogic, type LogicPlanHost } from './logic-ops.js';
import { hoistNegated } from './negation.js';
import { EXTRA_HOST_ARITY, HOST_LEFT, UNSUPPORTED, UNSUPPORTED_ARITY, hostCallName } from '../builtins/decls.js';

type J = unknown;
// expression opcodes
const E_CONST = 0, E_VAR = 1, E_INPUT = 2, E_DATA = 3, E_INDEX = 4, E_CALL = 5, E_BI = 6, E_ARR = 7, E_OBJ = 8, E_SET = 9, E_ACOMP = 10, E_SCOMP = 11, E_OCOMP = 12, E_VDOC = 13, E_DINDEX = 14;
// step opcodes
const S_SCAN = 0, S_MATCH = 1, S_TEST = 2, S_NOT = 3, S_EVERY = 4, S_WITH = 5;
// pattern opcodes
const P_VAR = 0, P_ARR = 1, P_OBJ = 2, P_VAL = 3, P_ANY = 4;

/** The host helper for exact arithmetic (src/rego/builtins/exact.ts) and the builtins that may call it. */
const EXACT_BUILTIN = 'warden.numbers.exact';
const EXACT_USERS = new Set(['plus', 'minus', 'mul', 'div', 'rem', 'sum', 'product', 'abs', 'round', 'ceil', 'floor', 'format_int']);
const OPS: Record<string, string> = { '+': 'plus', '-': 'minus', '*': 'mul', '/': 'div', '%': 'rem', '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte', '|': 'or', '&': 'and' };

/** Builtins the runtime implements, with arity (host-served ones are listed in builtins/host.ts). */
export const BUILTIN_ARITY: Record<string, number> = {
  plus: 2, minus: 2, mul: 2, div: 2, rem: 2, equal: 2, neq: 2, lt: 2, lte: 2, gt: 2, gte: 2,
  'internal.member_2': 2, 'internal.member_3': 3, count: 1, sum: 1, product: 1, max: 1, min: 1, sort: 1, abs: 1, round: 1,
  ceil: 1, floor: 1, concat: 2, contains: 2, startswith: 2, endswith: 2, lower: 1, upper: 1, split: 2, trim: 2,
  trim_space: 1, trim_prefix: 2, trim_suffix: 2, trim_left: 2, trim_right: 2, replace: 3, indexof: 2, substring: 3, sprintf: 2, format_int: 2,
  to_number: 1, 'object.get': 3, 'object.keys': 1, 'object.remove': 2, 'object.union': 2, 'array.concat': 2, 'array.slice': 3, 'array.reverse': 1, union: 1, intersection: 1,
  is_string: 1, is_number: 1, is_boolean: 1, is_array: 1, is_object: 1, is_set: 1, is_null: 1, type_name: 1, 'json.marshal': 1, 'numbers.range': 2,
  and: 2, or: 2, 'strings.reverse': 1, any: 1, all: 1, 'json.unmarshal': 1, 'object.filter': 2, 'strings.any_prefix_match': 2, 'strings.any_suffix_match': 2,
  trace: 1, 'internal.template_string': 1, 'object.union_n': 1, 'array.flatten': 1, 'strings.count': 2, indexof_n: 2, 'json.is_valid': 1, 'object.subset': 2, cast_array: 1, cast_set: 1,
  walk: 1, 'strings.replace_n': 2,
  // runtime/encoding.ts (OPA's Wasm has these inside the module too, except hex and split_n)
  'base64.encode': 1, 'base64.decode': 1, 'base64.is_valid': 1, 'base64url.encode': 1, 'base64url.encode_no_pad': 1, 'base64url.decode': 1,
  'hex.encode': 1, 'hex.decode': 1, 'bits.and': 2, 'bits.or': 2, 'bits.xor': 2, 'bits.negate': 1, 'bits.lsh': 2, 'bits.rsh': 2,
  'strings.split_n': 3, 'numbers.range_step': 3, 'units.parse': 1, 'units.parse_bytes': 1,
  'glob.match': 3, 'glob.quote_meta': 1, // runtime/glob.ts
  'net.cidr_contains': 2, 'net.cidr_intersects': 2, 'net.cidr_is_valid': 1, 'net.cidr_contains_matches': 2, // runtime/net.ts
  'json.remove': 2, 'json.filter': 2, // runtime/jsonpaths.ts
  'graph.reachable': 2, 'graph.reachable_paths': 2, // runtime/graph.ts
  'semver.is_valid': 1, 'semver.compare': 2, // runtime/semver.ts
  'crypto.md5': 1, 'crypto.sha1': 1, 'crypto.sha256': 1, 'crypto.hmac.md5': 2, 'crypto.hmac.sha1': 2, 'crypto.hmac.sha256': 2, 'crypto.hmac.sha512': 2, 'crypto.hmac.equal': 2, // runtime/hash.ts
  'io.jwt.decode': 1, // runtime/jwt.ts
  // runtime/regex.ts (on the RE2 port in runtime/re2; re_match, deprecated, is its own builtin as in opa)
  'regex.match': 2, re_match: 2, 'regex.is_valid': 1, 'regex.split': 2, 'regex.find_n': 3, 'regex.replace': 3,
  'regex.find_all_string_submatch_n': 3, 'regex.template_match': 4,
  'yaml.marshal': 1, 'yaml.unmarshal': 1, 'yaml.is_valid': 1, // runtime/yaml.ts
};

/**
 * In-module builtins that hand inputs beyond the runtime's range (non-integer operands of bits.* and
 * numbers.range_step, a bits.lsh result past about 4000 digits, units the module cannot decide, YAML
 * outside the subset runtime/yaml.ts reads and writes) to the host builtin of the same name
 * (`warden.yaml.*` where the SDK has its own, see hostCallName): the planner declares that host
 * builtin too, so such a call is answered by Warden's loader (or `opaBuiltins` under the stock SDK)
 * and is an error, never a wrong value, in a host without it.
 */
export const HYBRID = new Set(['bits.and', 'bits.or', 'bits.xor', 'bits.negate', 'bits.lsh', 'bits.rsh', 'numbers.range_step', 'units.parse', 'units.parse_bytes', 'io.jwt.decode', 'yaml.marshal', 'yaml.unmarshal', 'yaml.is_valid']);

/** Builtins opa deprecated: a Rego v1 module may not call them (opa 1.x: a type error), v0 may. */
const DEPRECATED_BUILTINS = new Set(['any', 'all', 're_match', 'net.cidr_overlap', 'set_diff', 'cast_array', 'cast_set', 'cast_string', 'cast_boolean', 'cast_null', 'cast_object']);

/** Host-served builtins (implemented in JS by Warden's loader or opa-wasm's own table). */
export const HOST_ARITY: Record<string, number> = {
  'glob.match': 3, 'glob.quote_meta': 1,
  'time.now_ns': 0, 'time.parse_rfc3339_ns': 1, 'time.parse_ns': 2, 'time.date': 1, 'time.add_date': 4, 'semver.compare': 2, 'semver.is_valid': 1,
  'net.cidr_contains': 2, 'net.cidr_intersects': 2, 'base64.encode': 1, 'base64.decode': 1, 'base64url.encode': 1, 'base64url.decode': 1,
  'yaml.marshal': 1, 'yaml.unmarshal': 1, 'units.parse_bytes': 1, 'units.parse': 1, 'crypto.sha256': 1, 'crypto.md5': 1, 'urlquery.encode': 1,
  'json.patch': 2, 'base64.is_valid': 1, 'crypto.sha1': 1, 'time.clock': 1, 'time.weekday': 1, 'numbers.range_step': 3, 'uuid.rfc4122': 1, 'hex.encode': 1, 'hex.decode': 1, 'object.get_path': 2, 'walk': 1,
  ...EXTRA_HOST_ARITY,
};

interface RuleGroup {
  id: number;
  path: string[];
  kind: 'complete' | 'set' | 'obj' | 'func' | 'multi';
  arity: number;
  defs: Rule[];
  defaults: Rule[];
  module: Module[];
  deps: Set<number>;
}

export interface Planned {
  program: { rules: J[]; entrypoints: J[]; builtins: Record<string, number> };
  entrypointIds: Record<string, number>;
  hostBuiltins: string[];
}

class PlanError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly file: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

interface Scope {
  slots: Map<string, number>;
  bound: Set<string>;
  counter: { n: number };
}

export class Planner {
  diagnostics: Diagnostic[] = [];
  private groups = new Map<string, RuleGroup>();
  private byId: RuleGroup[] = [];
  private prefixes = new Set<string>();
  /** Package paths and their prefixes: documents even when no rule defines anything in them. */
  private packages = new Set<string>();
  private host = new Map<string, number>();
  /** Builtins Warden does not implement that some `with` replaces: their calls compile (see mockedBuiltins). */
  private mocked: Set<string>;
  private current: RuleGroup | undefined;
  /** The definition being planned (rego.metadata.* answer for it). */
  private currentRule: Rule | undefined;
  private mod!: Module;
  private ruleModule = new Map<Rule, Module>();
  /** Each planned body's literals in the order they were planned (safety reordering), by body. */
  readonly bodyOrder = new WeakMap<Literal[], Literal[]>();
  /** Counter for the locals that hold terms hoisted out of negations. */
  private negVars = 0;

  /** `custom`: arity of each builtin the caller registers (CompileOptions.customBuiltins). */
  constructor(
    private modules: Module[],
    private custom: Record<string, number> = {},
    /** Whether numeric builtins may call the host helper for exact arithmetic (see CompileOptions). */
    private exactHost = true,
  ) {
    // `o["x"] := 1` next to `o[k] := v` is one object rule: turn the constant-key head into a key
    // (and likewise `g["x"] contains 1` next to `g[k] contains v`: one multi-value rule)
    const objPaths = new Set<string>();
    const multiPaths = new Set<string>();
    for (const m of modules) {
      for (const r of m.rules) {
        if (r.key && !r.args) (r.contains ? multiPaths : objPaths).add([...m.package, ...r.name].join('.'));
      }
    }
    for (const m of modules) {
      for (const r of m.rules) {
        if (r.key || r.args || r.name.length < 2) continue;
        const parent = [...m.package, ...r.name.slice(0, -1)].join('.');
        if ((!r.contains && objPaths.has(parent)) || (r.contains && multiPaths.has(parent))) {
          r.key = { type: 'string', value: r.name[r.name.length - 1]!, span: r.nameSpan };
          r.name = r.name.slice(0, -1);
        } else this.joinNestedObject(r, m, r.contains ? multiPaths : objPaths);
      }
    }
    for (const m of modules) for (let i = 1; i <= m.package.length; i++) this.packages.add(m.package.slice(0, i).join('.'));
    this.mocked = mockedBuiltins(modules);
    for (const m of modules) {
      // every package is a document, even one whose rules are all undefined or that has none
      for (let i = 1; i <= m.package.length; i++) this.prefixes.add(m.package.slice(0, i).join('.'));
      for (const r of m.rules) {
        this.ruleModule.set(r, m);
        const path = [...m.package, ...r.name];
        const key = path.join('.');
        // `p[k] contains v` (multi-value ref head) groups values into a set per key: an object of sets
        const kind: RuleGroup['kind'] = r.args ? 'func' : r.key && r.contains ? 'multi' : r.contains ? 'set' : r.key ? 'obj' : 'complete';
        let g = this.groups.get(key);
        if (!g) {
          g = { id: this.byId.length, path, kind, arity: r.args?.length ?? 0, defs: [], defaults: [], module: [], deps: new Set() };
          this.groups.set(key, g);
          this.byId.push(g);
          for (let i = 1; i < path.length; i++) this.prefixes.add(path.slice(0, i).join('.'));
        } else if (g.kind !== kind && !(r.isDefault && (g.kind === 'complete' || g.kind === 'func'))) {
          // OPA points at the first definition of the conflicting rule
          const first = g.defs[0] ?? g.defaults[0] ?? r;
          this.err('rego_type_error', `conflicting rules data.${key} found`, first.file, first.nameSpan);
          continue;
        } else if (kind === 'func' && g.arity !== (r.args?.length ?? 0)) {
          const first = g.defs[0] ?? g.defaults[0] ?? r;
          this.err('rego_type_error', `conflicting rules data.${key} found: function arity mismatch`, first.file, first.nameSpan);
          continue;
        }
        if (r.isDefault) {
          if (g.defaults.length) this.err('rego_type_error', `multiple default rules data.${key} found`, m.file, r.nameSpan);
          g.defaults.push(r);
        } else g.defs.push(r);
        g.module.push(m);
      }
    }
  }

  /** for plan/logic-ops.ts: and/or operands and not-bodies */
  private logicHost: LogicPlanHost = {
    needs: (t, scope, out, outer, strict) => this.needs(t, scope, out, outer, strict),
    isLocal: (name, scope) => this.isLocal(name, scope),
    body: (lits, scope, steps) => this.body(lits, scope, steps),
    fail: (code, message, span) => {
      throw new PlanError(code, message, this.mod.file, span);
    },
  };

  /** `p.a.r := 0` next to `p[q].r := i`: one object rule p, with key "a" and the sub-key "r". */
  private joinNestedObject(r: Rule, m: Module, objPaths: Set<string>): void {
    for (let i = r.name.length - 2; i >= 1; i--) {
      if (!objPaths.has([...m.package, ...r.name.slice(0, i)].join('.'))) continue;
      const str = (value: string): Term => ({ type: 'string', value, span: r.nameSpan });
      r.key = str(r.name[i]!);
      r.subKeys = r.name.slice(i + 1).map(str);
      r.name = r.name.slice(0, i);
      return;
    }
  }

  /** The arity of a builtin Warden does not implement, where its call compiles: a `with` of these
   * modules replaces it, or OPA's Wasm leaves it to the host as well (HOST_LEFT). */
  private unsupportedArity(name: string): number | undefined {
    return this.mocked.has(name) || HOST_LEFT.has(name) ? UNSUPPORTED_ARITY[name] : undefined;
  }

  private warnHostLeft(name: string, span: Span): void {
    const message = `${name} is left to the module's host, as OPA's Wasm leaves it: a host that provides it (the SDK's customBuiltins) serves the call; Warden's own evaluator fails any evaluation that reaches it (${UNSUPPORTED[name]})`;
    this.diagnostics.push({ code: 'rego_host_builtin', severity: 'warning', message, file: this.mod.file, span });
  }

  private err(code: string, message: string, file: string, span: Span): void {
    this.diagnostics.push({ code, severity: 'error', message, file, span });
  }

  private checkImports(): void {
    const FUTURE = new Set(['and', 'contains', 'every', 'if', 'in', 'not', 'or']);
    for (const m of this.modules) {
      const seen = new Map<string, string>();
      for (const i of m.imports) {
        const root = i.path[0];
        if (root !== 'data' && root !== 'input' && root !== 'future' && root !== 'rego') {
          this.err('rego_parse_error', `invalid path ${i.path.join('.')}: path must begin with input or data`, m.file, i.span);
          continue;
        }
        if (root === 'future' && (i.path[1] !== 'keywords' || (i.path.length > 2 && !FUTURE.has(i.path[2]!)))) {
          this.err('rego_parse_error', `unexpected keyword, must be one of [${[...FUTURE].join(' ')}]`, m.file, i.span);
          continue;
        }
        if (root === 'future' || root === 'rego') continue;
        const alias = i.alias ?? i.path[i.path.length - 1]!;
        if (seen.has(alias)) this.err('rego_compile_error', `import must not shadow ${seen.get(alias)}`, m.file, i.span);
        seen.set(alias, 'import ' + i.path.join('.'));
      }
    }
  }

  plan(entrypoints: string[]): Planned | undefined {
    this.checkImports();
    const rules: J[] = [];
    for (const g of this.byId) {
      this.current = g;
      try {
        rules.push(this.planGroup(g));
      } catch (e) {
        if (!(e instanceof PlanError)) throw e;
        this.err(e.code, e.message, e.file, e.span);
        rules.push(null);
      }
    }
    this.current = undefined;
    this.checkRecursion();
    const eps: J[] = [];
    const entrypointIds: Record<string, number> = {};
    for (const ep of entrypoints) {
      const path = ep.replace(/^data\./, '').split(/[./]/).filter(Boolean);
      const name = path.join('/');
      if (entrypointIds[name] !== undefined) continue;
      const expr = this.entrypointExpr(path);
      if (!expr) {
        this.err('rego_compile_error', `entrypoint ${ep} does not refer to a rule or package`, '', { line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0 });
        continue;
      }
      entrypointIds[name] = eps.length;
      eps.push({ name, expr });
    }
    if (this.diagnostics.some((d) => d.severity === 'error')) return undefined;
    const builtins: Record<string, number> = {};
    for (const [k, v] of [...this.host.entries()].sort((a, b) => a[1] - b[1])) builtins[k] = v;
    return { program: { rules, entrypoints: eps, builtins }, entrypointIds, hostBuiltins: [...this.host.keys()] };
  }

  private checkRecursion(): void {
    const state = new Map<number, number>();
    const visit = (id: number, stack: number[]): void => {
      const s = state.get(id);
      if (s === 2) return;
      if (s === 1) {
        const cycle = stack.slice(stack.indexOf(id)).map((i) => 'data.' + this.byId[i]!.path.join('.'));
        const g = this.byId[id]!;
        const r = g.defs[0] ?? g.defaults[0]!;
        this.err('rego_recursion_error', `rule data.${g.path.join('.')} is recursive: ${[...cycle, cycle[0]].join(' -> ')}`, r.file, r.nameSpan);
        return;
      }
      state.set(id, 1);
      for (const d of this.byId[id]!.deps) visit(d, [...stack, id]);
      state.set(id, 2);
    };
    for (const g of this.byId) visit(g.id, []);
  }

  private planGroup(g: RuleGroup): J {
    const counter = { n: 0 };
    const kindCode = { complete: 0, set: 1, obj: 2, func: 3, multi: 4 }[g.kind];
    const defs: J[] = [];
    for (let i = 0; i < g.defs.length; i++) {
      const r = g.defs[i]!;
      this.mod = this.moduleOf(r);
      defs.push(this.planDef(g, r, r.body, r.value, counter, 0));
    }
    let dflt: J = null;
    if (g.defaults.length) {
      const r = g.defaults[0]!;
      this.mod = this.moduleOf(r);
      const scope: Scope = { slots: new Map(), bound: new Set(), counter };
      const steps: J[] = [];
      const dv = r.value ?? { type: 'boolean' as const, value: true, span: r.span };
      if (!isConstant(dv) && dv.type !== 'arraycomp' && dv.type !== 'setcomp' && dv.type !== 'objcomp') {
        throw new PlanError('rego_parse_error', `default rule value cannot contain var or ref`, r.file, dv.span);
      }
      dflt = this.value(dv, scope, steps);
    }
    return { name: 'data.' + g.path.join('.'), kind: kindCode, n: counter.n, a: g.arity, defs, d: dflt };
  }

  private moduleOf(r: Rule): Module {
    return this.ruleModule.get(r)!;
  }

  private planDef(g: RuleGroup, r: Rule, body: Literal[], value: Term | undefined, counter: { n: number }, elseIndex: number): J {
    this.currentRule = r;
    const scope: Scope = { slots: new Map(), bound: new Set(), counter };
    const params: J[] = [];
    const steps: J[] = [];
    // a template string argument (`f($"{x}-y") := ...`) is a comparison in the body, after what binds x
    const checks: Literal[] = [];
    if (r.args) {
      for (const [i, a0] of r.args.entries()) {
        let a = a0;
        if (a.type === 'template') {
          a = { type: 'var', name: `__template_arg${i}__`, span: a0.span };
          checks.push({ type: 'expr', expr: { type: 'binop', op: '==', left: a, right: a0, span: a0.span }, negated: false, with: [], span: a0.span });
        }
        params.push(this.pattern(a, scope, steps, true));
      }
    }
    this.body(checks.length ? [...body, ...checks] : body, scope, steps);
    const out: Record<string, J> = { p: params, b: steps };
    const valTerm = value ?? { type: 'boolean' as const, value: true, span: r.span };
    if (g.kind === 'set') out['k'] = this.value(r.contains!, scope, steps);
    else if (g.kind === 'obj') {
      out['k'] = this.value(r.key!, scope, steps);
      // `o[k][j] := v`: the keys below the first, for the runtime to nest objects by
      if (r.subKeys) out['ks'] = r.subKeys.map((t) => this.value(t, scope, steps));
      out['v'] = this.value(valTerm, scope, steps);
    } else if (g.kind === 'multi') {
      out['k'] = this.value(r.key!, scope, steps);
      if (r.subKeys) out['ks'] = r.subKeys.map((t) => this.value(t, scope, steps));
      out['v'] = this.value(r.contains!, scope, steps);
    } else out['v'] = this.value(valTerm, scope, steps);
    out['c'] = isConstant(valTerm) && g.kind !== 'set' && g.kind !== 'obj' && g.kind !== 'multi';
    if (elseIndex < r.elses.length) {
      const e = r.elses[elseIndex]!;
      out['e'] = this.planDef(g, r, e.body, e.value ?? (r.value && r.value.type === 'boolean' ? undefined : undefined), counter, elseIndex + 1);
    }
    return out;
  }

  // ---- bodies ----

  private body(lits: Literal[], scope: Scope, steps: J[]): void {
    const pending = [...lits];
    const order: Literal[] = [];
    this.bodyOrder.set(lits, order);
    // variables declared with `some` are locals even if a rule shares the name
    const declaredHere = new Set<string>();
    for (const l of lits) {
      if (l.type !== 'some') continue;
      for (const v of l.vars) {
        if (declaredHere.has(v.name)) throw new PlanError('rego_compile_error', `var ${v.name} declared above`, this.mod.file, v.span);
        declaredHere.add(v.name);
        if (!lits.some((o) => o !== l && literalVars(o).includes(v.name))) {
          throw new PlanError('rego_compile_error', `declared var ${v.name} unused`, this.mod.file, v.span);
        }
        scope.bound.delete(v.name);
        this.freshSlot(v.name, scope);
      }
    }
    while (pending.length) {
      let idx = pending.findIndex((l) => this.missing(l, scope, pending).length === 0);
      if (idx < 0) {
        const l = pending[0]!;
        const m = this.missing(l, scope, pending);
        const name = m[0]!;
        const sp = (name === '_' ? undefined : findVarSpan(l, name)) ?? l.span;
        throw new PlanError('rego_unsafe_var_error', `var ${name} is unsafe`, this.mod.file, sp);
      }
      const [l] = pending.splice(idx, 1);
      order.push(l!);
      this.literal(l!, scope, steps);
    }
  }

  /** Local variables the literal needs bound before it can run. */
  private missing(l: Literal, scope: Scope, others: Literal[]): string[] {
    const need = new Set<string>();
    // a variable assigned with `:=` further down is not yet declared here (a comprehension's is its own)
    const at = others.indexOf(l);
    const outer = (n: string): boolean => scope.slots.has(n) || others.some((o, i) => o !== l && mentions(o, n) && !(i > at && assigns(o, n)));
    const walkValue = (t: Term): void => this.needs(t, scope, need, outer);
    switch (l.type) {
      case 'some':
        return [];
      case 'somein':
        walkValue(l.collection);
        for (const p of [l.key, l.value]) if (p) this.patternNeeds(p, scope, need, outer);
        break;
      case 'logic':
        for (const v of logicNeeds(l, scope, outer, this.logicHost, (b) => literalVars(b), declaredVars)) need.add(v);
        break;
      case 'every':
        walkValue(l.domain);
        for (const b of l.body) for (const v of literalVars(b)) if (v !== l.value.type && outer(v) && this.isLocal(v, scope)) need.add(v);
        break;
      case 'expr': {
        const e = l.expr;
        for (const w of l.with) if (!this.functionRef(w.value, scope)) walkValue(w.value);
        if (l.inner) {
          for (const v of this.missing(l.inner, scope, others)) need.add(v);
          break;
        }
        if (!l.negated && e.type === 'call' && e.args.length === (this.arityOf(e.name) ?? -2) + 1) {
          for (const a of e.args.slice(0, -1)) walkValue(a);
          this.patternNeeds(e.args[e.args.length - 1]!, scope, need, outer);
        } else if (!l.negated && e.type === 'binop' && (e.op === '=' || e.op === ':=')) {
          const nl = new Set<string>();
          const nr = new Set<string>();
          this.needs(e.left, scope, nl, outer);
          this.needs(e.right, scope, nr, outer);
          if (nr.size === 0) this.patternNeeds(e.left, scope, need, outer);
          else if (nl.size === 0 && e.op === '=') this.patternNeeds(e.right, scope, need, outer);
          else if (e.op === '=' && unifyPairs(e.left, e.right)) {
            // element-wise (arrays, objects with the same constant keys): ready when each pair has one ground side
            for (const [x, y] of unifyPairs(e.left, e.right)!) {
              const a = new Set<string>();
              const b = new Set<string>();
              this.needs(x, scope, a, outer);
              this.needs(y, scope, b, outer);
              if (a.size && b.size) for (const v of a) need.add(v);
            }
          } else for (const x of nr) need.add(x);
        } else if (l.negated) {
          const s2 = new Set<string>();
          this.needs(e, scope, s2, outer, true);
          // a wildcard under `not` is never safe (opa: var _ is unsafe, at the expression)
          for (const v of s2) need.add(v);
        } else walkValue(e);
        break;
      }
    }
    // `foo == xs[foo]`: a variable the expression's own iteration binds is not needed before it
    const own = l.type === 'expr' && !l.negated && !l.inner && l.expr.type === 'binop' && l.expr.op !== '=' && l.expr.op !== ':=' ? iterationVars(l.expr) : undefined;
    return [...need].filter((v) => !scope.bound.has(v) && !own?.has(v));
  }

  private isLocal(name: string, scope: Scope): boolean {
    if (scope.slots.has(name)) return true;
    return !this.isGlobalName(name);
  }

  private isGlobalName(name: string): boolean {
    if (name === 'input' || name === 'data') return true;
    if (this.mod.imports.some((i) => (i.alias ?? i.path[i.path.length - 1]) === name && i.path[0] !== 'rego' && i.path[0] !== 'future')) return true;
    const key = [...this.mod.package, name].join('.');
    return this.groups.has(key) || this.prefixes.has(key);
  }

  /** Collects local vars a term needs bound when evaluated as a value (ref keys may bind). */
  private needs(t: Term, scope: Scope, out: Set<string>, outer: (n: string) => boolean, strict = false): void {
    switch (t.type) {
      case 'var':
        if (t.name === '_') {
          if (strict) out.add('_');
          return;
        }
        if (this.isLocal(t.name, scope) && !scope.bound.has(t.name)) out.add(t.name);
        return;
      case 'ref':
        this.needs(t.head, scope, out, outer, strict);
        for (const k of t.path) {
          if (k.type === 'var' && (k.name === '_' || (this.isLocal(k.name, scope) && !scope.bound.has(k.name)))) {
            if (strict) out.add(k.name);
            continue;
          }
          // `s[{"a": m}]`, `xs[[i, _]]`: a composite key is a pattern the lookup binds
          if (!strict && (k.type === 'array' || k.type === 'object')) this.patternNeeds(k, scope, out, outer);
          else this.needs(k, scope, out, outer, strict);
        }
        return;
      case 'array':
      case 'set':
        for (const x of t.items) this.needs(x, scope, out, outer, strict);
        return;
      case 'object':
        for (const [k, v] of t.entries) {
          this.needs(k, scope, out, outer, strict);
          this.needs(v, scope, out, outer, strict);
        }
        return;
      case 'call':
        for (const a of t.args) this.needs(a, scope, out, outer, strict);
        return;
      case 'binop':
        this.needs(t.left, scope, out, outer, strict);
        this.needs(t.right, scope, out, outer, strict);
        return;
      case 'template':
        for (const p of t.parts) if (typeof p !== 'string') this.needs(p, scope, out, outer, strict);
        return;
      case 'membership':
        if (t.key) this.needs(t.key, scope, out, outer, strict);
        this.needs(t.value, scope, out, outer, strict);
        this.needs(t.collection, scope, out, outer, strict);
        return;
      case 'arraycomp':
      case 'setcomp':
      case 'objcomp': {
        const vs = new Set<string>();
        for (const b of t.body) for (const v of literalVars(b)) vs.add(v);
        for (const v of termVars(t.type === 'objcomp' ? t.key : t.head)) vs.add(v);
        if (t.type === 'objcomp') for (const v of termVars(t.value)) vs.add(v);
        const declared = new Set<string>();
        for (const b of t.body) declaredVars(b, declared);
        for (const v of vs) if (v !== '_' && !declared.has(v) && outer(v) && this.isLocal(v, scope) && !scope.bound.has(v)) out.add(v);
        return;
      }
      default:
        return;
    }
  }

  private patternNeeds(t: Term, scope: Scope, out: Set<string>, outer: (n: string) => boolean): void {
    if (t.type === 'var') return;
    if (t.type === 'array') {
      for (const x of t.items) this.patternNeeds(x, scope, out, outer);
      return;
    }
    if (t.type === 'object') {
      for (const [k, v] of t.entries) {
        this.needs(k, scope, out, outer);
        this.patternNeeds(v, scope, out, outer);
      }
      return;
    }
    this.needs(t, scope, out, outer);
  }

  private slot(name: string, scope: Scope): number {
    let s = scope.slots.get(name);
    if (s === undefined) {
      s = scope.counter.n++;
      scope.slots.set(name, s);
    }
    return s;
  }

  private temp(scope: Scope): number {
    return scope.counter.n++;
  }

  private literal(l: Literal, scope: Scope, steps: J[]): void {
    switch (l.type) {
      case 'some':
        return;
      case 'logic':
        planLogic(l, scope, steps, this.logicHost, declaredVars);
        return;
      case 'somein': {
        const coll = this.value(l.collection, scope, steps);
        // `some x in xs` always declares new locals, shadowing outer ones
        for (const p of [l.key, l.value]) {
          if (!p) continue;
          for (const v of termVars(p)) {
            if (v === '_') continue;
            scope.bound.delete(v);
            this.freshSlot(v, scope);
          }
        }
        const kp = l.key ? this.pattern(l.key, scope, steps, true) : null;
        const vp = this.pattern(l.value, scope, steps, true);
        steps.push([S_SCAN, coll, kp, vp]);
        return;
      }
      case 'every': {
        const dom = this.value(l.domain, scope, steps);
        const inner: Scope = { slots: new Map(scope.slots), bound: new Set(scope.bound), counter: scope.counter };
        const kp = l.key ? this.pattern(l.key, inner, steps, true, true) : null;
        const vp = this.pattern(l.value, inner, steps, true, true);
        const body: J[] = [];
        this.body(l.body, inner, body);
        steps.push([S_EVERY, dom, kp, vp, body]);
        return;
      }
      case 'expr': {
        if (l.with.length) {
          const targets: J[] = [];
          for (const w of l.with) targets.push(...(this.withFunction(w.target, w.value, scope, w.span) ?? this.withTargets(w.target, this.value(w.value, scope, steps), w.span)));
          const before = new Set(scope.bound);
          const inner: J[] = [];
          if (l.inner) this.literal(l.inner, scope, inner);
          else this.exprLiteral(l, scope, inner);
          const outs = [...scope.bound].filter((v) => !before.has(v)).map((v) => scope.slots.get(v)!);
          steps.push([S_WITH, targets, inner, outs]);
          return;
        }
        this.exprLiteral(l, scope, steps);
        return;
      }
    }
  }

  /**
   * `with data.a.b as v` where rules live below data.a.b: the base document is patched and each of
   * those rules becomes v's value at its remaining path (undefined when v has none), as in opa.
   */
  /** Variables a nested body declares with `:=` are its own, shadowing the enclosing ones (opa). */
  private shadowDeclared(body: Literal[], inner: Scope): void {
    const declared = new Set<string>();
    for (const x of body) if (x.type === 'expr' && !x.inner) declaredVars(x, declared);
    for (const v of declared) {
      inner.bound.delete(v);
      inner.slots.delete(v);
    }
  }

  /**
   * `with f as g`, `with count as f`, `with f as count`, `with count as object.keys`: a function or
   * builtin replaced by another (kinds 5-8 of the with targets); undefined when the replacement is
   * a value.
   */
  private withFunction(target: Term, value: Term, scope: Scope, span: Span): J[] | undefined {
    const repl = this.functionRef(value, scope);
    if (!repl) return undefined;
    const t = this.functionRef(target, scope);
    if (!t) throw new PlanError('rego_compile_error', 'with keyword target must reference existing input, data, or a function', this.mod.file, span);
    if (t.arity !== repl.arity) throw new PlanError('rego_type_error', `with keyword replacing ${t.name}: arity mismatch: ${repl.name} takes ${repl.arity} arguments, not ${t.arity}`, this.mod.file, span);
    const none = [E_CONST, null];
    if (repl.rule) this.current?.deps.add(repl.rule.id);
    if (repl.builtin && BUILTIN_ARITY[repl.name] === undefined && !this.host.has(repl.name)) this.host.set(repl.name, this.host.size);
    if (t.builtin) return [repl.rule ? [5, 0, [t.name], none, repl.rule.id] : [6, 0, [t.name, repl.name], none]];
    return [repl.rule ? [7, t.rule!.id, [], none, repl.rule.id] : [8, t.rule!.id, [repl.name], none]];
  }

  /** A term naming a function of the policy or a builtin (`f`, `lib.f`, `data.lib.f`, `count`). */
  private functionRef(t: Term, scope: Scope): { name: string; arity: number; rule?: RuleGroup; builtin?: true } | undefined {
    const head = t.type === 'ref' ? t.head : t;
    const path = t.type === 'ref' ? t.path : [];
    if (head.type !== 'var' || !path.every((p) => p.type === 'string') || scope.slots.has(head.name)) return undefined;
    const parts = [head.name, ...path.map((p) => (p as { value: string }).value)];
    const candidates = parts[0] === 'data' ? [parts.slice(1)] : [[...this.mod.package, ...parts]];
    const imp = this.mod.imports.find((i) => (i.alias ?? i.path[i.path.length - 1]) === parts[0]);
    if (imp && imp.path[0] === 'data') candidates.push([...imp.path.slice(1), ...parts.slice(1)]);
    for (const c of candidates) {
      const g = this.groups.get(c.join('.'));
      if (g) return g.kind === 'func' ? { name: 'data.' + c.join('.'), arity: g.arity, rule: g } : undefined;
    }
    if (imp || parts[0] === 'data' || parts[0] === 'input') return undefined;
    const name = parts.join('.');
    const arity = BUILTIN_ARITY[name] ?? HOST_ARITY[name] ?? this.unsupportedArity(name);
    if (arity === undefined && UNSUPPORTED[name] !== undefined) throw new PlanError('rego_type_error', `unsupported built-in function ${name}: Warden does not implement it (${UNSUPPORTED[name]})`, this.mod.file, t.span);
    if (arity === undefined) return undefined;
    return { name, arity, builtin: true };
  }

  private withTargets(t: Term, value: J, span: Span): J[] {
    const one = this.withTarget(t, value, span) as [number, number, string[], J];
    // a rule with rules below it (`p[k] := v` and `p.q contains x`): those are replaced too
    const whole = one[0] === 2 && one[2].length === 0 ? this.byId[one[1]]!.path : undefined;
    if (one[0] !== 1 && !whole) return [one];
    const keys = whole ?? one[2];
    const prefix = keys.join('.');
    if (keys.length && !this.prefixes.has(prefix)) return [one];
    const out: J[] = [one];
    for (const g of this.byId) {
      // functions are not documents: calls still reach them (opa)
      if (g.kind === 'func' || (keys.length && !g.path.join('.').startsWith(prefix + '.')) || g.path.join('.') === prefix) continue;
      // replacing a document the rule itself belongs to is recursion (opa)
      this.current?.deps.add(g.id);
      out.push([4, g.id, g.path.slice(keys.length), value]);
    }
    return out;
  }

  private withTarget(t: Term, value: J, span: Span): J {
    let head = t.type === 'ref' ? t.head : t;
    let path = t.type === 'ref' ? t.path : [];
    if (head.type === 'var' && head.name !== 'input' && head.name !== 'data') {
      // `with count as 7` replaces a builtin: it must not pass for a patch of data.<pkg>.count
      const dotted = [head.name, ...path.map((p) => (p.type === 'string' ? p.value : '?'))].join('.');
      const local = this.groups.has([...this.mod.package, head.name].join('.')) || this.mod.imports.some((i) => (i.alias ?? i.path[i.path.length - 1]) === (head as { name: string }).name);
      if (!local && (BUILTIN_ARITY[dotted] !== undefined || HOST_ARITY[dotted] !== undefined || this.mocked.has(dotted))) {
        // every call of the builtin answers the value (a function as the replacement does not plan:
        // a function name is not a value)
        return [3, 0, [HOST_ARITY[dotted] !== undefined ? hostCallName(dotted) : dotted], value];
      }
      // a rule or function of this package, or an imported path
      const imp = this.mod.imports.find((i) => (i.alias ?? i.path[i.path.length - 1]) === (head as { name: string }).name);
      const base = imp ? imp.path : ['data', ...this.mod.package, head.name];
      path = [...base.slice(1).map(strTerm), ...path];
      head = { type: 'var', name: base[0]!, span: head.span };
    }
    if (head.type !== 'var' || (head.name !== 'input' && head.name !== 'data')) throw new PlanError('rego_compile_error', 'with keyword target must reference existing input, data, or a function', this.mod.file, span);
    const keys = path.map((p) => {
      if (p.type !== 'string') throw new PlanError('rego_compile_error', 'with keyword target path must be constant', this.mod.file, span);
      return p.value;
    });
    if (head.name === 'input') return [0, 0, keys, value];
    // data: a rule (or a path under one) is overridden; otherwise the base document is patched
    for (let i = keys.length; i > 0; i--) {
      const g = this.groups.get(keys.slice(0, i).join('.'));
      if (g) {
        if (i === keys.length) return [2, g.id, [], value];
        return [2, g.id, keys.slice(i), value];
      }
    }
    return [1, 0, keys, value];
  }

  private exprLiteral(l: Extract<Literal, { type: 'expr' }>, scope: Scope, steps: J[]): void {
    const e = l.expr;
    if (e.type === 'call' && !l.negated) {
      // `f(x, y)` with one argument more than f takes: the last one receives the result
      const arity = this.arityOf(e.name);
      if (arity !== undefined && e.args.length === arity + 1) {
        const out = e.args[e.args.length - 1]!;
        if (e.name === 'walk') return this.walkRelation(e.args[0]!, out, scope, steps);
        const call: Term = { ...e, args: e.args.slice(0, -1) };
        this.unify(out, call, '=', scope, steps, e.span);
        return;
      }
    }
    if (l.negated) {
      // terms OPA evaluates before the negation (see negation.ts): undefined there fails the body
      const { pre, expr } = hoistNegated(e, (n) => !this.isLocal(n, scope), () => `$neg${this.negVars++}`);
      for (const h of pre) {
        // a fresh local: plain assignment (the term's own ref keys may still iterate)
        const v = this.value(h.term, scope, steps);
        steps.push([S_MATCH, [P_VAR, this.freshSlot(h.name, scope)], v]);
        scope.bound.add(h.name);
      }
      const inner: Scope = { slots: new Map(scope.slots), bound: new Set(scope.bound), counter: scope.counter };
      const body: J[] = [];
      this.exprLiteral({ ...l, expr, negated: false }, inner, body);
      steps.push([S_NOT, body]);
      return;
    }
    if (e.type === 'binop' && (e.op === '=' || e.op === ':=')) {
      // `[path, value] := walk(x)`: walk is a relation, one solution per pair, on either side of `=`
      const walked = [e.right, e.left].find((t) => t.type === 'call' && t.name === 'walk' && t.args.length === 1);
      if (walked && walked.type === 'call') return this.walkRelation(walked.args[0]!, walked === e.right ? e.left : e.right, scope, steps, e.op === ':=');
      this.unify(e.left, e.right, e.op, scope, steps, e.span);
      return;
    }
    if (e.type === 'membership') {
      // `x in xs` / `k, v in xs` as a test
      const coll = this.value(e.collection, scope, steps);
      const args = e.key ? [this.value(e.key, scope, steps), this.value(e.value, scope, steps), coll] : [this.value(e.value, scope, steps), coll];
      steps.push([S_TEST, [E_BI, e.key ? 'internal.member_3' : 'internal.member_2', args]]);
      return;
    }
    steps.push([S_TEST, this.value(e, scope, steps)]);
  }

  /** walk(x, out): one solution per [path, value] pair of x, matched against `out`. */
  private walkRelation(x: Term, out: Term, scope: Scope, steps: J[], declare = false): void {
    const all = [E_BI, 'walk', [this.value(x, scope, steps)]];
    steps.push([S_SCAN, all, null, this.pattern(out, scope, steps, declare)]);
  }

  /** True when the term can be evaluated now (ref keys that are unbound vars iterate). */
  private ground(t: Term, scope: Scope): boolean {
    const s = new Set<string>();
    // a literal is planned once its outer vars are bound (missing()), so a comprehension's unbound
    // vars are its own: comprehensions are closed and always ground here
    this.needs(t, scope, s, () => false);
    return s.size === 0;
  }

  private unify(a: Term, b: Term, op: string, scope: Scope, steps: J[], span: Span): void {
    if (op === ':=') {
      if (a.type === 'var' && (a.name === 'input' || a.name === 'data')) {
        throw new PlanError('rego_compile_error', `cannot assign to ${a.name}`, this.mod.file, a.span);
      }
      for (const v of termVars(a)) {
        if (v !== '_' && scope.bound.has(v)) throw new PlanError('rego_compile_error', `var ${v} assigned above`, this.mod.file, findTermVarSpan(a, v) ?? span);
      }
      const v = this.value(b, scope, steps);
      const p = this.pattern(a, scope, steps, true, true);
      steps.push([S_MATCH, p, v]);
      return;
    }
    // `xs[_] = _`: the wildcard side matches anything
    if (b.type === 'var' && b.name === '_') [a, b] = [b, a];
    if (this.ground(b, scope)) {
      const v = this.value(b, scope, steps);
      steps.push([S_MATCH, this.pattern(a, scope, steps, false), v]);
      return;
    }
    if (this.ground(a, scope)) {
      const v = this.value(a, scope, steps);
      steps.push([S_MATCH, this.pattern(b, scope, steps, false), v]);
      return;
    }
    const pairs = unifyPairs(a, b);
    if (pairs) {
      // unify element-wise, ground sides first
      const pending = [...pairs];
      while (pending.length) {
        const i = pending.findIndex(([x, y]) => this.ground(x, scope) || this.ground(y, scope));
        if (i < 0) break;
        const [x, y] = pending.splice(i, 1)[0]!;
        this.unify(x, y, '=', scope, steps, span);
      }
      if (!pending.length) return;
    }
    const s = new Set<string>();
    this.needs(b, scope, s, () => true, true);
    throw new PlanError('rego_unsafe_var_error', `var ${[...s][0] ?? '?'} is unsafe`, this.mod.file, span);
  }

  /** Lowers a term on the binding side of a unification. */
  private pattern(t: Term, scope: Scope, steps: J[], declare: boolean, fresh = false): J {
    if (t.type === 'var') {
      if (t.name === '_') return [P_ANY];
      if (declare || this.isLocal(t.name, scope)) {
        const s = fresh && !scope.bound.has(t.name) ? this.freshSlot(t.name, scope) : this.slot(t.name, scope);
        scope.bound.add(t.name);
        return [P_VAR, s];
      }
    }
    if (t.type === 'array') return [P_ARR, t.items.map((x) => this.pattern(x, scope, steps, declare, fresh))];
    if (t.type === 'object') {
      const keys = t.entries.map(([k]) => this.value(k, scope, steps));
      return [P_OBJ, keys, t.entries.map(([, v]) => this.pattern(v, scope, steps, declare, fresh))];
    }
    return [P_VAL, this.value(t, scope, steps)];
  }

  private freshSlot(name: string, scope: Scope): number {
    const s = scope.counter.n++;
    scope.slots.set(name, s);
    return s;
  }

  // ---- values ----

  private value(t: Term, scope: Scope, steps: J[]): J {
    switch (t.type) {
      case 'null':
        return [E_CONST, null];
      case 'boolean':
        return [E_CONST, t.value];
      case 'number':
        return [E_CONST, numberLiteral(t)];
      case 'string':
        return [E_CONST, t.value];
      case 'var':
        return this.ref(t, [], scope, steps, t.span);
      case 'ref':
        if (t.head.type === 'var') return this.ref(t.head, t.path, scope, steps, t.span);
        return this.indexPath(this.value(t.head, scope, steps), t.path, scope, steps);
      case 'array':
        // constant composites are decoded once with the program instead of rebuilt on every evaluation
        if (isJsonConstant(t)) return [E_CONST, jsonOf(t)];
        return [E_ARR, t.items.map((x) => this.value(x, scope, steps))];
      case 'set':
        return [E_SET, t.items.map((x) => this.value(x, scope, steps))];
      case 'object':
        if (isJsonConstant(t)) return [E_CONST, jsonOf(t)];
        return [E_OBJ, t.entries.flatMap(([k, v]) => [this.value(k, scope, steps), this.value(v, scope, steps)])];
      case 'binop': {
        // `foo == xs[foo]`: the iterating side's scans go first (its value is then a lookup)
        if (t.op !== '=' && t.op !== ':=' && !this.ground(t.left, scope) && this.ground(t.right, scope)) this.value(t.right, scope, steps);
        if (t.op === '=' || t.op === ':=') throw new PlanError('rego_parse_error', 'unexpected assignment in expression', this.mod.file, t.span);
        const name = OPS[t.op]!;
        this.noteExact(name);
        return [E_BI, name, [this.value(t.left, scope, steps), this.value(t.right, scope, steps)]];
      }
      case 'membership': {
        const coll = this.value(t.collection, scope, steps);
        if (t.key) return [E_BI, 'internal.member_3', [this.value(t.key, scope, steps), this.value(t.value, scope, steps), coll]];
        return [E_BI, 'internal.member_2', [this.value(t.value, scope, steps), coll]];
      }
      case 'call':
        return this.call(t, scope, steps);
      case 'template': {
        // each expression becomes a comprehension, so an undefined one prints as <undefined>
        const parts = t.parts.map((p) => {
          if (typeof p === 'string') return [E_CONST, p];
          // `{e with ...}` arrives as the comprehension it stands for
          if (p.type === 'arraycomp' && p.head.type === 'var' && p.head.name === TEMPLATE_WITH) return this.value(p, scope, steps);
          const inner: Scope = { slots: new Map(scope.slots), bound: new Set(scope.bound), counter: scope.counter };
          const body: J[] = [];
          const v = this.value(p, inner, body);
          return [E_ACOMP, body, v];
        });
        return [E_BI, 'internal.template_string', [[E_ARR, parts]]];
      }
      case 'arraycomp':
      case 'setcomp':
      case 'objcomp': {
        const inner: Scope = { slots: new Map(scope.slots), bound: new Set(scope.bound), counter: scope.counter };
        this.shadowDeclared(t.body, inner);
        const body: J[] = [];
        this.body(t.body, inner, body);
        if (t.type === 'objcomp') {
          const k = this.value(t.key, inner, body);
          const v = this.value(t.value, inner, body);
          return [E_OCOMP, body, k, v];
        }
        const h = this.value(t.head, inner, body);
        return [t.type === 'arraycomp' ? E_ACOMP : E_SCOMP, body, h];
      }
    }
  }

  private arityOf(name: string): number | undefined {
    const parts = name.split('.');
    const candidates = parts[0] === 'data' ? [parts.slice(1)] : [[...this.mod.package, ...parts]];
    const imp = this.mod.imports.find((i) => (i.alias ?? i.path[i.path.length - 1]) === parts[0]);
    if (imp && imp.path[0] === 'data') candidates.push([...imp.path.slice(1), ...parts.slice(1)]);
    for (const c of candidates) {
      const g = this.groups.get(c.join('.'));
      if (g && g.kind === 'func') return g.arity;
    }
    return BUILTIN_ARITY[name] ?? HOST_ARITY[name] ?? this.customArity(name) ?? UNSUPPORTED_ARITY[name];
  }

  private customArity(name: string): number | undefined {
    return Object.hasOwn(this.custom, name) ? this.custom[name] : undefined;
  }

  private call(t: Extract<Term, { type: 'call' }>, scope: Scope, steps: J[]): J {
    if (t.name === 'set' && t.args.length === 0) return [E_SET, []];
    if (t.name === 'rego.metadata.chain' || t.name === 'rego.metadata.rule') return this.metadataCall(t);
    const parts = t.name.split('.');
    const args = t.args.map((a) => this.value(a, scope, steps));
    // user functions: same package, imported package, or full data path
    const candidates: string[][] = [];
    if (parts[0] === 'data') candidates.push(parts.slice(1));
    else {
      candidates.push([...this.mod.package, ...parts]);
      const imp = this.mod.imports.find((i) => (i.alias ?? i.path[i.path.length - 1]) === parts[0]);
      if (imp && imp.path[0] === 'data') candidates.push([...imp.path.slice(1), ...parts.slice(1)]);
    }
    for (const c of candidates) {
      const g = this.groups.get(c.join('.'));
      if (g) {
        if (g.kind !== 'func' && args.length === 0 && (g.kind === 'complete' || g.kind === 'set' || g.kind === 'obj')) {
          // `g()` of a rule that is not a function reads its value, where the type checker lets it
          // (the rule's type is unknown to it: v0 `g() = out { ... }` with several bodies)
          this.current?.deps.add(g.id);
          return this.dataRef(c, [], scope, steps, t.span);
        }
        if (g.kind !== 'func') {
          throw new PlanError('rego_type_error', `data.${c.join('.')} is not a function`, this.mod.file, t.nameSpan);
        }
        if (g.arity !== args.length) throw new PlanError('rego_type_error', `function data.${c.join('.')} has arity ${g.arity}, got ${args.length} arguments`, this.mod.file, t.span);
        this.current?.deps.add(g.id);
        return [E_CALL, g.id, args];
      }
    }
    const name = t.name;
    const internal = name === 'print' ? 'internal.print' : name;
    if (name === 'print') return [E_BI, 'print', args];
    const arity = BUILTIN_ARITY[internal] ?? HOST_ARITY[internal] ?? this.customArity(internal) ?? this.unsupportedArity(internal);
    if (DEPRECATED_BUILTINS.has(name) && !this.mod.v0) throw new PlanError('rego_type_error', `deprecated built-in function calls in expression: ${name}`, this.mod.file, t.nameSpan);
    if (arity === undefined && UNSUPPORTED[internal] !== undefined) throw new PlanError('rego_type_error', `unsupported built-in function ${t.name}: Warden does not implement it (${UNSUPPORTED[internal]})`, this.mod.file, t.nameSpan);
    if (arity === undefined) throw new PlanError('rego_type_error', `undefined function ${t.name}`, this.mod.file, t.nameSpan);
    if (arity !== args.length) throw new PlanError('rego_type_error', `${t.name}: arity mismatch: expected ${arity} arguments, got ${args.length}`, this.mod.file, t.span);
    this.noteExact(internal);
    if (HOST_LEFT.has(internal) && !this.mocked.has(internal)) this.warnHostLeft(internal, t.nameSpan);
    if (BUILTIN_ARITY[internal] !== undefined) {
      // the host builtin under the name it is served by (warden.yaml.* where the SDK has its own)
      if (HYBRID.has(internal) && !this.host.has(hostCallName(internal))) this.host.set(hostCallName(internal), this.host.size);
      return [E_BI, internal, args];
    }
    const host = hostCallName(internal);
    if (!this.host.has(host)) this.host.set(host, this.host.size);
    return [E_BI, host, args];
  }

  /** Numeric builtins may hand exact arithmetic beyond the runtime's range to the host helper. */
  private noteExact(name: string): void {
    if (this.exactHost && EXACT_USERS.has(name) && !this.host.has(EXACT_BUILTIN)) this.host.set(EXACT_BUILTIN, this.host.size);
  }

  private metadataCall(t: Extract<Term, { type: 'call' }>): J {
    if (t.args.length) throw new PlanError('rego_type_error', `${t.name}: arity mismatch: expected 0 arguments, got ${t.args.length}`, this.mod.file, t.span);
    const r = this.currentRule;
    const g = this.current;
    if (!r || !g) throw new PlanError('rego_compile_error', `${t.name} can only be called in a rule body`, this.mod.file, t.span);
    const v = t.name === 'rego.metadata.rule' ? metadataRule(r, [...g.defs, ...g.defaults]) : metadataChain(r, [...g.defs, ...g.defaults], this.mod.package, this.modules);
    if (typeof v === 'string') throw new PlanError('rego_compile_error', v, this.mod.file, t.span);
    return [E_CONST, v];
  }

  /** A ref starting at a variable: local, input, data, import alias or rule of this package. */
  private ref(head: Extract<Term, { type: 'var' }>, path: Term[], scope: Scope, steps: J[], span: Span): J {
    const name = head.name;
    if (scope.slots.has(name) && scope.bound.has(name)) return this.indexPath([E_VAR, scope.slots.get(name)!], path, scope, steps);
    if (name === 'input') return this.indexPath([E_INPUT], path, scope, steps);
    if (name === 'data') return this.dataRef([], path, scope, steps, span);
    const imp = this.mod.imports.find((i) => (i.alias ?? i.path[i.path.length - 1]) === name && i.path[0] !== 'rego' && i.path[0] !== 'future');
    if (imp) {
      if (imp.path[0] === 'input') return this.indexPath([E_INPUT], [...imp.path.slice(1).map(strTerm), ...path], scope, steps);
      return this.dataRef(imp.path.slice(1), path, scope, steps, span);
    }
    const key = [...this.mod.package, name].join('.');
    if (this.groups.has(key) || this.prefixes.has(key)) return this.dataRef([...this.mod.package, name], path, scope, steps, span);
    throw new PlanError('rego_unsafe_var_error', `var ${name} is unsafe`, this.mod.file, head.span);
  }

  /** data.<fixed...>.<path...>: resolves rules statically as far as the path is constant. */
  private dataRef(fixed: string[], path: Term[], scope: Scope, steps: J[], span: Span): J {
    const keys = [...fixed];
    let i = 0;
    while (i < path.length && path[i]!.type === 'string') {
      const g = this.groups.get(keys.join('.'));
      const next = [...keys, (path[i] as { value: string }).value].join('.');
      // a rule with rules below it (`p[k] := v` and `p.q contains x`): descend into those by name
      if (g && !this.groups.has(next) && !this.prefixes.has(next)) break;
      keys.push((path[i] as { value: string }).value);
      i++;
    }
    const g = this.groups.get(keys.join('.'));
    if (g) {
      if (g.kind === 'func') throw new PlanError('rego_type_error', `function data.${keys.join('.')} called without arguments`, this.mod.file, span);
      this.current?.deps.add(g.id);
      return this.indexPath(this.dataPath(keys, scope, path.slice(i))!, path.slice(i), scope, steps);
    }
    const base = this.dataPath(keys, scope, path.slice(i))!;
    // below no rule or package the path reads base data, by OPA's storage paths (E_DINDEX); so
    // does a number key, which names no rule or package
    const b = base as J[];
    const baseData = b[0] === E_DINDEX || b[0] === E_DATA || path[i]?.type === 'number';
    // a package document's keys are rule names and base data keys: a number key can only be base data's
    return this.indexPath(base, path.slice(i), scope, steps, baseData || (b[0] === E_VDOC && b.length === 3 ? 'first' : false));
  }

  /** An entrypoint: a rule, a package, base data, or a path inside a rule's value (`ex/bar/alice`). */
  private entrypointExpr(path: string[]): J | undefined {
    const key = path.join('.');
    if (this.groups.has(key) || this.prefixes.has(key)) return this.dataPath(path, {} as Scope);
    for (let i = path.length - 1; i > 0; i--) {
      const g = this.groups.get(path.slice(0, i).join('.'));
      if (!g) continue;
      if (g.kind === 'func') return undefined;
      let e: J = [E_CALL, g.id, []];
      for (const k of path.slice(i)) e = [E_INDEX, e, [E_CONST, k]];
      return e;
    }
    return this.dataPath(path, {} as Scope);
  }

  /**
   * The document at a constant data path: a rule, a package (virtual document) or base data.
   * `rest`, the path the caller then indexes it by, leaves out of a package document the rules it
   * cannot reach: `data[x].allow.see` needs no rule outside some `<pkg>.allow.see`, so a rule
   * elsewhere that reads it is no recursion (as OPA matches refs to rules with vars as wildcards).
   */
  private dataPath(keys: string[], _scope: Scope | undefined, rest: Term[] = []): J | undefined {
    const key = keys.join('.');
    const g = this.groups.get(key);
    if (g) {
      if (this.current) this.current.deps.add(g.id);
      if (g.kind === 'func') return undefined;
      if (!this.prefixes.has(key)) return [E_CALL, g.id, []];
    }
    let base: J = [E_DATA];
    for (const k of keys) base = [E_DINDEX, base, [E_CONST, k]];
    if (g) base = [E_CALL, g.id, []];
    if (!this.prefixes.has(key) && !this.packages.has(key) && keys.length > 0) return _scope === undefined ? undefined : base;
    const children = new Set<string>();
    const prefix = key === '' ? '' : key + '.';
    for (const k of [...this.groups.keys(), ...this.prefixes, ...this.packages]) {
      if (k.startsWith(prefix) && k !== key) children.add(k.slice(prefix.length).split('.')[0]!);
    }
    const entries: J[] = [];
    const next = rest[0];
    for (const c of [...children].sort()) {
      if (next && isConstant(next) && (next.type !== 'string' || next.value !== c)) continue;
      const sub = this.dataPath([...keys, c], _scope ?? {} as Scope, rest.slice(1));
      if (sub === undefined) continue;
      entries.push([E_CONST, c], sub);
    }
    return g ? [E_VDOC, base, entries, 1] : [E_VDOC, base, entries];
  }

  private indexPath(base: J, path: Term[], scope: Scope, steps: J[], baseData: boolean | 'first' = false): J {
    let cur = base;
    for (const [n, k] of path.entries()) {
      if (k.type === 'var' && (k.name === '_' || (this.isLocal(k.name, scope) && !scope.bound.has(k.name)))) {
        const t = this.temp(scope);
        const kp = k.name === '_' ? null : [P_VAR, this.slot(k.name, scope)];
        if (k.name !== '_') scope.bound.add(k.name);
        steps.push([S_SCAN, cur, kp, [P_VAR, t]]);
        cur = [E_VAR, t];
        continue;
      }
      if ((k.type === 'array' || k.type === 'object') && !this.ground(k, scope)) {
        const t = this.temp(scope);
        const kp = this.pattern(k, scope, steps, false);
        steps.push([S_SCAN, cur, kp, [P_VAR, t]]);
        cur = [E_VAR, t];
        continue;
      }
      cur = [baseData === true || (baseData === 'first' && n === 0) ? E_DINDEX : E_INDEX, cur, this.value(k, scope, steps)];
    }
    return cur;
  }
}

/**
 * The builtins Warden does not implement (decls.ts UNSUPPORTED) that a `with` of these modules
 * replaces: `allow with http.send as mock` is how policies test such calls. A call of one compiles
 * to a host call that fails the evaluation unless the `with` is in effect; without any such `with`
 * the call stays a compile error.
 */
function mockedBuiltins(modules: Module[]): Set<string> {
  const out = new Set<string>();
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(walk);
    const o = x as Record<string, unknown>;
    if (o.type === 'expr' && Array.isArray(o.with)) {
      for (const w of o.with as With[]) {
        const t = w.target;
        const head = t.type === 'ref' ? t.head : t;
        const path = t.type === 'ref' ? t.path : [];
        if (head.type !== 'var' || !path.every((p) => p.type === 'string')) continue;
        const name = [head.name, ...path.map((p) => (p as { value: string }).value)].join('.');
        if (UNSUPPORTED_ARITY[name] !== undefined) out.add(name);
      }
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'span') walk(v);
  };
  walk(modules);
  return out;
}

/** The pairs `a = b` unifies element by element: arrays of one length, objects with the same constant keys. */
function unifyPairs(a: Term, b: Term): Array<readonly [Term, Term]> | undefined {
  if (a.type === 'array' && b.type === 'array') return a.items.length === b.items.length ? a.items.map((x, i) => [x, b.items[i]!] as const) : undefined;
  if (a.type !== 'object' || b.type !== 'object' || a.entries.length !== b.entries.length) return undefined;
  const keyOf = (k: Term): string | undefined => (k.type === 'string' || k.type === 'number' || k.type === 'boolean' ? `${k.type}:${String(k.value)}` : k.type === 'null' ? 'null' : undefined);
  const right = new Map<string, Term>();
  for (const [k, v] of b.entries) {
    const key = keyOf(k);
    if (key === undefined) return undefined;
    right.set(key, v);
  }
  const pairs: Array<readonly [Term, Term]> = [];
  for (const [k, v] of a.entries) {
    const w = right.get(keyOf(k) ?? '');
    if (w === undefined) return undefined;
    pairs.push([v, w]);
  }
  return pairs;
}

function strTerm(s: string): Term {
  return { type: 'string', value: s, span: { line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0 } };
}

/** A constant the program's JSON can carry as is: no sets, string object keys only. */
function isJsonConstant(t: Term): boolean {
  switch (t.type) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return true;
    case 'array':
      return t.items.every(isJsonConstant);
    case 'object':
      return t.entries.every(([k, v]) => k.type === 'string' && isJsonConstant(v));
    default:
      return false;
  }
}

/**
 * A number constant as written in the source (`1e21`, `123456.0`, `9007199254740993`): the program
 * carries the text, so the runtime prints and formats it as OPA does instead of as a float64
 * re-serialized by JSON.stringify. Serialized by programJson; anywhere else it is its value.
 */
export class NumberLiteral {
  constructor(
    readonly text: string,
    readonly value: number,
  ) {}
  toJSON(): number {
    return this.value;
  }
}

const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;

function numberLiteral(t: Extract<Term, { type: 'number' }>): number | NumberLiteral {
  return JSON_NUMBER.test(t.text) && String(t.value) !== t.text ? new NumberLiteral(t.text, t.value) : t.value;
}

/** The planned program as JSON, number literals in their source text. */
export function programJson(v: unknown): string {
  if (v instanceof NumberLiteral) return v.text;
  if (Array.isArray(v)) return '[' + v.map((x) => (x === undefined ? 'null' : programJson(x))).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v)) if (x !== undefined) parts.push(JSON.stringify(k) + ':' + programJson(x));
    return '{' + parts.join(',') + '}';
  }
  return JSON.stringify(v) ?? 'null';
}

function jsonOf(t: Term): unknown {
  switch (t.type) {
    case 'null':
      return null;
    case 'boolean':
    case 'string':
      return t.value;
    case 'number':
      return numberLiteral(t);
    case 'array':
      return t.items.map(jsonOf);
    case 'object':
      return Object.fromEntries(t.entries.map(([k, v]) => [(k as { value: string }).value, jsonOf(v)]));
    default:
      throw new Error('not a JSON constant');
  }
}

function isConstant(t: Term): boolean {
  switch (t.type) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return true;
    case 'array':
    case 'set':
      return t.items.every(isConstant);
    case 'object':
      return t.entries.every(([k, v]) => isConstant(k) && isConstant(v));
    default:
      return false;
  }
}

export function termVars(t: Term, out: string[] = [], shallow = false): string[] {
  switch (t.type) {
    case 'var':
      out.push(t.name);
      break;
    case 'ref':
      termVars(t.head, out, shallow);
      for (const p of t.path) termVars(p, out, shallow);
      break;
    case 'array':
    case 'set':
      for (const x of t.items) termVars(x, out, shallow);
      break;
    case 'object':
      for (const [k, v] of t.entries) {
        termVars(k, out, shallow);
        termVars(v, out, shallow);
      }
      break;
    case 'call':
      for (const a of t.args) termVars(a, out, shallow);
      break;
    case 'binop':
      termVars(t.left, out, shallow);
      termVars(t.right, out, shallow);
      break;
    case 'membership':
      if (t.key) termVars(t.key, out, shallow);
      termVars(t.value, out, shallow);
      termVars(t.collection, out, shallow);
      break;
    case 'arraycomp':
    case 'setcomp':
      if (shallow) break;
      termVars(t.head, out, shallow);
      for (const l of t.body) literalVars(l, out, shallow);
      break;
    case 'template':
      for (const p of t.parts) if (typeof p !== 'string') termVars(p, out, shallow);
      break;
    case 'objcomp':
      if (shallow) break;
      termVars(t.key, out, shallow);
      termVars(t.value, out, shallow);
      for (const l of t.body) literalVars(l, out, shallow);
      break;
    default:
      break;
  }
  return out;
}

export function literalVars(l: Literal, out: string[] = [], shallow = false): string[] {
  switch (l.type) {
    case 'some':
      for (const v of l.vars) out.push(v.name);
      break;
    case 'somein':
      if (l.key) termVars(l.key, out, shallow);
      termVars(l.value, out, shallow);
      termVars(l.collection, out, shallow);
      break;
    case 'every':
      termVars(l.domain, out, shallow);
      if (!shallow) for (const b of l.body) literalVars(b, out, shallow);
      break;
    case 'logic':
      logicVars(l, out, shallow, literalVars);
      break;
    case 'expr':
      if (l.inner) literalVars(l.inner, out, shallow);
      else termVars(l.expr, out, shallow);
      for (const w of l.with) termVars(w.value, out, shallow);
      break;
  }
  return out;
}

/** Variables a literal declares afresh: `some`, `some ... in`, and `:=` targets. */
function declaredVars(l: Literal, out: Set<string>): void {
  if (l.type === 'some') for (const v of l.vars) out.add(v.name);
  else if (l.type === 'somein') {
    if (l.key) for (const v of termVars(l.key)) out.add(v);
    for (const v of termVars(l.value)) out.add(v);
  } else if (l.type === 'expr' && l.expr.type === 'binop' && l.expr.op === ':=') for (const v of termVars(l.expr.left)) out.add(v);
  else if (l.type === 'expr' && l.inner) declaredVars(l.inner, out);
}

/** Variables used as keys of refs in a term (outside comprehensions): the lookups can bind them. */
function iterationVars(t: Term, out = new Set<string>()): Set<string> {
  switch (t.type) {
    case 'ref':
      iterationVars(t.head, out);
      for (const k of t.path) {
        if (k.type === 'var') out.add(k.name);
        else iterationVars(k, out);
      }
      break;
    case 'binop':
      iterationVars(t.left, out);
      iterationVars(t.right, out);
      break;
    case 'call':
      for (const a of t.args) iterationVars(a, out);
      break;
    case 'array':
    case 'set':
      for (const x of t.items) iterationVars(x, out);
      break;
    case 'object':
      for (const [, v] of t.entries) iterationVars(v, out);
      break;
    default:
      break;
  }
  return out;
}

/** Whether a literal declares `name` with `:=`. */
function assigns(l: Literal, name: string): boolean {
  return l.type === 'expr' && !l.inner && l.expr.type === 'binop' && l.expr.op === ':=' && termVars(l.expr.left).includes(name);
}

/** Whether a literal uses `name` outside nested comprehensions (which have their own locals). */
function mentions(l: Literal, name: string): boolean {
  return literalVars(l, [], true).includes(name);
}

function findTermVarSpan(t: Term, name: string): Span | undefined {
  let found: Span | undefined;
  const walk = (x: Term): void => {
    if (found) return;
    if (x.type === 'var' && x.name === name) found = x.span;
    else if (x.type === 'ref') {
      walk(x.head);
      x.path.forEach(walk);
    } else if (x.type === 'array' || x.type === 'set') x.items.forEach(walk);
    else if (x.type === 'object') x.entries.forEach(([k, v]) => (walk(k), walk(v)));
    else if (x.type === 'call') x.args.forEach(walk);
    else if (x.type === 'binop') (walk(x.left), walk(x.right));
    else if (x.type === 'membership') {
      if (x.key) walk(x.key);
      walk(x.value);
      walk(x.collection);
    }
  };
  walk(t);
  return found;
}

function findVarSpan(l: Literal, name: string): Span | undefined {
  if (l.type === 'logic') {
    const b = findInLogic(l, (x) => findVarSpan(x, name) !== undefined);
    return b && findVarSpan(b, name);
  }
  if (l.type === 'expr' && l.inner) return findVarSpan(l.inner, name) ?? findTermVarSpan(l.expr, name);
  if (l.type === 'expr') return findTermVarSpan(l.expr, name);
  if (l.type === 'somein') return findTermVarSpan(l.collection, name);
  if (l.type === 'every') return findTermVarSpan(l.domain, name);
  return undefined;
}
