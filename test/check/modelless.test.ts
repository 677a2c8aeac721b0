// `warden check <manifests>` without a model: a profile of the control library applied to every
// workload and resource, through the same pipeline as a model run.
import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { libraryControls, loadManifests, modelFromManifests, profileControls, runCheck, type CheckReport, type Finding } from '../../src/check/index.js';
import { checkSource } from '../../src/dsl/index.js';
import { runCli } from '../helpers/cli.js';
import { golden } from './golden.js';

const env: Record<string, string> = process.env.WARDEN_TEST_ENGINE === 'opa' ? { WARDEN_POLICY_ENGINE: 'opa:/root/go/bin/opa' } : {};
const FIX = 'test/check/fixtures/modelless';
const SHOP = `${FIX}/shop`;

async function json(args: string[], stdin?: string): Promise<{ code: number; report: CheckReport; stderr: string }> {
  const r = await runCli(['check', ...args, '--format', 'json'], { env, ...(stdin !== undefined ? { stdin } : {}) });
  return { code: r.code, report: JSON.parse(r.stdout) as CheckReport, stderr: r.stderr };
}

const at = (f: Finding) => `${f.check} ${f.location?.file.split('/').pop()}:${f.location?.line}`;

test('the command a new user types: text report with the profile header (golden); exit 1', async (t) => {
  const r = await runCli(['check', SHOP], { env });
  t.is(r.code, 1, r.stderr);
  t.is(r.stderr, '');
  t.regex(r.stdout, /^No model given: the "baseline" profile \(21 controls, 56 checks\)/);
  t.regex(r.stdout, /Drift checks need a model and were not run; start one with `warden init --from <manifests>`/);
  golden(t, 'test/check/golden/modelless-shop.txt', r.stdout);
});

test('hardening findings on the shop, each at the offending line', async (t) => {
  const { code, report } = await json([SHOP]);
  t.is(code, 1);
  const got = new Set(report.findings.map(at));
  // check, file:line: one row per issue class the profile is for.
  const expected = [
    'K8S-010 shop.yaml:21', // runAsNonRoot missing: store-front container
    'K8S-013 shop.yaml:21', // writable root filesystem
    'K8S-009 shop.yaml:122', // allowPrivilegeEscalation: true (order-service), at the field
    'K8S-014 shop.yaml:21', // capabilities not dropped
    'K8S-016 shop.yaml:206', // NET_ADMIN added (makeline-service)
    'K8S-032 shop.yaml:188', // no CPU/memory limits (makeline-service)
    'K8S-032 data.yaml:70', // no limits on the mongodb StatefulSet
    'K8S-028 shop.yaml:22', // :latest tag (store-front)
    'K8S-028 shop.yaml:223', // untagged image (ai-service)
    'K8S-036 shop.yaml:120', // ORDER_QUEUE_PASSWORD literal
    'K8S-036 shop.yaml:228', // OPENAI_API_KEY literal
    'K8S-036 shop.yaml:199', // secretKeyRef into env
    'K8S-037 data.yaml:53', // credential in a ConfigMap
    'K8S-008 shop.yaml:230', // privileged: true
    'K8S-011 data.yaml:75', // runAsUser: 0 on the database
    'K8S-005 data.yaml:81', // hostPath volume on the database
    'K8S-053 shop.yaml:84', // Ingress without TLS
  ];
  for (const e of expected) t.true(got.has(e), `${e} missing; got ${[...got].sort().join(', ')}`);
  // The hardened product-service and store-admin containers raise none of the container checks.
  for (const f of report.findings.filter((x) => x.resource?.name === 'product-service' || x.resource?.name === 'store-admin')) {
    t.true(['K8S-029', 'K8S-031', 'K8S-045', 'K8S-053'].includes(f.check), `${f.check} on ${f.resource?.label}`);
  }
});

