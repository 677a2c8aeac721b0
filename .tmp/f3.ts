import { parseManifests } from '../src/check/manifests.ts';
const t = process.argv[2].replace(/\\n/g, '\n');
const a = parseManifests('f.yaml', t).value[0]!;
const b = parseManifests('f.yaml', t, undefined, 0, 'general').value[0]!;
function allPaths(v: unknown, prefix: Array<string | number> = [], out: any[] = []) {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => allPaths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) allPaths(x, [...prefix, k], out);
  return out;
}
for (const p of allPaths(a.object)) for (const q of [p, [...p, 'no-such-field', 0]]) {
  const x = a.position(q), y = b.position(q);
  if (JSON.stringify(x) !== JSON.stringify(y)) console.log(JSON.stringify(q), JSON.stringify(x), JSON.stringify(y));
}
