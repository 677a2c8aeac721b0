// Compiler front end: parse, safety and type errors are OPA-coded diagnostics with positions.
import test from 'ava';
import { compileRego } from '../../../src/rego/index.js';
import { createRegoLexer } from '../../../src/rego/parse/lexer.js';

function errors(source: string, entrypoints = ['t/p']) {
  const r = compileRego([{ file: 'a.rego', source }], { entrypoints });
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ code: d.code, line: d.span.line, col: d.span.column, message: d.message }));
}

test('the Rego token set passes chevrotain validations (the CLI skips them for start-up time)', (t) => {
  t.notThrows(() => createRegoLexer(true));
});

test('missing package is a parse error at line 1', (t) => {
  const e = errors('p := 1\n');
  t.is(e[0]?.code, 'rego_parse_error');
  t.is(e[0]?.line, 1);
});

test('unclosed body reports the end of the file', (t) => {
  const e = errors('package t\np if {\n  input.x == 1\n');
  t.is(e[0]?.code, 'rego_parse_error');
  t.is(e[0]?.line, 4);
});

test('v1 requires if before a rule body', (t) => {
  const e = errors('package t\np { true }\n');
  t.is(e[0]?.code, 'rego_parse_error');
  t.regex(e[0]!.message, /if/);
});

test('v0 syntax is accepted in v0-compatible mode', (t) => {
  const r = compileRego([{ file: 'a.rego', source: 'package t\np { input.x == 1 }\nq[x] { x := input.y[_] }\n' }], { entrypoints: ['t/p', 't/q'], v0Compatible: true });
  t.deepEqual(r.diagnostics, []);
  t.truthy(r.value);
});

test('unsafe variable is reported with its position', (t) => {
  const e = errors('package t\np if {\n  x > 1\n}\n');
  t.deepEqual(e.map((x) => [x.code, x.line, x.col]), [['rego_unsafe_var_error', 3, 3]]);
  t.is(e[0]!.message, 'var x is unsafe');
});

test('variable only used under not is unsafe', (t) => {
  const e = errors('package t\nq contains 1\np if not q[x]\n');
  t.is(e[0]?.code, 'rego_unsafe_var_error');
});

test('undefined function', (t) => {
  const e = errors('package t\np := nope(1)\n');
  t.deepEqual(e.map((x) => [x.code, x.line, x.col]), [['rego_type_error', 2, 6]]);
});

test('wrong builtin arity', (t) => {
  const e = errors('package t\np := count(1, 2)\n');
  t.is(e[0]?.code, 'rego_type_error');
  t.regex(e[0]!.message, /arity/);
});

test('recursion is rejected', (t) => {
  const e = errors('package t\np if q\nq if p\n');
  t.true(e.some((x) => x.code === 'rego_recursion_error'));
});

test('rule kind conflict points at the first definition, as OPA does', (t) => {
  const e = errors('package t\np := 1\np contains 2\n');
  t.is(e[0]?.code, 'rego_type_error');
  t.is(e[0]?.line, 2);
});

test('reassigning a variable is a compile error', (t) => {
  const e = errors('package t\np if {\n  x := 1\n  x := 2\n}\n');
  t.is(e[0]?.code, 'rego_compile_error');
});

test('compiled bytes are deterministic', (t) => {
  const src = [{ file: 'a.rego', source: 'package t\nimport rego.v1\ndeny contains m if {\n  some c in input.cs\n  m := sprintf("%s", [c])\n}\n' }];
  const a = compileRego(src, { entrypoints: ['t/deny'] });
  const b = compileRego(src, { entrypoints: ['data.t.deny'] });
  t.truthy(a.value);
  t.deepEqual(Buffer.from(a.value!.wasm), Buffer.from(b.value!.wasm));
  t.deepEqual(a.value!.entrypoints, { 't/deny': 0 });
});