test('every finding is located in a manifest, names the profile, and points at no model line or threat', async (t) => {
  const { report } = await json([SHOP]);
  t.true(report.findings.length > 40);
  for (const f of report.findings) {
    t.truthy(f.location, f.check);
    t.true(existsSync(f.location!.file), f.location!.file);
    t.true(f.location!.line > 0 && f.location!.column > 0);
    t.is(f.profile, 'baseline');
    t.is(f.model, undefined);
    t.is(f.element, undefined);
    t.deepEqual(f.threats, []);
    t.true(f.controls.length > 0);
    t.is(f.family, 'library');
  }
  t.is(report.modelless?.profile, 'baseline');
  t.regex(report.modelless!.note, /Drift checks need a model and were not run/);
  t.false(report.rules.some((r) => r.family !== 'library'), 'no drift or waiver rules without a model');
  t.is(report.model, '');
  t.is(report.modelFile, '');
});

test('every format says there is no model', async (t) => {
  const sarif = await runCli(['check', SHOP, '--format', 'sarif'], { env });
  t.is(sarif.code, 1);
  const run = JSON.parse(sarif.stdout).runs[0];
  t.is(run.properties.modelless.profile, 'baseline');
  t.true(run.results.length > 40);
  for (const r of run.results) {
    t.truthy(r.locations?.[0]?.physicalLocation?.region?.startLine);
    t.is(r.relatedLocations, undefined);
    t.regex(r.message.text, /Profile baseline, no model \(`warden init --from` starts one\)\.$/);
    t.is(r.properties.profile, 'baseline');
  }
  const junit = await runCli(['check', SHOP, '--format', 'junit'], { env });
  t.is(junit.code, 1);
  t.regex(junit.stdout, /<testsuites name="warden check: no model \(profile baseline\)"/);
  t.regex(junit.stdout, /<testcase classname="K8S-010" name="Deployment shop\/store-front \(test\/check\/fixtures\/modelless\/shop\/shop\.yaml:21:11\)" file="[^"]+shop\.yaml" line="21">/);
  t.regex(junit.stdout, /profile baseline, no model/);
  const gh = await runCli(['check', SHOP, '--format', 'github', '--max-annotations', '1000'], { env });
  t.is(gh.code, 1);
  const lines = gh.stdout.trim().split('\n');
  t.true(lines.length > 40);
  for (const l of lines) t.regex(l, /^::(error|warning|notice) file=test\/check\/fixtures\/modelless\/shop\/(shop|data)\.yaml,line=\d+,col=\d+,title=K8S-\d+ .*profile baseline, no model/);
  const text = await runCli(['check', SHOP, '--format', 'text', '--fail-on', 'critical'], { env });
  t.is(text.code, 1, 'one critical finding (privileged ai-service)');
});

test('exit codes: clean manifests 0, --fail-on above every finding 0, findings 1', async (t) => {
  const clean = await runCli(['check', `${FIX}/clean`], { env });
  t.is(clean.code, 0, clean.stdout + clean.stderr);
  t.regex(clean.stdout, /^No model given/);
  t.regex(clean.stdout, /\n0 open findings, 0 suppressed; 1 resource in 1 file; 0 at or above --fail-on low\n$/);
  t.is((await runCli(['check', `${FIX}/edge`, '--fail-on', 'critical'], { env })).code, 1);
  const { code, report } = await json([`${FIX}/clean`, '--profile', 'restricted']);
  // restricted adds seccomp, probes, network policy, service accounts: the clean API meets baseline only.
  t.is(code, 1);
  t.true(report.findings.some((f) => f.check === 'K8S-019'));
});

