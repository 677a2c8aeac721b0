// The Rego control library (policies/): its structure and metadata are what `warden check`,
// `warden policy build` and docs/policies.md rely on, so they are asserted here; the policies'
// behaviour is asserted by their own `test_` rules, run through a reference `opa` when present.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const checksDir = join(root, 'policies', 'k8s');
const libDir = join(root, 'policies', 'lib');

// The ids of ../shared/research/k8s-check-catalog.md (sections 2.1 and 2.2); the library may
// not invent ids, so a typo or a renumbering shows up here.
const CATALOG_IDS = new Set([
  ...Array.from({ length: 45 }, (_, i) => `K8S-${String(i + 1).padStart(3, '0')}`),
  ...Array.from({ length: 19 }, (_, i) => `K8S-${String(i + 50).padStart(3, '0')}`),
  // Parity checks added for issue 15 (what kube-score, kube-linter, Trivy and Checkov flag by default).
  ...Array.from({ length: 6 }, (_, i) => `K8S-${String(i + 69).padStart(3, '0')}`),
]);
// Pod/container hardening ids: every one of them must be implemented.
const HARDENING_IDS = Array.from({ length: 45 }, (_, i) => `K8S-${String(i + 1).padStart(3, '0')}`);
const SEVERITIES = new Set(['info', 'low', 'medium', 'high', 'critical']);
const STRIDE = new Set(['S', 'T', 'R', 'I', 'D', 'E']);

interface Check {
  slug: string;
  file: string;
  text: string;
  pkg: string | undefined;
  meta: Record<string, any>;
}

/** The YAML of the `# METADATA` comment block that precedes the package line. */
function metadataOf(text: string): Record<string, any> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === '# METADATA');
  if (start < 0) return {};
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('#')) break;
    body.push(line.replace(/^# ?/, ''));
  }
  return (parseYaml(body.join('\n')) ?? {}) as Record<string, any>;
}

function loadChecks(): Check[] {
  return readdirSync(checksDir)
    .filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(checksDir, f), 'utf8');
      return {
        slug: f.replace(/\.rego$/, ''),
        file: f,
        text,
        pkg: /^package\s+(\S+)/m.exec(text)?.[1],
        meta: metadataOf(text),
      };
    });
}

const checks = loadChecks();

test('the library has at least 45 checks and covers every pod/container hardening id', (t) => {
  t.true(checks.length >= 45, `only ${checks.length} checks`);
  const ids = new Set(checks.map((c) => c.meta.custom?.id));
  t.deepEqual(HARDENING_IDS.filter((id) => !ids.has(id)), []);
});

test('every check has a package named after its file and complete METADATA', (t) => {
  for (const c of checks) {
    t.is(c.pkg, `warden.checks.${c.slug}`, c.file);
    t.regex(c.slug, /^[a-z][a-z0-9_]*$/, c.file);
    t.is(typeof c.meta.title, 'string', `${c.file}: title`);
    t.is(typeof c.meta.description, 'string', `${c.file}: description`);
    const custom = c.meta.custom ?? {};
    t.regex(String(custom.id), /^K8S-\d{3}$/, `${c.file}: id`);
    t.true(SEVERITIES.has(custom.severity), `${c.file}: severity ${custom.severity}`);
    t.true(Array.isArray(custom.stride) && custom.stride.length > 0, `${c.file}: stride`);
    for (const s of custom.stride ?? []) t.true(STRIDE.has(s), `${c.file}: stride letter ${s}`);
    t.true(typeof custom.aliases === 'object' && Object.keys(custom.aliases).length > 0, `${c.file}: aliases`);
    for (const [tool, alias] of Object.entries(custom.aliases ?? {})) {
      t.is(typeof alias, 'string', `${c.file}: alias ${tool}`);
    }
    t.true(Array.isArray(custom.resources) && custom.resources.length > 0, `${c.file}: resources`);
    t.is(typeof custom.remediation, 'string', `${c.file}: remediation`);
  }
});

