// Model strings reach YAML and JSON only through serializers: a hostile model name round-trips.
import test from 'ava';
import { parse } from 'yaml';
import { loadModelWithThreats } from '../../src/check/model-input.js';
import { derivePolicy } from '../../src/policy/index.js';
import { coverageOf, exportAzurePolicy, exportGatekeeper } from '../../src/export/index.js';

test('a model name with quotes, colons, newlines and YAML markers survives every output', (t) => {
  const input = loadModelWithThreats('examples/aks-devsecops/model.warden');
  const derived = derivePolicy(input.model!, input.register!);
  const evil = 'Pay "ments": #1\n- x: {y}\n---\n\' & *a';
  const bundle = { ...derived.value, manifest: { ...derived.value.manifest, model: evil } };
  const coverage = coverageOf(bundle);
  const gk = exportGatekeeper(bundle, coverage);
  const tpl = parse(gk.files.get('templates/wardennoprivileged.yaml')!) as { metadata: { annotations: Record<string, string> } };
  t.is(tpl.metadata.annotations['warden.dev/model'], evil);
  const con = parse(gk.files.get('constraints/wardennoprivileged.yaml')!) as { metadata: { name: string } };
  t.regex(con.metadata.name, /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
  t.is((JSON.parse(gk.files.get('coverage.json')!) as { model: string }).model, evil);
  const az = exportAzurePolicy(gk, coverage);
  const def = JSON.parse(az.files.get('definitions/wardennoprivileged.json')!) as { properties: { displayName: string; metadata: { warden: { model: string } } } };
  t.is(def.properties.metadata.warden.model, evil);
  t.true(def.properties.displayName.includes(evil));
  t.true(gk.files.get('README.md')!.startsWith('# Admission export of model Pay &quot;ments&quot;: \\#1<br>\\- x: \\{y\\}'));
});

test('README.md of gatekeeper and azure-policy exports: raw HTML and Markdown in a model name render as text', async (t) => {
  const { marked } = await import('marked');
  const input = loadModelWithThreats('examples/aks-devsecops/model.warden');
  const derived = derivePolicy(input.model!, input.register!);
  const evil = '<img src=x onerror=alert(1)> [link](javascript:alert(2)) | cell <script>x</script>';
  const bundle = { ...derived.value, manifest: { ...derived.value.manifest, model: evil } };
  const coverage = coverageOf(bundle);
  const gk = exportGatekeeper(bundle, coverage);
  const az = exportAzurePolicy(gk, coverage);
  for (const readme of [gk.files.get('README.md')!, az.files.get('README.md')!]) {
    const title = readme.split('\n')[0];
    t.notRegex(title, /<img|<script|\]\(/);
    const html = marked.parse(readme) as string;
    t.notRegex(html, /<img|<script|<a /, 'no element from the model name survives rendering');
    t.regex(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  }
});