test('--profile: restricted includes baseline, all includes restricted; the profiles come from the controls in models/', async (t) => {
  const checks = async (profile: string) => new Set((await json([SHOP, '--profile', profile])).report.findings.map((f) => `${f.check} ${f.location?.file}:${f.location?.line}:${f.message}`));
  const [baseline, restricted, all] = [await checks('baseline'), await checks('restricted'), await checks('all')];
  for (const k of baseline) t.true(restricted.has(k), k);
  for (const k of restricted) t.true(all.has(k), k);
  const ids = (s: Set<string>) => new Set([...s].map((k) => k.split(' ')[0]));
  t.false(ids(baseline).has('K8S-019'));
  t.true(ids(restricted).has('K8S-019')); // seccomp
  t.true(ids(restricted).has('K8S-035')); // probes
  t.true(ids(restricted).has('K8S-050')); // no default-deny NetworkPolicy in shop
  t.false(ids(restricted).has('K8S-065'));
  // One source of truth: each control's `profile` line in models/warden/controls/kubernetes.warden.
  const controls = libraryControls();
  t.deepEqual(profileControls('baseline').map((c) => c.id), controls.filter((c) => c.profile === 'baseline').map((c) => c.id).sort());
  t.deepEqual(profileControls('all').map((c) => c.id), controls.filter((c) => c.policies.length > 0).map((c) => c.id).sort());
  const { report } = await json([SHOP, '--profile', 'restricted']);
  t.deepEqual(report.modelless?.controls, profileControls('restricted').map((c) => c.id));
  const bad = await runCli(['check', SHOP, '--profile', 'strict'], { env });
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--profile/);
  const late = await runCli(['check', SHOP, 'test/check/fixtures/cli/model.warden'], { env });
  t.is(late.code, 2);
  t.regex(late.stderr, /looks like a model: give it first/);
  const withModel = await runCli(['check', 'test/check/fixtures/cli/model.warden', SHOP, '--profile', 'all'], { env });
  t.is(withModel.code, 2);
  t.regex(withModel.stderr, /--profile applies only without a model/);
});

test('resources outside any namespace, namespaces without workloads and cluster-scoped RBAC are checked', async (t) => {
  const { report } = await json([`${FIX}/edge`]);
  const got = new Set(report.findings.map(at));
  for (const e of ['K8S-008 cluster.yaml:12', 'K8S-037 cluster.yaml:20', 'K8S-056 cluster.yaml:29']) t.true(got.has(e), `${e}; got ${[...got].join(', ')}`);
});

test('empty standard input (a broken `helm template |`) is an error unless --allow-empty', async (t) => {
  const empty = await runCli(['check', '-'], { env, stdin: '' });
  t.is(empty.code, 2);
  t.regex(empty.stderr, /WD5015: standard input is empty: nothing to check/);
  t.regex(empty.stderr, /helm template/);
  const comments = await runCli(['check', '-'], { env, stdin: '# Source: chart/templates/none.yaml\n---\n' });
  t.is(comments.code, 2);
  t.regex(comments.stderr, /WD5015/);
  const allowed = await runCli(['check', '-', '--allow-empty'], { env, stdin: '' });
  t.is(allowed.code, 0, allowed.stderr);
  t.regex(allowed.stdout, /0 open findings/);
  // The same rule with a model: zero resources is an error there too.
  const withModel = await runCli(['check', 'test/check/fixtures/cli/model.warden', '-', '--today', '2026-11-22'], { env, stdin: '' });
  t.is(withModel.code, 2);
  t.regex(withModel.stderr, /WD5015/);
  const dir = mkdtempSync(join(tmpdir(), 'warden-empty-'));
  const emptyDir = await runCli(['check', dir], { env });
  t.is(emptyDir.code, 2);
  t.regex(emptyDir.stderr, /WD5015: no Kubernetes resource/);
});

test('stdin works without a model (helm template | warden check -)', async (t) => {
  const stdin = readFileSync(`${SHOP}/shop.yaml`, 'utf8');
  const { code, report } = await json(['-'], stdin);
  t.is(code, 1);
  t.true(report.findings.some((f) => f.check === 'K8S-028' && f.location?.file === '<stdin>' && f.location.line === 22));
});

