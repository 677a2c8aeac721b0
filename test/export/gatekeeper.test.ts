// `warden export gatekeeper` on the reference example: templates and constraints shaped as
// Gatekeeper expects, deterministic, CI-only checks listed; and (where opa exists) every template
// evaluated the way Gatekeeper does (v0 parser, input.review.object) on each manifest of the
// example gives the verdicts `warden check` gives for that resource.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { loadManifests } from '../../src/check/manifests.js';
import { enforcementActionFor, toGatekeeperLib } from '../../src/export/index.js';
import { findTool } from './tools.js';

const MODEL = 'examples/aks-devsecops/model.warden';
const SETS = ['examples/aks-devsecops/manifests/clean', 'examples/aks-devsecops/manifests/violations'];
const dir = mkdtempSync(join(tmpdir(), 'warden-gk-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const out = join(dir, 'gk');
const first = runCli(['export', 'gatekeeper', MODEL, '-o', out]);

type Template = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations: Record<string, string> };
  spec: { crd: { spec: { names: { kind: string }; validation: { openAPIV3Schema: { properties: Record<string, unknown> } } } }; targets: Array<{ target: string; rego: string; libs: string[] }> };
};
type Constraint = {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { enforcementAction: string; match: { kinds: Array<{ apiGroups: string[]; kinds: string[] }>; namespaces?: string[] }; parameters: { params: Record<string, unknown> } };
};

function read<T>(p: string): T {
  return parse(readFileSync(p, 'utf8')) as T;
}

test('one template and one constraint per enforceable control; summary and coverage files', async (t) => {
  const r = await first;
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^wrote \d+ files to .*: 17 templates and constraints$/m);
  const templates = readdirSync(join(out, 'templates')).sort();
  const constraints = readdirSync(join(out, 'constraints')).sort();
  t.deepEqual(templates, constraints);
  t.is(templates.length, 17);
  t.true(templates.includes('wardennoprivileged.yaml'));
  t.false(templates.includes('wardennetworkpolicy.yaml'), 'networkPolicy is CI-only');
  const cov = JSON.parse(readFileSync(join(out, 'coverage.json'), 'utf8')) as { ciOnly: Array<{ control: string; checks: Array<{ id: string; reason: string }> }>; admission: Array<{ control: string; ciOnlyChecks: Array<{ id: string }> }>; driftChecks: unknown[] };
  t.deepEqual(cov.ciOnly.map((c) => c.control), ['networkPolicy']);
  t.deepEqual(cov.ciOnly[0].checks.map((c) => c.id), ['K8S-050', 'K8S-068']);
  t.deepEqual(cov.admission.find((c) => c.control === 'highAvailability')?.ciOnlyChecks.map((c) => c.id), ['K8S-065']);
  t.true(cov.driftChecks.length > 0);
  const readme = readFileSync(join(out, 'README.md'), 'utf8');
  t.regex(readme, /\| networkPolicy \| K8S-050 \| needs every NetworkPolicy/);
  t.regex(readme, /admission cannot enforce/);
});

