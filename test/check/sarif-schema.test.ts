// SARIF output against the SARIF 2.1.0 JSON schema (test/fixtures/schemas, from the OASIS
// sarif-spec repository), plus what GitHub code scanning needs beyond the schema: artifact URIs
// relative to the git repository root (never an absolute path with a uriBaseId) and a helpUri on
// every rule that points at a heading that exists.
import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { validate } from './json-schema.js';

const env: Record<string, string> = process.env.WARDEN_TEST_ENGINE === 'opa' ? { WARDEN_POLICY_ENGINE: 'opa:/root/go/bin/opa' } : {};
const schema = JSON.parse(readFileSync('test/fixtures/schemas/sarif-schema-2.1.0.json', 'utf8')) as Record<string, unknown>;
const SHOP = 'test/check/fixtures/modelless/shop';
const REPO = resolve('.');

interface Log {
  runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } }; results: Array<{ locations?: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }> }>; originalUriBaseIds?: unknown }>;
}

async function sarif(args: string[], cwd?: string): Promise<Log> {
  const r = await runCli(['check', ...args, '--format', 'sarif'], { env, ...(cwd ? { cwd } : {}) });
  // The violations fixture holds a malformed document on purpose: exit 2, the report still written.
  if (r.code !== 0 && r.code !== 1 && !r.stdout) throw new Error(`warden check exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Log;
}

const uris = (log: Log) => log.runs[0]!.results.flatMap((r) => (r.locations ?? []).map((l) => l.physicalLocation.artifactLocation));

test('the validator rejects what the schema forbids (it can fail)', (t) => {
  t.deepEqual(validate(schema, { version: '2.1.0', runs: [] }), []);
  t.true(validate(schema, { runs: [] }).some((e) => e.includes('missing required version')));
  const bad = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] };
  t.true(validate(schema, bad).some((e) => e.includes('"fatal" is not one of')));
  const extra = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'r', helpUri: 'not a uri' }] } }, results: [] }] };
  t.true(validate(schema, extra).some((e) => e.includes('is not a uri')));
});

test('model-less, model and clean runs produce SARIF valid against the 2.1.0 schema', async (t) => {
  for (const args of [[SHOP, '--profile', 'all'], ['test/fixtures/peer-shapes/operator-install.yaml', '--profile', 'all'], ['test/check/fixtures/cli/model.warden', 'test/check/fixtures/cli/manifests/violations'], ['test/check/fixtures/cli/model.warden', 'test/check/fixtures/cli/manifests/clean']]) {
    const log = await sarif(args);
    t.deepEqual(validate(schema, log), [], args.join(' '));
  }
});

test('artifact URIs are relative to the git repository root, also when run from a subfolder', async (t) => {
  const fromRoot = await sarif([SHOP]);
  const fromSub = await sarif(['fixtures/modelless/shop'], join(REPO, 'test', 'check'));
  for (const log of [fromRoot, fromSub]) {
    const locs = uris(log);
    t.true(locs.length > 10);
    for (const l of locs) {
      t.is(l.uriBaseId, '%SRCROOT%');
      t.regex(l.uri, /^test\/check\/fixtures\/modelless\/shop\/(shop|data)\.yaml$/);
    }
    // No machine path in the log unless asked for.
    t.is(log.runs[0]!.originalUriBaseIds, undefined);
  }
});

test('--base-dir overrides the root; a file outside the root gets an absolute file URI and no uriBaseId', async (t) => {
  const based = await sarif([SHOP, '--base-dir', 'test/check/fixtures']);
  for (const l of uris(based)) t.regex(l.uri, /^modelless\/shop\/(shop|data)\.yaml$/);
  const dir = mkdtempSync(join(tmpdir(), 'warden-sarif-'));
  writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: a }\nspec:\n  containers:\n    - { name: c, image: nginx }\n');
  const outside = await sarif([join(dir, 'pod.yaml'), '--base-dir', REPO]);
  const locs = uris(outside);
  t.true(locs.length > 0);
  for (const l of locs) {
    t.is(l.uriBaseId, undefined);
    t.true(l.uri.startsWith('file:///'), l.uri);
  }
  t.deepEqual(validate(schema, outside), []);
});

test('every rule has a helpUri at a heading that exists in docs/', async (t) => {
  const log = await sarif(['test/check/fixtures/cli/model.warden', 'test/check/fixtures/cli/manifests/violations']);
  const all = await sarif([SHOP, '--profile', 'all']);
  const rules = [...log.runs[0]!.tool.driver.rules, ...all.runs[0]!.tool.driver.rules];
  t.true(rules.some((r) => r.id.startsWith('WD-DRIFT')));
  const anchors = (file: string) =>
    new Set(readFileSync(join('docs', file), 'utf8').split('\n').filter((l) => l.startsWith('#')).map((l) => l.replace(/^#+\s*/, '').toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
  const docs: Record<string, Set<string>> = { 'policies.md': anchors('policies.md'), 'check.md': anchors('check.md') };
  for (const r of rules) {
    const m = /^https:\/\/github\.com\/warden-dev\/warden\/blob\/main\/docs\/(policies\.md|check\.md)#(.+)$/.exec(r.helpUri);
    t.truthy(m, `${r.id}: ${r.helpUri}`);
    t.true(docs[m![1]!]!.has(m![2]!), `${r.id}: no heading for #${m![2]} in docs/${m![1]}`);
  }
  const custom = await sarif([SHOP, '--help-base-url', 'https://docs.example.com/warden']);
  t.regex(custom.runs[0]!.tool.driver.rules[0]!.helpUri, /^https:\/\/docs\.example\.com\/warden\/policies\.md#(k8s|az|gha|dkr)-\d{3}$/);
});

test('a finding folded per file points at every object it stands for (relatedLocations)', async (t) => {
  const log = (await sarif(['test/fixtures/peer-shapes/shop.yaml', '--profile', 'restricted'])) as unknown as { runs: Array<{ results: Array<{ ruleId: string; relatedLocations?: Array<{ id: number; physicalLocation: { region: { startLine: number } } }> }> }> };
  const k38 = log.runs[0]!.results.filter((r) => r.ruleId === 'K8S-038');
  t.is(k38.length, 1);
  t.is(k38[0]!.relatedLocations?.length, 18, 'the 18 other objects of the file');
  t.deepEqual(k38[0]!.relatedLocations!.map((r) => r.id), Array.from({ length: 18 }, (_, i) => i + 1));
});
