// Evaluation through the unmodified opa-wasm SDK: values and errors as `opa eval` gives them.
import test from 'ava';
import { compileRego, evalRego, evalRegoJson, loadPolicy, loadPolicySync, PolicyMemoryLimit } from '../../../src/rego/index.js';

async function q(source: string, query: string, input?: unknown, data?: unknown) {
  const r = await evalRego([{ file: 'a.rego', source: 'package t\n' + source }], query, input, data);
  if (!r.value) throw new Error(r.diagnostics.map((d) => `${d.code}: ${d.message}`).join('; '));
  return r.value;
}

test('complete rule, undefined and default', async (t) => {
  t.deepEqual(await q('p if input.x == 1', 'data.t.p', { x: 1 }), [{ result: true }]);
  t.deepEqual(await q('p if input.x == 1', 'data.t.p', { x: 2 }), []);
  t.deepEqual(await q('default p := false\np if input.x == 1', 'data.t.p', { x: 2 }), [{ result: false }]);
});

test('partial set and object rules are sorted in output', async (t) => {
  const src = 'names contains n if some n in input.ns\nm[k] := v if some k, v in input.o';
  t.deepEqual(await q(src, 'data.t.names', { ns: ['b', 'a', 'b'] }), [{ result: ['a', 'b'] }]);
  t.deepEqual(await q(src, 'data.t.m', { o: { z: 1, a: 2 } }), [{ result: { a: 2, z: 1 } }]);
});

test('functions with several definitions and else', async (t) => {
  const src = 'f(x) := "neg" if x < 0\nf(x) := "big" if x > 100\ng(x) := 1 if x == "a" else := 2 if x == "b" else := 3\np := [f(-1), f(200), g("a"), g("b"), g("z")]';
  t.deepEqual(await q(src, 'data.t.p'), [{ result: ['neg', 'big', 1, 2, 3] }]);
});

test('unification of composite values binds both sides', async (t) => {
  t.deepEqual(await q('p := [a, x] if [a, 2] = [1, x]', 'data.t.p'), [{ result: [1, 2] }]);
});

test('every, not, comprehensions and membership', async (t) => {
  const src = 'ok if every x in input.xs { x > 0 }\nnone if not input.xs[0] == 5\nsq := {x * x | some x in input.xs}\nin2 if 2 in input.xs\nobj := {k: v | some k, v in ["a", "b"]}';
  t.deepEqual(await q(src, 'data.t', { xs: [1, 2, 3] }), [{ result: { ok: true, none: true, sq: [1, 4, 9], in2: true, obj: { '0': 'a', '1': 'b' } } }]);
});

test('with replaces input, data and rule values', async (t) => {
  const src = 'lim := 10\nover if input.n > lim\np if over with input as {"n": 5} with lim as 1\nq := v if { v := data.cfg.x with data.cfg.x as 7 }';
  t.deepEqual(await q(src, 'data.t', { n: 0 }), [{ result: { lim: 10, p: true, q: 7 } }]);
});

test('number formatting keeps literal text and prints integers plainly', async (t) => {
  const r = await loadPolicy(compileRego([{ file: 'a.rego', source: 'package t\np := [input.a, input.a + 1, 7 / 2, 10 / 5, 1e3]' }], { entrypoints: ['t/p'] }).value!.wasm);
  t.deepEqual(r.evaluate({ a: 1.5 }), [{ result: [1.5, 2.5, 3.5, 2, 1000] }]);
});

test('conflicting complete rule values abort evaluation with a clear message', async (t) => {
  const c = compileRego([{ file: 'a.rego', source: 'package t\np := 1 if input.a\np := 2 if input.b' }], { entrypoints: ['t/p'] });
  const p = loadPolicySync(c.value!.wasm);
  t.deepEqual(p.evaluate({ a: true }), [{ result: 1 }]);
  const err = t.throws(() => p.evaluate({ a: true, b: true }));
  t.regex(err!.message, /eval_conflict_error: rule data\.t\.p produced conflicting values/);
  // the instance stays usable after an aborted evaluation
  t.deepEqual(p.evaluate({ b: true }), [{ result: 2 }]);
});

