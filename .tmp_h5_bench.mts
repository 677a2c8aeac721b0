import { readFileSync } from 'node:fs';
import { compileRego, loadPolicy } from './src/rego/index.js';
import { checkSlugs, libraryModules } from './test/policies/support.js';
const input = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const slugs = checkSlugs();
let t0 = performance.now();
const c = compileRego(libraryModules(false), { entrypoints: slugs.map((s) => `warden/checks/${s}/deny`) });
const p = await loadPolicy(c.value!.wasm);
p.setData({ warden: { params: {} } });
console.log('compile+load', Math.round(performance.now() - t0), 'ms');
t0 = performance.now();
let n = 0;
const per: [string, number][] = [];
for (const s of slugs) { const t1 = performance.now(); n += (p.evaluate(input, c.value!.entrypoints[`warden/checks/${s}/deny`])[0]!.result as unknown[]).length; per.push([s, performance.now() - t1]); }
const ms = performance.now() - t0;
console.log('findings', n, 'eval', Math.round(ms), 'ms', Math.round(input.resources.length / (ms / 1000)), 'resources/s', 'rss', Math.round(process.memoryUsage().rss / 1e6), 'MB');
console.log(per.sort((a, b) => b[1] - a[1]).slice(0, 8).map(([s, t]) => `${s} ${Math.round(t)}ms`).join(', '));