test('module has the ABI exports and imports opa-wasm expects', (t) => {
  const r = compileRego([{ file: 'a.rego', source: 'package t\np := [regex.match("a+", input.s), time.now_ns()]\n' }], { entrypoints: ['t/p'] });
  const m = new WebAssembly.Module(r.value!.wasm);
  const exports = WebAssembly.Module.exports(m).map((e) => e.name);
  for (const e of ['eval', 'opa_eval', 'builtins', 'entrypoints', 'opa_eval_ctx_new', 'opa_eval_ctx_set_input', 'opa_eval_ctx_set_data', 'opa_eval_ctx_set_entrypoint', 'opa_eval_ctx_get_result', 'opa_malloc', 'opa_free', 'opa_json_parse', 'opa_value_parse', 'opa_json_dump', 'opa_value_dump', 'opa_heap_ptr_get', 'opa_heap_ptr_set', 'opa_wasm_abi_version', 'opa_wasm_abi_minor_version', 'memory']) {
    t.true(exports.includes(e), e);
  }
  const mem = WebAssembly.Module.imports(m).find((i) => i.kind === 'memory');
  t.deepEqual(mem && [mem.module, mem.name], ['env', 'memory']);
  // regex.* runs inside the module (runtime/regex.ts): only time.now_ns is imported from the host
  t.deepEqual(r.value!.builtins, ['time.now_ns']);
});

test('METADATA annotations are returned with their rule path', (t) => {
  const src = 'package t\n\n# METADATA\n# title: No root\n# custom:\n#   id: X-1\ndeny contains "x" if input.root\n';
  const r = compileRego([{ file: 'a.rego', source: src }], { entrypoints: ['t/deny'] });
  const a = r.value!.annotations;
  t.is(a.length, 1);
  t.is(a[0]!.title, 'No root');
  t.is(a[0]!.path, 'data.t.deny');
  t.deepEqual(a[0]!.custom, { id: 'X-1' });
  t.is(a[0]!.location.row, 7);
});

test('a program larger than the initial 5 pages still loads with the SDK defaults', async (t) => {
  const rules = Array.from({ length: 1500 }, (_, i) => `r${i} contains sprintf("%s-${i}", [x]) if { some x in input.xs; startswith(x, "${i % 10}") }`).join('\n');
  const r = compileRego([{ file: 'big.rego', source: `package big\n${rules}\nall := count(r7)\n` }], { entrypoints: ['big/all'] });
  t.truthy(r.value, JSON.stringify(r.diagnostics[0]));
  t.true(r.value!.wasm.length > 5 * 65536);
  const { loadPolicy } = await import('../../../src/rego/index.js');
  const p = await loadPolicy(r.value!.wasm);
  t.deepEqual(p.evaluate({ xs: ['7a', '7b', '1c'] }), [{ result: 2 }]);
});

test('Gatekeeper-style v0 library compiles unchanged in v0 mode', async (t) => {
  const src = `package k8srequiredlabels

violation[{"msg": msg, "details": {"missing_labels": missing}}] {
  provided := {label | input.review.object.metadata.labels[label]}
  required := {label | label := input.parameters.labels[_]}
  missing := required - provided
  count(missing) > 0
  msg := sprintf("you must provide labels: %v", [missing])
}
`;
  const r = compileRego([{ file: 'gk.rego', source: src }], { entrypoints: ['k8srequiredlabels/violation'], v0Compatible: true });
  t.deepEqual(r.diagnostics, []);
  const { loadPolicy } = await import('../../../src/rego/index.js');
  const p = await loadPolicy(r.value!.wasm);
  t.deepEqual(p.evaluate({ review: { object: { metadata: { labels: { app: 'x' } } } }, parameters: { labels: ['app', 'owner'] } }), [
    { result: [{ details: { missing_labels: ['owner'] }, msg: 'you must provide labels: {"owner"}' }] },
  ]);
});

// Serial so the timing is not shared with the other tests of this file; the bound is loose because CI
// machines are shared (bench/rego.ts reports the figure: ~0.25 s warm on an idle machine).
test.serial('the whole policies/ library compiles quickly once warm', async (t) => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const root = join(import.meta.dirname, '..', '..', '..', 'policies');
  const modules: Array<{ file: string; source: string }> = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.rego') && !e.name.endsWith('_test.rego')) modules.push({ file: join(d, e.name), source: readFileSync(join(d, e.name), 'utf8') });
    }
  };
  walk(root);
  const eps = ['warden/lib/k8s'];
  const first = compileRego(modules, { entrypoints: eps });
  t.truthy(first.value, JSON.stringify(first.diagnostics.slice(0, 3)));
  compileRego(modules, { entrypoints: eps }); // JIT warm-up
  const start = performance.now();
  compileRego(modules, { entrypoints: eps });
  const ms = performance.now() - start;
  t.log(`policies/ (${modules.length} modules) warm compile: ${ms.toFixed(0)} ms`);
  t.true(ms < 3000);
});
