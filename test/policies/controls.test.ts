// The control declarations (models/warden/controls*.warden) against the contract
// (docs/contracts/controls.md) and the policy library: every canonical control is declared, the
// Kubernetes ones name checks that exist, and their params are the keys those checks read.
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSource } from '../../src/dsl/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'models', 'warden', 'controls.warden');

/** Canonical ids from the contract, split into its two sections. */
function contractIds(): { enforced: string[]; platform: string[] } {
  const text = readFileSync(join(root, 'docs', 'contracts', 'controls.md'), 'utf8');
  const section = (heading: string) => {
    const start = text.indexOf(heading);
    const rest = text.slice(text.indexOf('\n', start) + 1);
    const end = rest.indexOf('\n## ');
    const body = end < 0 ? rest : rest.slice(0, end);
    // Drop parenthesised notes (e.g. "trustedRegistry(registries)", "pinnedImages (no :latest, ...)").
    const flat = body.replace(/\([^)]*\)/g, '');
    return flat.split(/[,\n]/).map((s) => s.trim()).filter((s) => /^[a-zA-Z]\w*$/.test(s));
  };
  return { enforced: section('## Enforced by policies'), platform: section('## Process / platform controls') };
}

/** For each check id, the params it reads: K8S-030 -> {registries}. */
function checkParams(): Map<string, Set<string>> {
  const dir = join(root, 'policies', 'k8s');
  const out = new Map<string, Set<string>>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    const id = /^#\s+id:\s+(K8S-\d+)/m.exec(text)?.[1];
    if (!id) continue;
    out.set(id, new Set([...text.matchAll(/k8s\.param\("[^"]+", "([^"]+)"/g)].map((m) => m[1]!)));
  }
  return out;
}

const loaded = checkSource(entry, readFileSync(entry, 'utf8'));
const controls = new Map((loaded.value?.controls ?? []).map((c) => [c.id, c]));

test('the control library loads without diagnostics', (t) => {
  t.deepEqual(loaded.diagnostics.map((d) => `${d.file}:${d.span.line} ${d.code} ${d.message}`), []);
  t.truthy(loaded.value);
});

test('every canonical control of the contract is declared', (t) => {
  const { enforced, platform } = contractIds();
  t.true(enforced.length >= 25 && platform.length >= 30, `contract parse: ${enforced.length}/${platform.length}`);
  t.deepEqual([...enforced, ...platform].filter((id) => !controls.has(id)), []);
});

test('policy-enforced controls name existing checks; platform controls name none', (t) => {
  const { enforced, platform } = contractIds();
  const checks = checkParams();
  // immutableSecrets has no check in the catalog yet (see docs/policies.md).
  for (const id of enforced.filter((id) => id !== 'immutableSecrets')) {
    const c = controls.get(id);
    t.true((c?.policies.length ?? 0) > 0, `${id} names no policy`);
    for (const p of c?.policies ?? []) t.true(checks.has(p), `${id}: unknown check ${p}`);
  }
  for (const id of platform) t.deepEqual(controls.get(id)?.policies ?? [], [], id);
});

test('every check is enforced by exactly one control', (t) => {
  const owner = new Map<string, string[]>();
  for (const c of controls.values()) for (const p of c.policies) owner.set(p, [...(owner.get(p) ?? []), c.id]);
  for (const id of checkParams().keys()) t.deepEqual(owner.get(id)?.length, 1, `${id}: ${owner.get(id)?.join(', ') ?? 'no control'}`);
});

test('control params are exactly the params its checks read', (t) => {
  const checks = checkParams();
  for (const c of controls.values()) {
    const read = new Set(c.policies.flatMap((p) => [...(checks.get(p) ?? [])]));
    t.deepEqual(c.params.map((p) => p.name).sort(), [...read].sort(), c.id);
  }
});
