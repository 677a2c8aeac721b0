// Regenerates the rule tables of docs/threats.md (between the markers `<!-- rules:begin -->` and
// `<!-- rules:end -->`) from the rule library as loaded by the real front end. Run after
// `npm run build`: node scripts/threat-docs.mjs
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { loadModel } from '../dist/index.js';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'warden-docs-'));
writeFileSync(join(dir, 'model.warden'), 'model "library"\n');
const r = loadModel(join(dir, 'model.warden'), { cwd: dir });
if (!r.value) throw new Error('library does not load');
const byFile = new Map();
for (const rule of r.value.rules) {
  const file = relative(root, rule.source.file);
  if (!byFile.has(file)) byFile.set(file, []);
  byFile.get(file).push(rule);
}
const out = [];
for (const [file, rules] of byFile) {
  out.push(`### \`${file}\``, '', '| Rule | On | STRIDE | Severity (L×I) | Phase | Controls | References |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const x of rules) {
    const refs = [...x.cwe.map((n) => `CWE-${n}`), ...x.capec.map((n) => `CAPEC-${n}`)].join(', ');
    out.push(`| \`${x.id}\` ${x.title} | \`${x.appliesTo}\` | ${x.category} | ${x.severity} (${x.likelihood}×${x.impact}) | ${x.phase} | ${x.controls.map((c) => `\`${c}\``).join(', ')} | ${refs} |`);
  }
  out.push('');
}
const doc = join(root, 'docs', 'threats.md');
const text = readFileSync(doc, 'utf8');
const begin = '<!-- rules:begin -->';
const end = '<!-- rules:end -->';
const a = text.indexOf(begin);
const b = text.indexOf(end);
if (a < 0 || b < 0) throw new Error('markers missing in docs/threats.md');
writeFileSync(doc, text.slice(0, a + begin.length) + '\n\n' + out.join('\n') + '\n' + text.slice(b));
console.log(`docs/threats.md: ${r.value.rules.length} rules in ${byFile.size} files`);
