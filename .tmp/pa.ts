import { parseManifests } from '../src/check/manifests.ts';
const parts: string[] = [];
for (let d = 0; d < 1000; d++) {
  const lines = [`apiVersion: v1`, `kind: ConfigMap`, `metadata:`, `  name: cm-${d}`, `  namespace: apps`, `  labels: &labels {app: web-${d}, tier: web, owner: team-${d % 7}}`, `data:`];
  for (let a = 0; a < 98; a++) lines.push(`  copy-${a}: *labels`);
  lines.push(`selector: *labels`);
  parts.push(lines.join('\n') + '\n');
}
const text = parts.join('---\n');
const t = performance.now();
const r = parseManifests('a.yaml', text);
console.log(performance.now() - t, r.value.length, r.diagnostics.length);
