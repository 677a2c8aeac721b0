// Host builtins: what Warden cannot do as opa does fails cleanly (compile error naming the builtin,
// or an evaluation error), never with a different value.
import test from 'ava';
import { compileRego, evalRego } from '../../../src/rego/index.js';
import { EXTRA_SPECS, UNSUPPORTED, hostCallName } from '../../../src/rego/builtins/decls.js';
import { hostBuiltins } from '../../../src/rego/builtins/host.js';
import { HOST_ARITY } from '../../../src/rego/plan/plan.js';
import { SIGNATURES } from '../../../src/rego/typecheck/signatures.js';

const mod = (body: string) => [{ file: 'p.rego', source: `package t\n${body}\n` }];

for (const name of ['http.send', 'net.lookup_ip_addr', 'opa.runtime', 'crypto.x509.parse_certificates']) {
  test(`${name} compiles as a host call, as in OPA's Wasm, with a located warning naming it`, (t) => {
    const args = { 'http.send': '{}', 'net.lookup_ip_addr': '"x"', 'opa.runtime': '', 'crypto.x509.parse_certificates': '"x"' }[name];
    const r = compileRego(mod(`p := ${name}(${args})`), { entrypoints: ['t/p'] });
    t.truthy(r.value, JSON.stringify(r.diagnostics));
    t.false(r.diagnostics.some((x) => x.severity === 'error'));
    const d = r.diagnostics.find((x) => x.severity === 'warning');
    t.is(d?.code, 'rego_host_builtin');
    t.regex(d!.message, new RegExp(`^${name.replace(/\./g, '\\.')} is left to the module's host`));
    t.is(d!.span.line, 2);
    t.true(r.value!.builtins.includes(name), 'the module imports it from its host');
  });
}

for (const name of ['internal.test_case']) {
  test(`${name}, internal to opa test, is a compile error naming it`, (t) => {
    const r = compileRego(mod(`p := ${name}({})`), { entrypoints: ['t/p'] });
    t.is(r.value, undefined);
    const d = r.diagnostics.find((x) => x.severity === 'error');
    t.is(d?.code, 'rego_type_error');
    t.regex(d!.message, new RegExp(`unsupported built-in function ${name.replace(/\./g, '\\.')}`));
  });
}

test('every declared host builtin has an implementation and a signature', (t) => {
  for (const name of Object.keys(HOST_ARITY)) {
    if (name === 're_match' || name === 'object.get_path') continue;
    t.truthy(hostBuiltins[hostCallName(name)], name);
    t.truthy(SIGNATURES[name], name);
  }
  for (const name of Object.keys(EXTRA_SPECS)) t.is(UNSUPPORTED[name], undefined, name);
});

test('a Go regex flag group applies to its group only, as in Go (Warden\'s RE2 engine)', async (t) => {
  const r = await evalRego(mod('p := [regex.match("(?i:a)b", input.s), regex.match("(?i:a)b", "AB")]'), 'data.t.p', { s: 'Ab' });
  t.deepEqual(r.value, [{ result: [true, false] }]);
});

test('yaml.marshal of a value whose Go quoting is uncertain is an evaluation error', async (t) => {
  const r = await evalRego(mod('p := yaml.marshal(input)'), 'data.t.p', { a: 'yes: no' });
  t.is(r.value, undefined);
  t.regex(r.diagnostics.map((d) => d.message).join('\n'), /yaml\.marshal: not supported by Warden/);
});

test('sets and exact numbers cross the host boundary', async (t) => {
  const r = await evalRego(mod('p := [json.filter({"s": {1, 2}}, ["s"]), net.cidr_expand("10.0.0.0/31"), bits.lsh(1, 64) == 18446744073709551616]'), 'data.t.p');
  t.deepEqual(r.value, [{ result: [{ s: [1, 2] }, ['10.0.0.0', '10.0.0.1'], true] }]);
  const s = await evalRego(mod('p := is_set(json.filter({"s": {1, 2}}, ["s"]).s)'), 'data.t.p');
  t.deepEqual(s.value, [{ result: true }]);
});

test('uuid.rfc4122 differs between evaluations but not within one', async (t) => {
  const c = compileRego(mod('a := uuid.rfc4122("k")\nb := uuid.rfc4122("k")\np := [a, a == b]'), { entrypoints: ['t/p'] });
  const { loadPolicy } = await import('../../../src/rego/index.js');
  const policy = await loadPolicy(c.value!.wasm);
  const [x] = policy.evaluate({}) as Array<{ result: [string, boolean] }>;
  const [y] = policy.evaluate({}) as Array<{ result: [string, boolean] }>;
  t.true(x!.result[1]);
  t.not(x!.result[0], y!.result[0]);
});

test('rand.intn answers the same within an evaluation, within range', async (t) => {
  const r = await evalRego(mod('a := rand.intn("x", 1000)\nb := rand.intn("x", -1000)\np := [a == b, a >= 0, a < 1000, rand.intn("y", 0)]'), 'data.t.p');
  t.deepEqual(r.value, [{ result: [true, true, true, 0] }]);
});