test('division by zero is undefined, as opa eval reports it', async (t) => {
  t.deepEqual(await q('p := 1 / input.z', 'data.t.p', { z: 0 }), []);
});

test('setData base documents and rules across packages', async (t) => {
  const mods = [
    { file: 'a.rego', source: 'package lib\nallowed := {x | some x in data.cfg.allowed}' },
    { file: 'b.rego', source: 'package main\nimport data.lib\nok if input.r in lib.allowed' },
  ];
  const c = compileRego(mods, { entrypoints: ['main/ok', 'lib/allowed'] });
  const p = await loadPolicy(c.value!.wasm);
  p.setData({ cfg: { allowed: ['x', 'y'] } });
  t.deepEqual(p.evaluate({ r: 'y' }, 'main/ok'), [{ result: true }]);
  t.deepEqual(p.evaluate({ r: 'z' }, 'main/ok'), []);
  t.deepEqual(p.evaluate(null, 'lib/allowed'), [{ result: ['x', 'y'] }]);
});

test('sprintf follows Go formatting', async (t) => {
  t.deepEqual(await q('p := sprintf("%s=%d %v %.2f %q", ["a", 3, [1, "x"], 3.14159, "q"])', 'data.t.p'), [{ result: 'a=3 [1, "x"] 3.14 "q"' }]);
});

test('large input grows memory from inside the module', async (t) => {
  const big = Array.from({ length: 20000 }, (_, i) => ({ name: `n${i}`, v: i }));
  t.deepEqual(await q('p := count([x | some x in input.items; x.v % 2 == 0])', 'data.t.p', { items: big }), [{ result: 10000 }]);
});

test('template strings interpolate values and mark undefined ones', async (t) => {
  t.deepEqual(await q('p := $"n={count(input.xs)} xs={input.xs} s={input.s} m={input.missing} \\{x}"', 'data.t.p', { xs: [1, 'a'], s: 'str' }), [
    { result: 'n=2 xs=[1, "a"] s=str m=<undefined> {x}' },
  ]);
});

test('a builtin error under not does not make the negation true', async (t) => {
  t.deepEqual(await q('p if not to_number(input.s) > 1', 'data.t.p', { s: 'abc' }), []);
  t.deepEqual(await q('p if not to_number(input.s) > 1', 'data.t.p', { s: '0' }), [{ result: true }]);
});

test('walk enumerates paths and values; output arguments bind results', async (t) => {
  t.deepEqual(await q('p := [path | walk(input, [path, v]); is_number(v)]', 'data.t.p', { a: { b: 1 }, c: [2] }), [{ result: [['a', 'b'], ['c', 0]] }]);
  t.deepEqual(await q('f(x) := x + 1\np := y if f(4, y)', 'data.t.p'), [{ result: 5 }]);
});

test('a set literal right after if is a comparison, not a body', async (t) => {
  t.deepEqual(await q('p if {1, 2, 3} == {3, 2, 1}', 'data.t.p'), [{ result: true }]);
});

test('host builtins: regex, glob, cidr, semver, json.patch', async (t) => {
  const src = 'p := [regex.match("^a+$", "aaa"), glob.match("*.example.com", ["."], "a.example.com"), net.cidr_contains("10.0.0.0/8", "10.1.2.3"), semver.compare("1.2.3", "1.10.0"), json.patch({"a": 1}, [{"op": "add", "path": "/b", "value": 2}])]';
  t.deepEqual(await q(src, 'data.t.p'), [{ result: [true, true, true, -1, { a: 1, b: 2 }] }]);
});

