// The control library through Warden's own Rego compiler (src/rego): every test_ rule passes
// as under `opa test`, and the compiled Wasm finds exactly what the reference `opa` finds on the
// example manifests.
import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileRego, loadPolicy, runRegoTests } from '../../src/rego/index.js';
import { checkSlugs, evaluateWithOpa, findOpa, key, libraryModules, manifests, resourcesOf, root, type Finding } from './support.js';

// The compiler links against a prebuilt runtime; without it (no `npm run build` yet) there is
// nothing to run.
const runtimeBuilt = existsSync(join(root, 'dist', 'rego-runtime.wasm'));
if (!runtimeBuilt) console.log('policies/warden-rego.test.ts: dist/rego-runtime.wasm missing (run npm run build); skipping');
const maybe = runtimeBuilt ? test : test.skip;

maybe('every test_ rule of the library passes under warden rego test', async (t) => {
  const { results, diagnostics } = await runRegoTests(libraryModules(true));
  t.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.span.line} ${d.code} ${d.message}`), []);
  t.deepEqual(results.filter((r) => !r.pass).map((r) => `${r.package}.${r.name}${r.error ? `: ${r.error}` : ''}`), []);
  t.true(results.length >= 2 * checkSlugs().length, `${results.length} tests`);
  t.log(`${results.length} rego tests passed`);
});

async function compiledLibrary() {
  const slugs = checkSlugs();
  const compiled = compileRego(libraryModules(false), { entrypoints: slugs.map((s) => `warden/checks/${s}/deny`) });
  if (!compiled.value) throw new Error(compiled.diagnostics.map((d) => `${d.file}:${d.span.line} ${d.message}`).join('\n'));
  const policy = await loadPolicy(compiled.value.wasm);
  return (resources: unknown[], params: Record<string, unknown>): Finding[] => {
    policy.setData({ warden: { params } });
    return slugs.flatMap((s) => policy.evaluate({ resources }, compiled.value!.entrypoints[`warden/checks/${s}/deny`])[0]!.result as Finding[]);
  };
}

const registries = { 'K8S-030': { registries: ['contoso.azurecr.io'] } };
const opa = findOpa();

maybe('the compiled library agrees with the reference opa on the example manifests', async (t) => {
  const evaluate = await compiledLibrary();
  const clean = resourcesOf(join(manifests, 'clean')).resources;
  t.deepEqual(evaluate(clean, registries), []);
  const violations = resourcesOf(join(manifests, 'violations')).resources;
  const ours = evaluate(violations, registries);
  t.is(new Set(ours.map((f) => f.check)).size, checkSlugs().length);
  if (!opa) return t.log('no opa binary: agreement with the reference not checked');
  const reference = evaluateWithOpa(opa, violations, registries);
  t.deepEqual(ours.map(key).sort(), reference.map(key).sort());
  t.log(`${ours.length} findings, identical to opa eval`);
});

maybe('warden rego test and opa test agree test by test on the whole policies/ tree', async (t) => {
  if (!opa) {
    t.log('no opa binary: agreement with opa test not checked');
    return t.pass();
  }
  const { execFileSync } = await import('node:child_process');
  const { readdirSync, readFileSync, statSync } = await import('node:fs');
  const files: Array<{ file: string; source: string }> = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(root, dir)).sort()) {
      const rel = `${dir}/${e}`;
      if (statSync(join(root, rel)).isDirectory()) walk(rel);
      else if (e.endsWith('.rego')) files.push({ file: rel, source: readFileSync(join(root, rel), 'utf8') });
    }
  };
  walk('policies');
  const ours = await runRegoTests(files);
  t.deepEqual(ours.diagnostics.filter((d) => d.severity === 'error'), []);
  // opa test --format json lists every test with `fail: true` on failures (exit 2 when any fails)
  let out: string;
  try {
    out = execFileSync(opa, ['test', '--format', 'json', join(root, 'policies')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  } catch (e) {
    out = (e as { stdout: string }).stdout;
  }
  const theirs = JSON.parse(out) as Array<{ package: string; name: string; fail?: boolean; error?: unknown }>;
  const verdict = (pkg: string, name: string, pass: boolean) => `${pkg.replace(/^data\./, '')}.${name} ${pass ? 'pass' : 'fail'}`;
  t.deepEqual(
    ours.results.map((r) => verdict(r.package, r.name, r.pass)).sort(),
    theirs.map((r) => verdict(r.package, r.name, !r.fail && !r.error)).sort(),
  );
  t.log(`${theirs.length} tests, same verdicts as opa test`);
});
