// Gatekeeper's own offline CLI on the exported templates: a `gator verify` suite built from the
// example's clean and violating manifests, expecting exactly `warden check`'s verdict per object.
// Skipped with a reason when gator is absent (install: go install
// github.com/open-policy-agent/gatekeeper/v3/cmd/gator@v3.20.1).
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { loadManifests } from '../../src/check/manifests.js';
import { findTool } from './tools.js';

const MODEL = 'examples/aks-devsecops/model.warden';
const SETS = ['examples/aks-devsecops/manifests/clean', 'examples/aks-devsecops/manifests/violations'];

type Constraint = { spec: { match: { kinds: Array<{ apiGroups: string[]; kinds: string[] }>; namespaces?: string[] } } };
type Obj = { kind?: string; apiVersion?: string; metadata?: { namespace?: string } };

function matches(c: Constraint, obj: Obj): boolean {
  const group = String(obj.apiVersion ?? '').includes('/') ? String(obj.apiVersion).split('/')[0] : '';
  const kindOk = c.spec.match.kinds.some((k) => (k.apiGroups.includes('*') || k.apiGroups.includes(group)) && (k.kinds.includes('*') || k.kinds.includes(String(obj.kind))));
  const ns = c.spec.match.namespaces;
  return kindOk && (!ns || ns.includes(obj.metadata?.namespace ?? 'default'));
}

test('gator verify: the exported templates give warden check verdicts on the example', async (t) => {
  const gator = findTool('gator');
  if (!gator) {
    t.log('skipped: no gator binary (go install github.com/open-policy-agent/gatekeeper/v3/cmd/gator@v3.20.1)');
    t.pass();
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'warden-gator-'));
  try {
    const out = join(dir, 'gk');
    const r = await runCli(['export', 'gatekeeper', MODEL, '-o', out]);
    t.is(r.code, 0, r.stderr);
    const tests: unknown[] = [];
    let cases = 0;
    let withViolations = 0;
    for (const [s, set] of SETS.entries()) {
      const manifests = await loadManifests([set]);
      const check = await runCli(['check', MODEL, set, '--today', '2026-11-22', '--format', 'json']);
      const report = JSON.parse(check.stdout) as { findings: Array<{ check: string; resource?: { index: number } }> };
      for (const file of readdirSync(join(out, 'templates')).sort()) {
        const tpl = parse(readFileSync(join(out, 'templates', file), 'utf8')) as { metadata: { name: string; annotations: Record<string, string> } };
        const con = parse(readFileSync(join(out, 'constraints', file), 'utf8')) as Constraint;
        const checks = tpl.metadata.annotations['warden.dev/checks'].split(',');
        const objectCases: unknown[] = [];
        manifests.value.resources.forEach((res, i) => {
          if (!matches(con, res.object as Obj)) return;
          const expected = report.findings.some((f) => f.resource?.index === i && checks.includes(f.check));
          const objFile = join('objects', `${s}-${i}.yaml`);
          mkdirSync(join(dir, 'objects'), { recursive: true });
          writeFileSync(join(dir, objFile), stringify(res.object));
          objectCases.push({ name: `${s === 0 ? 'clean' : 'violations'} ${res.kind} ${res.namespace ?? ''}/${res.name} #${i}`, object: objFile, assertions: [{ violations: expected ? 'yes' : 'no' }] });
          cases++;
          if (expected) withViolations++;
        });
        if (objectCases.length) tests.push({ name: `${tpl.metadata.name} on ${s === 0 ? 'clean' : 'violations'}`, template: join('gk', 'templates', file), constraint: join('gk', 'constraints', file), cases: objectCases });
      }
    }
    writeFileSync(join(dir, 'suite.yaml'), stringify({ kind: 'Suite', apiVersion: 'test.gatekeeper.sh/v1alpha1', metadata: { name: 'warden-aks-devsecops' }, tests }));
    let output = '';
    let ok = true;
    try {
      output = execFileSync(gator, ['verify', dir], { encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 << 20 });
    } catch (err) {
      ok = false;
      output = String((err as { stdout?: string }).stdout ?? '') + String((err as { stderr?: string }).stderr ?? '');
    }
    t.log(`${cases} gator cases, ${withViolations} expecting violations`);
    t.true(ok, output.slice(0, 4000));
    t.true(withViolations > 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