test('template: Gatekeeper contract, libs under lib., future.keywords imports, threat and control annotations', async (t) => {
  await first;
  const tpl = read<Template>(join(out, 'templates', 'wardennoprivileged.yaml'));
  t.is(tpl.apiVersion, 'templates.gatekeeper.sh/v1');
  t.is(tpl.kind, 'ConstraintTemplate');
  t.is(tpl.metadata.name, 'wardennoprivileged');
  t.is(tpl.spec.crd.spec.names.kind, 'WardenNoPrivileged');
  t.is(tpl.metadata.annotations['warden.dev/control'], 'noPrivileged');
  t.regex(tpl.metadata.annotations['warden.dev/threats'], /^TH-[0-9a-f]{8}(,TH-[0-9a-f]{8})*$/);
  t.is(tpl.metadata.annotations['warden.dev/checks'], 'K8S-008,K8S-021,K8S-022,K8S-023,K8S-045');
  const target = tpl.spec.targets[0];
  t.is(target.target, 'admission.k8s.gatekeeper.sh');
  t.regex(target.rego, /^package wardennoprivileged$/m);
  t.regex(target.rego, /^violation contains \{"msg": msg, "details": details\} if \{$/m);
  t.regex(target.rego, /input\.review\.object/);
  for (const lib of target.libs) {
    t.regex(lib, /^package lib\./m);
    t.regex(lib, /^import future\.keywords$/m);
    t.notRegex(lib, /^import rego\.v1/m);
    // Gatekeeper lets templates read only data.lib and data.inventory.
    t.notRegex(lib.replace(/^#.*$/gm, ''), /\bdata\.(?!lib\.)/);
  }
  t.is(target.libs.length, 6, 'the helper library and the five checks');
});

test('constraints: kinds from the checks, namespaces from boundaries, parameters, enforcementAction by severity', async (t) => {
  await first;
  const reg = read<Constraint>(join(out, 'constraints', 'wardentrustedregistry.yaml'));
  t.is(reg.apiVersion, 'constraints.gatekeeper.sh/v1beta1');
  t.is(reg.kind, 'WardenTrustedRegistry');
  t.is(reg.spec.enforcementAction, 'deny');
  t.deepEqual(reg.spec.parameters.params, { 'K8S-030': { registries: ['contoso.azurecr.io'] } });
  t.true((reg.spec.parameters as { elements: Array<{ id: string; workload: { kind?: string } }> }).elements.some((e) => e.workload.kind === 'deployment'));
  t.deepEqual(reg.spec.match.namespaces, ['monitoring', 'payments']);
  t.deepEqual(reg.spec.match.kinds, [
    { apiGroups: [''], kinds: ['Pod', 'ReplicationController'] },
    { apiGroups: ['apps'], kinds: ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'] },
    { apiGroups: ['batch'], kinds: ['CronJob', 'Job'] },
  ]);
  t.is(read<Constraint>(join(out, 'constraints', 'wardenseccompprofile.yaml')).spec.enforcementAction, 'warn');
  t.is(read<Constraint>(join(out, 'constraints', 'wardendedicatedserviceaccount.yaml')).spec.enforcementAction, 'dryrun');
  t.deepEqual(read<Constraint>(join(out, 'constraints', 'wardentlsingress.yaml')).spec.match, { kinds: [{ apiGroups: ['networking.k8s.io'], kinds: ['Ingress'] }], namespaces: ['ingress'] });
  // rbacLeastPrivilege is promised by an element without a namespace: cluster-wide.
  t.is(read<Constraint>(join(out, 'constraints', 'wardenrbacleastprivilege.yaml')).spec.match.namespaces, undefined);
  t.deepEqual(['critical', 'high', 'medium', 'low', 'info'].map(enforcementActionFor), ['deny', 'deny', 'warn', 'dryrun', 'dryrun']);
});

test('byte-identical across two exports', async (t) => {
  await first;
  const again = join(dir, 'gk2');
  const r = await runCli(['export', 'gatekeeper', MODEL, '-o', again]);
  t.is(r.code, 0, r.stderr);
  for (const sub of ['templates', 'constraints']) {
    for (const f of readdirSync(join(out, sub))) t.deepEqual(readFileSync(join(again, sub, f)), readFileSync(join(out, sub, f)), f);
  }
  t.deepEqual(readFileSync(join(again, 'coverage.json')), readFileSync(join(out, 'coverage.json')));
});

test('toGatekeeperLib: package moved under lib., data reads rewritten, comments kept', (t) => {
  const src = ['# METADATA', '# data.warden.params in a comment', 'package warden.lib.k8s', '', 'all_params := data.warden.params', 'x := data.warden.checks.a.deny', ''].join('\n');
  t.is(toGatekeeperLib({ file: 'x.rego', source: src }), ['# METADATA', '# data.warden.params in a comment', 'package lib.warden.lib.k8s', '', 'import future.keywords', '', 'all_params := input.params', 'x := data.lib.warden.checks.a.deny', ''].join('\n'));
});

function matches(c: Constraint, obj: { kind?: string; apiVersion?: string; metadata?: { namespace?: string } }): boolean {
  const group = String(obj.apiVersion ?? '').includes('/') ? String(obj.apiVersion).split('/')[0] : '';
  const kindOk = c.spec.match.kinds.some((k) => (k.apiGroups.includes('*') || k.apiGroups.includes(group)) && (k.kinds.includes('*') || k.kinds.includes(String(obj.kind))));
  const ns = c.spec.match.namespaces;
  return kindOk && (!ns || ns.includes(obj.metadata?.namespace ?? 'default'));
}

test("Gatekeeper's view (opa --v0-compatible, one object per review) agrees with `warden check` on the example", async (t) => {
  await first;
  const opa = findTool('opa');
  if (!opa) {
    t.log('skipped: no opa binary (/root/go/bin/opa, PATH or $(go env GOPATH)/bin)');
    t.pass();
    return;
  }
  let compared = 0;
  let denied = 0;
  for (const set of SETS) {
    const manifests = await loadManifests([set]);
    const objects = manifests.value.resources.map((r) => r.object);
    const check = await runCli(['check', MODEL, set, '--today', '2026-11-22', '--format', 'json']);
    const report = JSON.parse(check.stdout) as { findings: Array<{ check: string; resource?: { index: number }; controls: string[] }> };
    for (const file of readdirSync(join(out, 'templates')).sort()) {
      const tpl = read<Template>(join(out, 'templates', file));
      const con = read<Constraint>(join(out, 'constraints', file));
      const checks = tpl.metadata.annotations['warden.dev/checks'].split(',');
      const work = join(dir, 'eval', tpl.metadata.name);
      mkdirSync(work, { recursive: true });
      writeFileSync(join(work, 'main.rego'), tpl.spec.targets[0].rego);
      tpl.spec.targets[0].libs.forEach((l, i) => writeFileSync(join(work, `lib${i}.rego`), l));
      // Gatekeeper evaluates one review at a time; a harness does the same for every object.
      writeFileSync(
        join(dir, 'eval', `harness-${tpl.metadata.name}.rego`),
        ['package harness', 'import rego.v1', `verdicts[i] := v if {`, '\tsome i, obj in input.objects', `\tv := [x.details.check | some x in data.${tpl.metadata.name}.violation] with input as {"review": {"object": obj}, "parameters": input.parameters}`, '}', ''].join('\n'),
      );
      writeFileSync(join(dir, 'eval', 'input.json'), JSON.stringify({ objects, parameters: con.spec.parameters }));
      const res = JSON.parse(
        execFileSync(opa, ['eval', '--v0-compatible', '--format', 'json', '-d', work, '-d', join(dir, 'eval', `harness-${tpl.metadata.name}.rego`), '-i', join(dir, 'eval', 'input.json'), 'data.harness.verdicts'], { encoding: 'utf8', maxBuffer: 64 << 20 }),
      ) as { result: Array<{ expressions: Array<{ value: Record<string, string[]> }> }> };
      const verdicts = res.result[0].expressions[0].value;
      objects.forEach((obj, i) => {
        const expected = [...new Set(report.findings.filter((f) => f.resource?.index === i && checks.includes(f.check)).map((f) => f.check))].sort();
        if (!matches(con, obj as never)) {
          t.deepEqual(expected, [], `${set} #${i}: warden check reports ${expected} outside the constraint's match (${file})`);
          return;
        }
        const got = [...new Set(verdicts[String(i)] ?? [])].sort();
        compared++;
        if (got.length) denied++;
        t.deepEqual(got, expected, `${set} resource #${i} (${(obj as { kind: string }).kind}) under ${tpl.spec.crd.spec.names.kind}`);
      });
    }
  }
  t.log(`${compared} object/template verdicts compared, ${denied} with violations`);
  t.true(denied > 5);
});
