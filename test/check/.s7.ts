const { loadModelWithThreats } = await import('../../src/check/model-input.js');
const { loadManifests } = await import('../../src/check/index.js');
const { derivePolicy, wardenEngine } = await import('../../src/policy/index.js');
import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
const { generate } = await import('../../bench/check.ts');
const dir = mkdtempSync(join(tmpdir(), 'h7b-'));
generate(dir);
const input = loadModelWithThreats(join(dir, 'model.warden'), { cwd: dir });
const set = await loadManifests(['manifests'], { cwd: dir });
const d = derivePolicy(input.model!, input.register!);
const engine = wardenEngine();
const inputDoc = { resources: set.value.resources.map((r) => r.object) };
const eps = [...new Set(d.value.checks.map((c) => c.package))].map((p) => p.replace(/\./g, '/') + '/deny');
const c = await engine.compile(d.value.modules, eps);
if (!c.value) { console.log(c.diagnostics); process.exit(1); }
const p = await engine.load(c.value.wasm); p.setData(d.value.data);
const times: [string, number][] = [];
for (const ep of eps) { const t = performance.now(); p.evaluate(inputDoc, ep); times.push([ep, Math.round(performance.now() - t)]); }
times.sort((a, b) => b[1] - a[1]);
console.log(set.value.resources.length, 'total', times.reduce((s, x) => s + x[1], 0), JSON.stringify(times.slice(0, 12)));