test('release gives the memory back and the next evaluation starts afresh with the same data', async (t) => {
  const c = compileRego([{ file: 'a.rego', source: 'package t\nn := count([x | some x in input])\nlimit := data.cfg.limit' }], { entrypoints: ['t/n', 't/limit'] });
  if (!c.value) return t.fail(c.diagnostics.map((d) => d.message).join('; '));
  const p = await loadPolicy(c.value.wasm);
  p.setData({ cfg: { limit: 7 } });
  const big = Array.from({ length: 50_000 }, (_, i) => ({ name: `r${i}`, i }));
  t.deepEqual(p.evaluate(big, 't/n'), [{ result: 50_000 }]);
  t.true(p.memoryBytes() > 8 << 20, `the large input grew the memory (${p.memoryBytes()} bytes)`);
  p.release();
  t.is(p.memoryBytes(), 0);
  t.deepEqual(p.evaluate([1, 2], 't/n'), [{ result: 2 }]);
  t.true(p.memoryBytes() < 2 << 20, `a fresh instance (${p.memoryBytes()} bytes)`);
  t.deepEqual(p.evaluate(undefined, 't/limit'), [{ result: 7 }], 'the data set before release is set again');
  p.release();
  p.release();
  t.deepEqual(p.evaluate([], 't/n'), [{ result: 0 }]);
});


test('maxMemoryBytes bounds the module memory: past it an evaluation fails with PolicyMemoryLimit, below it answers', async (t) => {
  const c = compileRego([{ file: 'a.rego', source: 'package t\nn := count([x | some x in numbers.range(1, input.n)])' }], { entrypoints: ['t/n'] });
  if (!c.value) return t.fail(c.diagnostics.map((d) => d.message).join('; '));
  const p = await loadPolicy(c.value.wasm, { maxMemoryBytes: 16 << 20 });
  t.deepEqual(p.evaluate({ n: 1000 }, 't/n'), [{ result: 1000 }]);
  const err = t.throws(() => p.evaluate({ n: 5_000_000 }, 't/n'), { instanceOf: PolicyMemoryLimit });
  t.is(err?.limitBytes, 16 << 20);
  t.regex(err?.message ?? '', /needed more memory than its limit of 16 MiB/);
  t.true(p.memoryBytes() <= 16 << 20, `memory stayed within the limit (${p.memoryBytes()} bytes)`);
  // an input larger than the limit is refused as it is written
  t.throws(() => p.withInput((put) => put(`{"n": 1, "pad": "${'x'.repeat(20 << 20)}"}`)), { instanceOf: PolicyMemoryLimit });
  // after release, a fresh instance answers again; unlimited, the large evaluation answers
  p.release();
  t.deepEqual(p.evaluate({ n: 10 }, 't/n'), [{ result: 10 }]);
  const unlimited = await loadPolicy(c.value.wasm);
  t.deepEqual(unlimited.evaluate({ n: 5_000_000 }, 't/n'), [{ result: 5_000_000 }]);
});