test('warden init --from writes a formatted, valid model; check with it reports the same hardening findings', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-init-from-'));
  const model = join(dir, 'model.warden');
  const init = await runCli(['init', '--from', SHOP, '-o', model], { env });
  t.is(init.code, 0, init.stderr);
  t.regex(init.stdout, /created .*model\.warden: 11 elements, 3 boundaries, 6 flows \(profile baseline\)/);
  const text = readFileSync(model, 'utf8');
  t.regex(text, /statefulWorkload Mongodb "StatefulSet mongodb" \{\n\s+workload "statefulset\/mongodb"/);
  t.regex(text, /boundary ShopNamespace "namespace shop" \{\n\s+namespace "shop"/);
  t.regex(text, /flow Clients -> StoreFront "through LoadBalancer Service store-front"/);
  t.regex(text, /flow Clients -> StoreAdmin "through Ingress store-admin"/);
  t.regex(text, /flow OrderService -> Rabbitmq\n/);
  t.regex(text, /workload StoreFront "Deployment store-front" \{\n\s+workload "deployment\/store-front"\n\s+exposure internet/);
  t.is((await runCli(['fmt', '--check', model], { env })).code, 0, 'formatted');
  t.is((await runCli(['validate', model], { env })).code, 0, 'valid');
  t.is((await runCli(['init', '--from', SHOP, '-o', model], { env })).code, 2, 'never overwrites');
  const piped = await runCli(['init', '--from', '-', '-o', join(dir, 'piped.warden')], { env, stdin: readFileSync(`${SHOP}/shop.yaml`, 'utf8') });
  t.is(piped.code, 0, piped.stderr);
  t.regex(readFileSync(join(dir, 'piped.warden'), 'utf8'), /^\/\/ {3}<stdin>$/m);
  const emptyPipe = await runCli(['init', '--from', '-', '-o', join(dir, 'empty.warden')], { env, stdin: '' });
  t.is(emptyPipe.code, 2);
  t.regex(emptyPipe.stderr, /WD5015/);
  t.false(existsSync(join(dir, 'empty.warden')));

  const key = (f: Finding) => `${f.check} ${f.location?.file}:${f.location?.line}:${f.location?.column} ${f.message}`;
  const modelless = (await json([SHOP])).report.findings.map(key).sort();
  const withModel = await runCli(['check', model, SHOP, '--format', 'json'], { env });
  t.is(withModel.code, 1, withModel.stderr);
  const modelled = (JSON.parse(withModel.stdout) as CheckReport).findings;
  t.deepEqual(modelled.filter((f) => f.family === 'library').map(key).sort(), modelless);
  // With the model, the findings trace to model lines that exist, and drift checks run.
  for (const f of modelled) t.true(f.model !== undefined && f.model.line > 0);
  t.true(modelled.some((f) => f.family === 'drift'));
});

test('the written model: unique ids, namespace-less workloads in the cluster boundary, empty namespaces get an element', async (t) => {
  const set = await loadManifests([`${FIX}/edge`, `${FIX}/clean`]);
  const text = modelFromManifests(set.value.resources, { controls: ['nonRoot'], profile: 'baseline' });
  const checked = checkSource('edge.warden', text);
  t.truthy(checked.value, checked.diagnostics.map((d) => d.message).join('; '));
  const ids = checked.value!.elements.map((e) => e.id).sort();
  t.deepEqual(ids, ['Api', 'ConfigOnlyObjects', 'Debug']);
  t.is(checked.value!.elements.find((e) => e.id === 'Debug')!.boundary, 'Cluster');
  t.is(checked.value!.elements.find((e) => e.id === 'ConfigOnlyObjects')!.kind, 'namespace');
});

test('the written model: exposure and flows from Services, Ingresses and env values; ids stay unique', async (t) => {
  const set = await loadManifests([`${FIX}/links`]);
  const text = modelFromManifests(set.value.resources, { controls: ['nonRoot'], profile: 'baseline' });
  const checked = checkSource('links.warden', text);
  t.truthy(checked.value, checked.diagnostics.map((d) => d.message).join('; '));
  const flows = checked.value!.flows.map((f) => `${f.from} -> ${f.to} ${f.title ?? ''}`.trim());
  t.deepEqual(flows, [
    'Clients -> Web through LoadBalancer Service web',
    'Clients -> Web through NodePort Service web-internal',
    'Clients -> Web through Ingress web',
    'R9lives -> Web R9lives->Web', // an untitled flow's title is its id
  ]);
  t.regex(text, /flow Clients -> Web "through Ingress web" \{ protocol https \}/);
  t.deepEqual(checked.value!.elements.map((e) => e.id).sort(), ['Clients', 'R9lives', 'R9livesDeployment', 'Web']);
});

test('a control declares its profile: baseline or restricted, checked like any enum', (t) => {
  const ok = checkSource('p.warden', 'model "p"\ncontrol mine "Mine" { policies ["K8S-010"]  phase deploy  profile restricted }\n');
  t.is(ok.value?.controls.find((c) => c.id === 'mine')?.profile, 'restricted');
  const bad = checkSource('p.warden', 'model "p"\ncontrol mine "Mine" { policies ["K8S-010"]  phase deploy  profile strict }\n');
  t.true(bad.diagnostics.some((d) => d.code === 'WD2005' && /"strict" is not a valid profile/.test(d.message)));
});

test('runCheck API: profile instead of a model', async (t) => {
  const r = await runCheck({ manifests: [`${FIX}/clean`], profile: 'baseline', cwd: resolve('.') });
  t.is(r.value?.summary.failing, 0);
  t.is(r.value?.modelless?.profile, 'baseline');
});

// The built CLI, as `npx warden check k8s/` runs it (needs `npm run build`; `npm test` builds first).
test('built CLI: warden check <dir> with no model', async (t) => {
  if (!existsSync('dist/cli/main.js')) {
    t.log('dist/ not built: run npm run build');
    t.pass();
    return;
  }
  const run = promisify(execFile);
  const err = await run(process.execPath, ['bin/warden.js', 'check', SHOP], { env: { ...process.env, NO_COLOR: '1', ...env } }).catch((e: { code: number; stdout: string; stderr: string }) => e);
  t.is((err as { code: number }).code, 1);
  t.regex((err as { stdout: string }).stdout, /^No model given: the "baseline" profile/);
  t.regex((err as { stdout: string }).stdout, /shop\.yaml {2}Deployment shop\/store-front\n {2}19:5 /);
});

test('profiles in the DSL: controls [profile(restricted)] is the profile\'s controls, with their defaults', (t) => {
  const src = (controls: string) => `model "p"\nuse "warden/kubernetes"\nboundary B { namespace "shop"\n  workload Api { workload "deployment/api"  controls [${controls}] }\n}\n`;
  for (const profile of ['baseline', 'restricted', 'all'] as const) {
    const m = checkSource('p.warden', src(`profile(${profile})`));
    t.truthy(m.value, m.diagnostics.map((d) => d.message).join('; '));
    const uses = m.value!.elements[0]!.controls;
    t.deepEqual(uses.map((u) => u.control), profileControls(profile).map((c) => c.id), profile);
    t.true(uses.every((u) => u.source.line === 4));
  }
  const restricted = checkSource('p.warden', src('profile(restricted)')).value!.elements[0]!.controls;
  t.deepEqual(restricted.find((u) => u.control === 'highUserIds')?.args.map((a) => (a.type === 'number' ? a.value : null)), [10000, 10000]);
  // A control listed by name keeps its own arguments, with no "listed twice" warning.
  const narrowed = checkSource('p.warden', src('profile(all), trustedRegistry("registry.shop.example")'));
  t.deepEqual(narrowed.diagnostics.filter((d) => d.severity !== 'info'), []);
  const reg = narrowed.value!.elements[0]!.controls.filter((u) => u.control === 'trustedRegistry');
  t.is(reg.length, 1);
  t.deepEqual(reg[0]!.args, [{ type: 'list', items: [{ type: 'string', value: 'registry.shop.example' }] }]);
  // A wrong profile name is a located error with a suggestion.
  const bad = checkSource('p.warden', src('profile(restricte)'));
  const err = bad.diagnostics.find((d) => d.code === 'WD2015');
  t.truthy(err);
  t.deepEqual([err!.span.line, err!.span.column], [4, 63]);
  t.regex(err!.hint ?? '', /restricted/);
  t.truthy(checkSource('p.warden', src('profile("baseline")')).value, 'a string name works too');
});
