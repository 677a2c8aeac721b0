import { parseManifests } from '../src/check/manifests.ts';
let text = 'kind: Chain\nm0: &m0 {k0: 0}\n';
for (let i = 1; i < 20_000; i++) text += `m${i}: &m${i} {<<: *m${i - 1}, k${i}: ${i}}\n`;
let t = performance.now();
const r = parseManifests('c.yaml', text);
console.log(performance.now() - t, r.diagnostics.map((d) => d.message + d.span.line));