test('check ids are unique and come from the catalog', (t) => {
  const seen = new Map<string, string>();
  for (const c of checks) {
    const id = c.meta.custom.id as string;
    t.false(seen.has(id), `${id} in both ${seen.get(id)} and ${c.file}`);
    seen.set(id, c.file);
    t.true(CATALOG_IDS.has(id), `${c.file}: ${id} is not a catalog id`);
  }
});

test('every finding a check emits carries the id and severity of its METADATA', (t) => {
  for (const c of checks) {
    const calls = [...c.text.matchAll(/k8s\.finding\("([^"]+)", "([^"]+)"/g)];
    t.true(calls.length > 0, `${c.file}: no k8s.finding(...) call`);
    for (const [, id, severity] of calls) {
      t.is(id, c.meta.custom.id, `${c.file}: finding id`);
      t.is(severity, c.meta.custom.severity, `${c.file}: finding severity`);
    }
    t.regex(c.text, /^deny contains finding if \{/m, `${c.file}: deny rule`);
  }
});

test('parameters a check reads are declared in its METADATA', (t) => {
  for (const c of checks) {
    const read = new Set([...c.text.matchAll(/k8s\.param\("([^"]+)", "([^"]+)"/g)].map((m) => {
      t.is(m[1], c.meta.custom.id, `${c.file}: reads another check's params`);
      return m[2];
    }));
    const declared = new Set(Object.keys(c.meta.custom.params ?? {}));
    t.deepEqual([...read].sort(), [...declared].sort(), `${c.file}: params`);
  }
});

test('every check has a test file with at least two test rules', (t) => {
  for (const c of checks) {
    const file = join(checksDir, `${c.slug}_test.rego`);
    t.true(existsSync(file), `${c.slug}_test.rego missing`);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    t.regex(text, new RegExp(`^package warden\\.checks\\.${c.slug}_test$`, 'm'), `${c.slug}_test.rego package`);
    const tests = text.match(/^test_[a-z0-9_]+ if/gm) ?? [];
    t.true(tests.length >= 2, `${c.slug}_test.rego has ${tests.length} test rules`);
  }
});

test('the library avoids Rego features Warden compiles poorly or not at all', (t) => {
  const banned = [/\bwalk\(/, /\bgraph\./, /\bhttp\.send\b/, /\brego\.metadata\./, /\bprint\(/];
  for (const c of checks) {
    for (const re of banned) t.notRegex(c.text, re, `${c.file} uses ${re}`);
  }
  const lib = readFileSync(join(libDir, 'k8s.rego'), 'utf8');
  for (const re of banned) t.notRegex(lib, re, `lib/k8s.rego uses ${re}`);
});

function findOpa(): string | undefined {
  if (existsSync('/root/go/bin/opa')) return '/root/go/bin/opa';
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'opa'))) return join(dir, 'opa');
  }
  return undefined;
}

const opa = findOpa();
if (!opa) console.log('policies/library.test.ts: no `opa` binary (/root/go/bin/opa or PATH); skipping the opa runs');

(opa ? test : test.skip)('opa check --strict accepts the library', (t) => {
  const run = spawnSync(opa!, ['check', '--strict', libDir, checksDir], { encoding: 'utf8' });
  t.is(run.status, 0, run.stdout + run.stderr);
});

(opa ? test : test.skip)('every test_ rule passes under opa test', (t) => {
  const run = spawnSync(opa!, ['test', libDir, checksDir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const results = JSON.parse(run.stdout) as { package: string; name: string; fail?: boolean; error?: unknown }[];
  const failed = results.filter((r) => r.fail || r.error).map((r) => `${r.package}.${r.name}`);
  t.deepEqual(failed, []);
  // Every check package contributes tests (no test file silently skipped by a package typo).
  const tested = new Set(results.map((r) => r.package.replace(/^data\./, '').replace(/_test$/, '')));
  t.deepEqual(checks.map((c) => c.pkg).filter((p) => !tested.has(p!)), []);
  t.log(`${results.length} rego tests passed`);
});

