import { readFileSync } from 'node:fs';
import { compileRego, loadPolicy } from './src/rego/index.js';
import { checkSlugs, libraryModules } from './test/policies/support.js';
const input = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const slugs = checkSlugs();
const agg = { file: 'agg.rego', source: `package h5agg\n\n${slugs.map((s) => `import data.warden.checks.${s}`).join('\n')}\n\nfindings := array.concat([], [f | some f in ${slugs.join('.deny | ')}.deny])\n` };
// simpler aggregator: union of sets
agg.source = `package h5agg\n\nfindings := ${slugs.map((s) => `data.warden.checks.${s}.deny`).join(' | ')}\n`;
let t0 = performance.now();
const c = compileRego([...libraryModules(false), agg], { entrypoints: ['h5agg/findings'] });
if (!c.value) { console.log(c.diagnostics.slice(0, 3)); process.exit(1); }
const p = await loadPolicy(c.value.wasm);
p.setData({ warden: { params: {} } });
console.log('compile+load', Math.round(performance.now() - t0), 'ms');
t0 = performance.now();
const r = p.evaluate(input, 0)[0]!.result as unknown[];
const ms = performance.now() - t0;
console.log('findings', r.length, 'eval', Math.round(ms), 'ms', Math.round(input.resources.length / (ms / 1000)), 'resources/s', 'rss', Math.round(process.memoryUsage().rss / 1e6), 'MB');
