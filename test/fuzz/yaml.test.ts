// Short fuzz of the manifest readers inside `npm test` (the long one: `npm run fuzz -- --surface
// yaml`). Mutated manifests and YAML files, documents generated in many styles, anchors, aliases,
// merge keys, deep nesting and odd scalars: parseManifests never throws and its two readers agree,
// the fast reader gives the `yaml` package's values wherever it accepts a text, and `warden check
// --bundle` exits 0/1/2 without a stack trace. See docs/fuzzing.md.
import test from 'ava';
import { parseYamlFast } from '../../src/text/fast-yaml.js';
import { fastAgreesWithYaml, MERGE_PROPERTY, yamlSurface } from './surfaces/yaml.js';
import { shortRun } from './lib/short.js';

test('yaml: mutated and generated manifests keep every property', async (t) => {
  await shortRun(t, yamlSurface, Number(process.env.WARDEN_FUZZ_RUNS ?? 150), 20261205);
});

// Merge keys: both readers apply them as Kubernetes does (WARDEN_FUZZ_MERGE=0 skips this).
(MERGE_PROPERTY ? test : test.skip)('yaml: merge keys read by the fast reader give the values of yaml with merge: true', (t) => {
  const texts = [
    'kind: A\nbase: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n',
    'kind: A\na: &a {x: 1}\nb: &b {x: 2, z: 3}\nm:\n  <<: [*a, *b]\n',
    'kind: A\nm:\n  <<: {x: 1}\n  x: 2\n',
    'kind: A\nbase: &b\n  x: 1\nm:\n  k: v\n  <<: *b\n',
  ];
  for (const text of texts) t.deepEqual(fastAgreesWithYaml(text), [], text);
  t.true(texts.some((x) => parseYamlFast(x) !== undefined), 'the fast reader takes at least one merge-key text');
});

// A tab after a block scalar's indentation: yaml rejects some such lines (BAD_INDENT) and keeps
// others as content, so the fast reader leaves them all to it.
test('yaml: the fast reader agrees with yaml on block scalar lines that start with a tab', (t) => {
  for (const text of ['kind: A\nx: |\n  a\n\t\n', 'kind: A\nx: |\n  a\n \t\ny: 1\n', 'kind: A\nx: |\n  a\n  \t\n  b\ny: 1\n', 'kind: A\nk:\n  x: >\n    a\n  \t\n  y: 1\n']) {
    t.deepEqual(fastAgreesWithYaml(text), [], JSON.stringify(text));
  }
});

// Blank and comment lines indented with a tab (found by the long fuzz run, seed 20261207 input
// 29290: "\t " is "Tabs are not allowed as indentation" in yaml, which the fast reader skipped).
test('yaml: the fast reader agrees with yaml on blank and comment lines that start with a tab', (t) => {
  for (const text of ['\t ', '\t', 'kind: A\n\t \nx: 1\n', 'kind: A\n\t# c\nx: 1\n', 'kind: A\nx: 1\n\t  \n', ' \t\nkind: A\n']) {
    t.deepEqual(fastAgreesWithYaml(text), [], JSON.stringify(text));
  }
});
