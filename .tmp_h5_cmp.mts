import { readFileSync } from 'node:fs';
import { compileRego, loadPolicy } from './src/rego/index.js';
import { checkSlugs, evaluateWithOpa, libraryModules } from './test/policies/support.js';
const input = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const slugs = checkSlugs();
const c = compileRego(libraryModules(false), { entrypoints: [...slugs.map((s) => `warden/checks/${s}/deny`), 'warden/lib/k8s/workloads_by_namespace'] });
const p = await loadPolicy(c.value!.wasm);
p.setData({ warden: { params: {} } });
const ref = evaluateWithOpa('/root/go/bin/opa', input.resources);
for (const s of slugs) {
  const ours = p.evaluate(input, c.value!.entrypoints[`warden/checks/${s}/deny`])[0]!.result as any[];
  const id = ours[0]?.check;
  const theirs = ref.filter((f) => f.check === id);
  if (id && ours.length !== theirs.length) console.log(s, ours.length, theirs.length);
  if (!id) { const t = ref.filter((f) => f.msg && false); }
}
const byNs = p.evaluate(input, c.value!.entrypoints['warden/lib/k8s/workloads_by_namespace'])[0]!.result as any;
console.log(JSON.stringify(byNs).slice(0, 300));
