// `opa test` semantics over parsed modules: which rules are tests, duplicate names (`test_a#01`),
// and parameterised tests (`test_x[name] if { ... }`), whose keys are sub-tests.
//
// A parameterised test is a partial object rule. Every key it produces is a sub-test that passes
// when its value is true (a nested object holds nested sub-tests). A key the body reached before
// failing is a failed sub-test: opa records each key as soon as the body has bound it. Warden gets
// the same set from a hidden rule whose body is the test body up to the literal that first binds
// the last of the key's variables, and whose members are the key paths.
import type { Literal, Module, Rule, Term } from './parse/ast.js';
import { literalVars, termVars } from './plan/plan.js';

export interface TestSpec {
  pkg: string;
  name: string;
  file: string;
  line: number;
  ep: string;
  /** A partial object test (`test_x[name] if ...`): its keys are sub-tests. */
  parameterised: boolean;
  /** Entrypoint of the hidden rule listing the key paths the body reached (parameterised tests). */
  reachEp?: string;
  /** A `todo_test_` rule: reported as skipped, never run (as opa test does). */
  skip?: boolean;
}

export interface SubResult {
  name: string;
  pass: boolean;
  subResults?: SubResult[];
}

const REACH_PREFIX = '__warden_reached__';

/** The order the planner put a rule's body literals in, by module and rule index. */
export type BodyOrder = (moduleIndex: number, ruleIndex: number) => Literal[] | undefined;

/**
 * Finds the tests and renames duplicates as opa does; with `order`, adds the hidden rules that list
 * the keys parameterised tests reach (mutates `modules`).
 */
export function prepareTests(modules: Module[], run: { test(path: string): boolean } | undefined, order?: BodyOrder): TestSpec[] {
  const tests: TestSpec[] = [];
  const count = new Map<string, number>();
  modules.forEach((m, mi) => {
    const extra: Rule[] = [];
    m.rules.forEach((r, ri) => {
      if (r.name.length !== 1 || r.args || r.isDefault) return;
      const todo = r.name[0]!.startsWith('todo_test_');
      if (!todo && !r.name[0]!.startsWith('test_')) return;
      const key = [...m.package, r.name[0]!].join('.');
      const k = count.get(key) ?? 0;
      count.set(key, k + 1);
      // opa runs each definition of a test name as a test of its own: test_a, test_a#01, ...
      if (k > 0) r.name = [`${r.name[0]}#${String(k).padStart(2, '0')}`];
      const ep = [...m.package, r.name[0]!].join('/');
      if (run && !run.test(ep.replace(/\//g, '.'))) return;
      const spec: TestSpec = { pkg: 'data.' + m.package.join('.'), name: r.name[0]!, file: m.file, line: r.nameSpan.line, ep, parameterised: !!r.key && !r.contains, ...(todo ? { skip: true } : {}) };
      if (todo) {
        tests.push(spec);
        return;
      }
      const body = order?.(mi, ri);
      if (spec.parameterised && body) {
        const reach = reachRule(r, body);
        extra.push(reach);
        spec.reachEp = [...m.package, reach.name[0]!].join('/');
      }
      tests.push(spec);
    });
    m.rules.push(...extra);
  });
  return tests;
}

/**
 * `reached contains [k, j]` over the planned body up to the literal where the last of the key's
 * variables first occurs (where opa injects its test-case marker). A prefix of a planned order
 * plans on its own.
 */
function reachRule(r: Rule, planned: Literal[]): Rule {
  const keys = [r.key!, ...(r.subKeys ?? [])];
  const vars = new Set(keys.flatMap((k) => termVars(k)).filter((v) => v !== '_'));
  let upto = 0;
  for (const v of vars) {
    const first = planned.findIndex((l) => l.type !== 'some' && literalVars(l, [], true).includes(v));
    if (first + 1 > upto) upto = first + 1;
  }
  const prefix = planned.slice(0, upto);
  // `some x` declarations stay when the prefix uses their variables (an unused one is an error)
  const body = prefix.filter((l) => l.type !== 'some' || l.vars.every((v) => prefix.some((o) => o !== l && literalVars(o).includes(v.name))));
  const head: Term = { type: 'array', items: keys, span: r.key!.span };
  return { ...r, name: [REACH_PREFIX + r.name[0]!], key: undefined, subKeys: undefined, contains: head, value: undefined, assign: undefined, body, elses: [], annotations: undefined };
}

/** opa's verdict for a parameterised test from its value and the key paths its body reached. */
export function subResultsOf(value: unknown, reached: unknown[][]): { pass: boolean; subResults: SubResult[] } {
  const root = new Map<string, Entry>();
  let fail = false;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      const e = entryOf(v);
      root.set(k, e);
      if (!e.pass) fail = true;
    }
  }
  for (const path of reached) if (update(root, path.map(keyName), 0)) fail = true;
  return { pass: !fail, subResults: toList(root) };
}

interface Entry {
  pass: boolean;
  subs: Map<string, Entry>;
}

function entryOf(v: unknown): Entry {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const subs = new Map<string, Entry>();
    let pass = true;
    for (const [k, x] of Object.entries(v)) {
      const e = entryOf(x);
      subs.set(k, e);
      if (!e.pass) pass = false;
    }
    return { pass, subs };
  }
  return { pass: v === true, subs: new Map() };
}

/** Records a reached key path; a key the value does not hold is a failed sub-test. Returns failure. */
function update(m: Map<string, Entry>, path: string[], i: number): boolean {
  if (i >= path.length) return true;
  let e = m.get(path[i]!);
  if (!e) {
    e = { pass: false, subs: new Map() };
    m.set(path[i]!, e);
  }
  if (i === path.length - 1) return !e.pass;
  const failed = update(e.subs, path, i + 1);
  if (failed) e.pass = false;
  return failed;
}

function toList(m: Map<string, Entry>): SubResult[] {
  return [...m.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([name, e]) => (e.subs.size ? { name, pass: e.pass, subResults: toList(e.subs) } : { name, pass: e.pass }));
}

/** A key as opa names a sub-test: strings as they are, other values as JSON text. */
function keyName(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Leaf sub-tests count as tests in the totals, as in opa. */
export function leafCount(subs: SubResult[] | undefined): { total: number; passed: number } {
  if (!subs?.length) return { total: 0, passed: 0 };
  let total = 0;
  let passed = 0;
  for (const s of subs) {
    if (s.subResults?.length) {
      const c = leafCount(s.subResults);
      total += c.total;
      passed += c.passed;
    } else {
      total++;
      if (s.pass) passed++;
    }
  }
  return { total, passed };
}