test('an input written once into the module answers every entry point as evaluate does, and keeps for the next', async (t) => {
  const source = 'package t\nn := count(input.items)\nnames := {x.name | some x in input.items}\nlast := input.items[count(input.items) - 1]\nlimit := data.cfg.limit\nboom := x if { some x in input.items }';
  const c = compileRego([{ file: 'a.rego', source }], { entrypoints: ['t/n', 't/names', 't/last', 't/limit', 't/boom'] });
  if (!c.value) return t.fail(c.diagnostics.map((d) => d.message).join('; '));
  const p = await loadPolicy(c.value.wasm);
  p.setData({ cfg: { limit: 7 } });
  // pieces of every size, non-ASCII text, and more than the instance's memory (it grows while written)
  const items = Array.from({ length: 30_000 }, (_, i) => ({ name: `r${i % 1000}-é✓𝄞`, i, pad: 'x'.repeat(i % 97) }));
  const input = { items, bad: 'one' };
  const text = JSON.stringify(input);
  const placed = p.withInput((put) => {
    put('{"items":[');
    items.forEach((it, i) => put((i > 0 ? ',' : '') + JSON.stringify(it)));
    put('],"bad":"one"}');
  });
  t.is(placed.bytes, Buffer.byteLength(text));
  for (const ep of ['t/n', 't/names', 't/last', 't/limit', 't/n']) t.deepEqual(placed.evaluate(ep), p.evaluate(input, ep), ep);
  // evaluate again after the comparison's own evaluations: the input is written once, and evaluations start after it
  const again = p.withInput((put) => put(text));
  t.deepEqual(again.evaluate('t/last'), [{ result: items[items.length - 1] }]);
  t.deepEqual(again.evaluate('t/n'), [{ result: 30_000 }]);
  // the module's error is an Error, as evaluate gives it; an unknown entry point too
  const err = t.throws(() => again.evaluate('t/boom'));
  t.deepEqual(err?.message, t.throws(() => p.evaluate(input, 't/boom'))?.message);
  t.throws(() => p.withInput((put) => put('{}')).evaluate('t/nope'), { message: /entrypoint t\/nope is not valid/ });
});
test('a query is a reference into data; anything else is refused, never answered as undefined', async (t) => {
  const modules = [{ file: 'a.rego', source: 'package t\np := [1, 2]\nq := {"a": {"b": 3}}' }];
  t.deepEqual((await evalRego(modules, 'data.t.p[0]')).value, [{ result: 1 }]);
  t.deepEqual((await evalRego(modules, 'data.t.q["a"].b')).value, [{ result: 3 }]);
  t.deepEqual((await evalRego(modules, 'data.t.p[5]')).value, []);
  t.deepEqual((await evalRego(modules, 'data.t.q.a')).value, [{ result: { b: 3 } }]);
  t.deepEqual((await evalRego(modules, 'input.x[1]', { x: ['a', 'b'] })).value, [{ result: 'b' }]);
  for (const query of ['x := data.t.p', 'data.t.p == [1, 2]', 'count(data.t.p)', 'data.t.p[_]']) {
    const r = await evalRego(modules, query);
    t.is(r.value, undefined, query);
    t.regex(r.diagnostics[0]?.message ?? '', /the query must be a reference into data/, query);
  }
});

test('base data at a rule\'s path conflicts with the rule, as opa compiles it; beside it, it merges', async (t) => {
  const modules = [{ file: 'a.rego', source: 'package t\np := 1' }];
  for (const data of [{ t: { p: 9 } }, { t: 5 }, { t: { p: { z: 1 } } }]) {
    const r = await evalRego(modules, 'data.t', undefined, data);
    t.is(r.value, undefined, JSON.stringify(data));
    t.deepEqual(r.diagnostics.map((d) => [d.code, d.message, d.span.line]), [['rego_compile_error', 'conflicting rule for data path t/p found', 2]]);
  }
  t.deepEqual((await evalRego(modules, 'data.t', undefined, { t: { x: 5 }, u: 1 })).value, [{ result: { p: 1, x: 5 } }]);
});

test('a \\u escape of a lone surrogate in input JSON reads as U+FFFD, as Go\'s encoding/json (opa)', async (t) => {
  const modules = [{ file: 'a.rego', source: 'package t\np := input.a' }];
  for (const [text, want] of [['"\\ud800"', '\ufffd'], ['"\\udc00x"', '\ufffdx'], ['"\\ud83d\\ude00"', '\u{1f600}'], ['"\\ud800\\u0041"', '\ufffdA'], ['"a\\ud800\\ud800\\udc00"', 'a\ufffd\u{10000}']] as const) {
    const r = await evalRegoJson(modules, 'data.t.p', `{"a": ${text}}`);
    t.deepEqual(JSON.parse(r.value!), [{ result: want }], text);
  }
});
