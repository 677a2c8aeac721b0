// Tests of the conformance harness itself: the case loader's validation, the judging of outcomes,
// the generator, and (where opa exists) the Wasm path proven with OPA's own compiler, so that a
// failure in cases.test.ts points at the compiler under test and not at the harness.
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allCases, CaseFormatError, caseId, entrypointOf, loadCaseFiles, type RegoCase } from './harness/case-format.js';
import { programAsCase, runCorpusWithOpa } from './harness/differential.js';
import { findOpa, mapLimit, runCaseWithOpa } from './harness/opa-binary.js';
import { checkCase, compareOutcomes, type Outcome } from './harness/outcome.js';
import { generateCorpus } from './harness/program-generator.js';
import { opaBuildEngine, runCaseWithWasm } from './harness/wasm-engine.js';

function loadYaml(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'warden-cases-'));
  try {
    writeFileSync(join(dir, 'x.yaml'), text);
    return loadCaseFiles(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const base = `- name: a\n  feature: f\n  modules: ["package test\\np := 1\\n"]\n  query: data.test.p\n`;

test('loader accepts a well-formed case and records whether input is present', (t) => {
  const [f] = loadYaml(`${base}  want_result: 1\n- name: b\n  feature: f\n  modules: ["package test"]\n  query: data.test.p\n  input: null\n  want_result: undefined\n`);
  t.is(f!.cases.length, 2);
  t.false(f!.cases[0]!.hasInput);
  t.true(f!.cases[1]!.hasInput);
  t.is(f!.cases[1]!.input, null);
  t.is(caseId(f!.cases[0]!), 'x.yaml › a');
});

test('loader rejects malformed cases', (t) => {
  t.throws(() => loadYaml(`${base}  want_result: 1\n  wnat_error: {code: x}\n`), { instanceOf: CaseFormatError, message: /unknown key wnat_error/ });
  t.throws(() => loadYaml(`${base}  want_result: 1\n${base}  want_result: 1\n`), { message: /duplicate case name a/ });
  t.throws(() => loadYaml(`${base}  want_result: 1\n  want_error: {code: x}\n`), { message: /exclusive/ });
  t.throws(() => loadYaml(`- name: a\n  feature: f\n  modules: ["package test"]\n  query: [data.test.p, data.test.q]\n  want_result: {"data.test.p": 1}\n`), {
    message: /lacks data.test.q/,
  });
  t.throws(() => loadYaml(`- name: a\n  feature: f\n  modules: ["package test"]\n  query: "data.test.p == 1"\n`), { message: /not a plain data ref/ });
});

test('entrypoints are derived from ref queries', (t) => {
  t.is(entrypointOf('data.test.p'), 'test/p');
  t.is(entrypointOf('data.a.b'), 'a/b');
  t.throws(() => entrypointOf('input.x'));
});

const kase = (extra: Partial<RegoCase>): RegoCase => ({ name: 'n', feature: 'f', modules: [], hasInput: false, query: 'data.test.p', file: 'x.yaml', ...extra });
const result = (value?: unknown): Outcome => ({
  kind: 'result',
  answers: { 'data.test.p': value === undefined ? { defined: false } : { defined: true, value } },
});

test('checkCase compares values deeply and treats "undefined" as no result', (t) => {
  t.is(checkCase(kase({ want_result: { a: [1, 2] } }), result({ a: [1, 2] }), false), null);
  t.regex(checkCase(kase({ want_result: { a: [1, 2] } }), result({ a: [2, 1] }), false)!, /want/);
  t.is(checkCase(kase({ want_result: 'undefined' }), result(), false), null);
  t.not(checkCase(kase({ want_result: 'undefined' }), result(false), false), null);
  t.not(checkCase(kase({ want_result: false }), result(), false), null);
  t.not(checkCase(kase({ want_result: 0 }), result(-0), false), null, 'negative zero is not zero');
});

test('checkCase judges errors by code, line and file; eval errors by phase for Warden', (t) => {
  const compileErr: Outcome = { kind: 'error', phase: 'compile', errors: [{ code: 'rego_unsafe_var_error', message: 'var x is unsafe', line: 3, file: 'case_0.rego' }] };
  t.is(checkCase(kase({ want_error: { code: 'rego_unsafe_var_error', line: 3 } }), compileErr, false), null);
  t.regex(checkCase(kase({ want_error: { code: 'rego_unsafe_var_error', line: 4 } }), compileErr, false)!, /line 4/);
  t.regex(checkCase(kase({ want_error: { code: 'rego_unsafe_var_error', file: 'case_1.rego' } }), compileErr, false)!, /case_1/);
  t.regex(checkCase(kase({ want_error: { code: 'rego_type_error' } }), compileErr, false)!, /rego_type_error/);
  t.regex(checkCase(kase({ want_error: { code: 'rego_unsafe_var_error', message_contains: 'nope' } }), compileErr, true)!, /nope/);
  t.is(checkCase(kase({ want_error: { code: 'rego_unsafe_var_error', message_contains: 'nope' } }), compileErr, false), null);
  const thrown: Outcome = { kind: 'error', phase: 'eval', errors: [{ code: 'eval_error', message: 'var assignment conflict' }] };
  t.is(checkCase(kase({ want_error: { code: 'eval_conflict_error' } }), thrown, false), null);
  t.not(checkCase(kase({ want_error: { code: 'eval_conflict_error' } }), thrown, true), null);
  t.not(checkCase(kase({ want_error: { code: 'eval_conflict_error' } }), result(1), false), null);
  t.not(checkCase(kase({ want_result: 1 }), { kind: 'unavailable', message: 'no compiler' }, false), null);
});

test('compareOutcomes requires identical results and matching error kinds', (t) => {
  t.is(compareOutcomes(result([1]), result([1])), null);
  t.not(compareOutcomes(result(0), result(-0)), null);
  t.not(compareOutcomes(result(1), result()), null);
  const e = (phase: 'compile' | 'eval', code: string): Outcome => ({ kind: 'error', phase, errors: [{ code, message: '' }] });
  t.is(compareOutcomes(e('eval', 'eval_conflict_error'), e('eval', 'eval_error')), null);
  t.not(compareOutcomes(e('compile', 'rego_type_error'), e('compile', 'rego_parse_error')), null);
  t.not(compareOutcomes(e('compile', 'rego_type_error'), e('eval', 'eval_error')), null);
});

test('every committed case has an expectation and a unique id', (t) => {
  const cases = allCases();
  t.true(cases.length >= 320);
  t.is(new Set(cases.map(caseId)).size, cases.length);
});

test('the generator is deterministic for a seed and varies across seeds', (t) => {
  const a = generateCorpus(20, 7);
  const b = generateCorpus(20, 7);
  const c = generateCorpus(20, 8);
  t.deepEqual(a, b);
  t.notDeepEqual(a, c);
  t.true(a.every((p) => p.source.startsWith(`package gen.${p.pkg}\n`) && p.rules.length > 0));
});

const opa = findOpa();
if (!opa.path) {
  console.log(`rego harness: opa-backed checks skipped: ${opa.reason}`);
  test.skip(`generated programs compile and evaluate in opa (skipped: ${opa.reason})`, () => {});
  test.skip(`batched opa evaluation equals one opa run per program (skipped: ${opa.reason})`, () => {});
  test.skip(`the Wasm path reproduces expectations with OPA's own compiler (skipped: ${opa.reason})`, () => {});
} else {
  const opaPath = opa.path;
  test('generated programs compile and evaluate in opa without errors', async (t) => {
    const outcomes = await runCorpusWithOpa(opaPath, generateCorpus(60, 11));
    const bad = outcomes.filter((o) => o.kind !== 'result');
    t.deepEqual(bad, []);
    const answers = outcomes.flatMap((o) => (o.kind === 'result' ? Object.values(o.answers) : []));
    t.true(answers.filter((a) => a.defined).length > answers.length / 2, 'most generated rules should be defined');
  });

  test('batched opa evaluation of generated programs equals one opa run per program with --input', async (t) => {
    // Programs using `with` are the ones a batching mistake would corrupt; take those first.
    const corpus = generateCorpus(300, 20260522);
    const sample = [...corpus.filter((p) => p.source.includes(' with ')), ...corpus].slice(0, 16);
    const batched = await runCorpusWithOpa(opaPath, sample);
    const single = await mapLimit(sample, 2, (p) => runCaseWithOpa(opaPath, programAsCase(p)));
    sample.forEach((p, i) => t.is(compareOutcomes(single[i]!, batched[i]!), null, p.source));
  });

  test("the Wasm path reproduces expectations with OPA's own compiler", async (t) => {
    const engine = await opaBuildEngine(opaPath);
    const pick = ['complete-rules.yaml › conflicting values is an eval error', 'packages.yaml › multiple entrypoints', 'packages.yaml › data document deep lookup with input key', 'complete-rules.yaml › default without input document'];
    const cases = allCases().filter((c) => pick.includes(caseId(c)));
    t.is(cases.length, pick.length);
    for (const c of cases) t.is(checkCase(c, await runCaseWithWasm(engine, c), false), null, caseId(c));
  });
}
