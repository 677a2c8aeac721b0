// `warden threats`, `warden diff` and `warden checklist`, run in-process on models in a temp dir.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const MODEL = `model "Shop" { owner "team" }
boundary Internet { trust untrusted }
boundary Azure { trust high
  boundary Apps { namespace "shop" }
}
data Orders "Orders" { classification confidential }
user Customer in Internet { authn oidc }
workload Api "Shop API" in Apps { workload "deployment/api"  runAsNonRoot true  controls [nonRoot] }
store Db "Orders DB" in Azure { stores [Orders]  encryptedAtRest true }
flow Checkout: Customer -> Api { protocol https  authn oidc  carries [Orders] }
flow Save: Api -> Db { protocol tls  authn managedIdentity }
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-threats-cli-'));
  writeFileSync(join(dir, 'package.json'), '{}\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const TODAY = ['--today', '2026-01-01'];

test('threats prints the register and exits 0 without --fail-on', async (t) => {
  const cwd = project({ 'model.warden': MODEL });
  const r = await runCli(['threats', 'model.warden', ...TODAY], { cwd });
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^Threat register: Shop \(model\.warden\), as of 2026-01-01/);
  t.regex(r.stdout, /model\.warden:8:1: TH-[0-9a-f]{8} \w+ \w+ .* on Api \[/);
});

test('--fail-on: exit 1 when an outstanding threat is at or above the level', async (t) => {
  const cwd = project({ 'model.warden': MODEL });
  const json = JSON.parse((await runCli(['threats', 'model.warden', '-f', 'json', ...TODAY], { cwd })).stdout);
  const worst = ['critical', 'high', 'medium', 'low'].find((s) => json.summary.outstanding[s] > 0)!;
  const low = await runCli(['threats', 'model.warden', '--fail-on', 'low', ...TODAY], { cwd });
  t.is(low.code, 1);
  t.regex(low.stderr, /outstanding threats? at or above low/);
  const atWorst = await runCli(['threats', 'model.warden', '--fail-on', worst as string, ...TODAY], { cwd });
  t.is(atWorst.code, 1);
  if (worst !== 'critical') {
    const above = await runCli(['threats', 'model.warden', '--fail-on', 'critical', ...TODAY], { cwd });
    t.is(above.code, 0, above.stderr);
  }
});

test('an expired acceptance fails the run and is reported as WD3021', async (t) => {
  const cwd = project({ 'model.warden': MODEL + 'accept Db.repudiation owner "dba" until 2025-12-31 because "logs elsewhere"\n' });
  const r = await runCli(['threats', 'model.warden', ...TODAY], { cwd });
  t.is(r.code, 1);
  t.regex(r.stderr, /model\.warden:12:1: error WD3021: acceptance of Db\.repudiation expired on 2025-12-31/);
  t.regex(r.stdout, /accepted \(EXPIRED\)/);
  const ok = await runCli(['threats', 'model.warden', '--today', '2025-12-31'], { cwd });
  t.is(ok.code, 0, ok.stderr);
});

test('threats -f json|sarif|csv|md, and -o writes a file', async (t) => {
  const cwd = project({ 'model.warden': MODEL });
  const out = await runCli(['threats', 'model.warden', '-f', 'json', '-o', 'out/register.json', ...TODAY], { cwd });
  t.is(out.code, 0, out.stderr);
  t.is(out.stdout, '');
  const json = JSON.parse(readFileSync(join(cwd, 'out', 'register.json'), 'utf8'));
  t.is(json.model, 'Shop');
  t.true(json.threats.length > 10);
  const sarif = JSON.parse((await runCli(['threats', 'model.warden', '-f', 'sarif', ...TODAY], { cwd })).stdout);
  t.is(sarif.version, '2.1.0');
  t.is(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'model.warden');
  const csv = (await runCli(['threats', 'model.warden', '-f', 'csv', ...TODAY], { cwd })).stdout;
  t.true(csv.startsWith('id,status,severity,category,rule,'));
  const md = (await runCli(['threats', 'model.warden', '-f', 'md', ...TODAY], { cwd })).stdout;
  t.true(md.startsWith('# Threat register: Shop'));
});

test('usage and input errors exit 2; model errors exit 1', async (t) => {
  const cwd = project({ 'model.warden': MODEL, 'broken.warden': 'model "B" { owner "x" }\nprocess P in Nowhere\n' });
  t.is((await runCli(['threats', 'missing.warden'], { cwd })).code, 2);
  t.is((await runCli(['threats', 'model.warden', '--today', 'tomorrow'], { cwd })).code, 2);
  t.is((await runCli(['threats', 'model.warden', '-f', 'pdf'], { cwd })).code, 2);
  t.is((await runCli(['threats'], { cwd })).code, 2);
  const broken = await runCli(['threats', 'broken.warden'], { cwd });
  t.is(broken.code, 1);
  t.regex(broken.stderr, /broken\.warden:2:\d+: error WD2/);
  t.notRegex(broken.stderr, /at .*\.ts:\d+/);
});

const CHANGED = MODEL.replace('runAsNonRoot true', 'runAsNonRoot true  readOnlyRootFilesystem true') + 'process Worker in Azure\nmitigate Customer.spoofing by mfa "MFA at the IdP"\n';

test('diff: added, removed and changed threats between two files', async (t) => {
  const cwd = project({ 'old.warden': MODEL, 'new.warden': CHANGED });
  const r = await runCli(['diff', 'old.warden', 'new.warden', '-f', 'json', ...TODAY], { cwd });
  t.is(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  t.true(d.added.length >= 6, 'the new Worker process brings at least its six baseline threats');
  t.true(d.added.every((x: { target: { id: string } }) => x.target.id === 'Worker'));
  t.deepEqual(d.removed.map((x: { rule: string }) => x.rule), ['WritableRootFilesystem']);
  t.deepEqual(
    d.changed.map((c: { target: { id: string }; category: string; before: { status: string }; after: { status: string } }) => [c.target.id, c.category, c.before.status, c.after.status]),
    [['Customer', 'spoofing', 'open', 'mitigated']],
  );
  const text = await runCli(['diff', 'old.warden', 'new.warden', ...TODAY], { cwd });
  t.regex(text.stdout, /^\+ TH-[0-9a-f]{8} .* Worker /m);
  t.regex(text.stdout, /^- TH-[0-9a-f]{8} .* Api \[WritableRootFilesystem\]/m);
  t.regex(text.stdout, /^~ TH-[0-9a-f]{8} Customer .*: open, \w+ -> mitigated, \w+$/m);
  const md = await runCli(['diff', 'old.warden', 'new.warden', '-f', 'md', ...TODAY], { cwd });
  t.regex(md.stdout, /### Added/);
  const gate = await runCli(['diff', 'old.warden', 'new.warden', '--fail-on', 'low', ...TODAY], { cwd });
  t.is(gate.code, 1);
});

test('diff reads git revisions: REV:path against the working tree', async (t) => {
  const cwd = project({ 'model.warden': MODEL });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'first');
  writeFileSync(join(cwd, 'model.warden'), CHANGED);
  const viaGit = await runCli(['diff', 'HEAD:model.warden', 'model.warden', '-f', 'json', ...TODAY], { cwd });
  t.is(viaGit.code, 0, viaGit.stderr);
  writeFileSync(join(cwd, 'old.warden'), MODEL);
  const viaFiles = await runCli(['diff', 'old.warden', 'model.warden', '-f', 'json', ...TODAY], { cwd });
  const a = JSON.parse(viaGit.stdout);
  const b = JSON.parse(viaFiles.stdout);
  t.deepEqual(a.summary, b.summary);
  t.deepEqual(a.added.map((x: { id: string }) => x.id), b.added.map((x: { id: string }) => x.id));
  t.is(a.old.file, 'HEAD:model.warden');
  const bad = await runCli(['diff', 'NOPE:model.warden', 'model.warden'], { cwd });
  t.is(bad.code, 2);
  t.regex(bad.stderr, /unknown git revision "NOPE"/);
  const missing = await runCli(['diff', 'HEAD:other.warden', 'model.warden'], { cwd });
  t.is(missing.code, 2);
  t.false(existsSync(join(cwd, 'HEAD')));
});

test('checklist: per phase, items from open threats, policies named', async (t) => {
  const cwd = project({ 'model.warden': MODEL });
  const all = await runCli(['checklist', 'model.warden', ...TODAY], { cwd });
  t.is(all.code, 0, all.stderr);
  for (const p of ['Plan', 'Develop', 'Build', 'Deploy', 'Operate']) t.regex(all.stdout, new RegExp(`^## ${p}$`, 'm'));
  const deploy = await runCli(['checklist', 'model.warden', '--phase', 'deploy', ...TODAY], { cwd });
  t.notRegex(deploy.stdout, /^## Plan$/m);
  t.regex(deploy.stdout, /^- \[ \] Apply `resourceLimits` \(Resource limits\) to `Api` \(\w+; enforced by policies `K8S-032`, `K8S-034`\)$/m);
  // nonRoot is applied to Api, so WorkloadRunsAsRoot does not fire and nonRoot is no item.
  t.notRegex(all.stdout, /Apply `nonRoot`/);
  t.regex(all.stdout, /not enforced by a policy: verify by review/);
});

test('threats reads a resolved-model JSON export and gives the same register', async (t) => {
  const cwd = project({ 'model.warden': MODEL });
  const { loadModel } = await import('../../src/dsl/index.js');
  const loaded = loadModel(join(cwd, 'model.warden'), { cwd });
  writeFileSync(join(cwd, 'model.json'), JSON.stringify(loaded.value));
  const fromJson = JSON.parse((await runCli(['threats', 'model.json', '-f', 'json', ...TODAY], { cwd })).stdout);
  const fromDsl = JSON.parse((await runCli(['threats', 'model.warden', '-f', 'json', ...TODAY], { cwd })).stdout);
  t.deepEqual(fromJson.threats.map((x: { id: string; status: string }) => [x.id, x.status]), fromDsl.threats.map((x: { id: string; status: string }) => [x.id, x.status]));
  writeFileSync(join(cwd, 'other.json'), '{"hello": 1}');
  t.is((await runCli(['threats', 'other.json'], { cwd })).code, 2);
});

test('a revision that looks like an option is refused', async (t) => {
  const cwd = project({ 'model.warden': MODEL });
  const r = await runCli(['diff', '--', '-x:model.warden', 'model.warden'], { cwd });
  t.is(r.code, 2);
  t.regex(r.stderr, /is not a git revision/);
});

test('--no-generic hides baseline threats from the report, not from --fail-on', async (t) => {
  const cwd = project({ 'model.warden': MODEL });
  const all = await runCli(['threats', 'model.warden', '--format', 'json', ...TODAY], { cwd });
  const some = await runCli(['threats', 'model.warden', '--format', 'json', '--no-generic', ...TODAY], { cwd });
  const a = JSON.parse(all.stdout);
  const s = JSON.parse(some.stdout);
  t.true(a.threats.some((x: { generic: boolean }) => x.generic));
  t.false(s.threats.some((x: { generic: boolean }) => x.generic));
  t.is(s.threats.length, a.threats.length - a.summary.generic);
  const text = await runCli(['threats', 'model.warden', ...TODAY], { cwd });
  t.regex(text.stdout, /\[stride\.\w+, generic\]/);
});

test('validate --against warns where a decision now covers a changed threat (WD3036)', async (t) => {
  const base = `model "M" { owner "t" }
boundary Internet { trust untrusted }
boundary Dmz { trust medium }
user Visitor in Internet
process Web "Comment site" in Dmz { exposure internet }
flow Visitor -> Web "User enters comments" { protocol https }
`;
  const cwd = project({ 'v0.warden': base });
  const reg = JSON.parse((await runCli(['threats', 'v0.warden', '--format', 'json', ...TODAY], { cwd })).stdout);
  const id = reg.threats.find((x: { target: { id: string }; category: string }) => x.target.id === 'Web' && x.category === 'tampering').id;
  const v1 = `${base}accept ${id} owner "web" until 2027-01-01 because "only moderators post"\n`;
  writeFileSync(join(cwd, 'v1.warden'), v1);
  writeFileSync(join(cwd, 'v2.warden'), v1.replace('process Web "Comment site" in Dmz', 'process Web "Comment site" in Internet'));
  const same = await runCli(['validate', 'v1.warden', '--against', 'v1.warden', ...TODAY], { cwd });
  t.is(same.code, 0);
  t.notRegex(same.stderr, /WD3036/);
  const moved = await runCli(['validate', 'v2.warden', '--against', 'v1.warden', ...TODAY], { cwd });
  t.is(moved.code, 0, 'a warning, not an error');
  t.regex(moved.stderr, /v2\.warden:7:1: warning WD3036: the decision on TH-[0-9a-f]{8}/);
  const diff = await runCli(['diff', 'v1.warden', 'v2.warden', ...TODAY], { cwd });
  t.regex(diff.stdout, new RegExp(`~ ${id} .*decided on [0-9a-f]{8}, now [0-9a-f]{8}: review the decision`));
  t.is((await runCli(['validate', 'v1.warden', 'v2.warden', '--against', 'v1.warden'], { cwd })).code, 2);
});
