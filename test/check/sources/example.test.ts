// The example's pipeline (examples/aks-devsecops/pipeline): its clean workflows, Dockerfile and ARM
// template pass, and its violations set trips every check of policies/pipeline exactly once, at the
// line below the `# expect: <ids>` comment that names it (the line of the offending value in the
// ARM template), traced to the model element that applied the control.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';

const DIR = 'examples/aks-devsecops/pipeline';
const MODEL = `${DIR}/model.warden`;

/** `check file:line` for each `# expect:` comment: the next line that is not a comment. */
function expected(dir: string): string[] {
  const out: string[] = [];
  const files = ['Dockerfile', ...readdirSync(join(dir, '.github/workflows')).map((f) => `.github/workflows/${f}`)];
  for (const f of files) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n');
    lines.forEach((l, i) => {
      const m = /^\s*# expect: (.*)$/.exec(l);
      if (!m) return;
      let k = i + 1;
      while (/^\s*#/.test(lines[k] ?? '')) k++;
      for (const id of m[1].trim().split(/\s+/)) out.push(`${id} ${dir}/${f}:${k + 1}`);
    });
  }
  // JSON has no comments: the ARM template's violations are the lines with these values.
  const infra = readFileSync(join(dir, 'infra/main.json'), 'utf8').split('\n');
  for (const [id, text] of [['AZ-001', '"enablePurgeProtection": false'], ['AZ-002', '"publicNetworkAccess": "Enabled"'], ['AZ-003', '"adminUserEnabled": true'], ['AZ-004', '"disableLocalAccounts": false'], ['AZ-005', '"enablePrivateCluster": false']]) {
    // each also contradicts a claim of the model (Vault, Acr, Aks bound by implementedBy)
    for (const check of [id, 'WD-DRIFT-020']) out.push(`${check} ${dir}/infra/main.json:${infra.findIndex((l) => l.includes(text!)) + 1}`);
  }
  return out.sort();
}

/** The element each check's control is applied to in the pipeline model. */
function elementOf(check: string): string {
  if (check.startsWith('DKR-') || check === 'AZ-003') return 'Acr';
  if (check === 'AZ-001' || check === 'AZ-002') return 'Vault';
  if (check.startsWith('AZ-')) return 'Aks';
  return 'CI';
}

interface F { check: string; location: { file: string; line: number }; element?: string; model?: { file: string }; threats: string[] }

test('clean: the workflows and the Dockerfile pass every check', async (t) => {
  const r = await runCli(['check', MODEL, `${DIR}/clean`, '--format', 'json']);
  const report = JSON.parse(r.stdout || '{}');
  t.deepEqual((report.findings ?? []).map((f: F & { message: string }) => `${f.check} ${f.message}`), []);
  t.is(r.code, 0, r.stderr);
  t.is(report.summary.resources, 5);
  t.deepEqual(report.files, [`${DIR}/clean/.github/workflows/ci.yml`, `${DIR}/clean/.github/workflows/deploy.yml`, `${DIR}/clean/.github/workflows/pr-triage.yml`, `${DIR}/clean/Dockerfile`, `${DIR}/clean/infra/main.json`]);
});

test('violations: each check once, at the line its expect comment names, traced to the model', async (t) => {
  const r = await runCli(['check', MODEL, `${DIR}/violations`, '--format', 'json']);
  t.is(r.code, 1, r.stderr);
  const findings = JSON.parse(r.stdout).findings as F[];
  t.deepEqual(findings.map((f) => `${f.check} ${f.location.file}:${f.location.line}`).sort(), expected(`${DIR}/violations`));
  const checks = readdirSync('policies/pipeline').filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'));
  t.is(new Set(findings.map((f) => f.check).filter((c) => !c.startsWith('WD-'))).size, checks.length, 'every pipeline check is tripped');
  for (const f of findings) {
    if (f.check !== 'WD-DRIFT-020') t.is(f.element, elementOf(f.check), f.check);
    t.is(f.model?.file, MODEL);
    t.true(f.threats.length > 0, f.check);
  }
});

test('SARIF of the violations: one result per finding, located in the workflow or Dockerfile', async (t) => {
  const r = await runCli(['check', MODEL, `${DIR}/violations`, '--format', 'sarif']);
  const sarif = JSON.parse(r.stdout);
  const results = sarif.runs[0].results as Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
  t.is(results.length, expected(`${DIR}/violations`).length);
  for (const res of results) t.regex(res.locations[0]!.physicalLocation.artifactLocation.uri, /(\.github\/workflows\/[a-z-]+\.yml|Dockerfile|infra\/main\.json)$/);
});

/** The model line stating a claim (each claimed attribute appears once in the pipeline model). */
function claim(attr: string): number {
  const lines = readFileSync(MODEL, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.trim().startsWith(`${attr} `));
  if (at < 0 || lines.findIndex((l, i) => i > at && l.trim().startsWith(`${attr} `)) >= 0) throw new Error(`${attr} must be stated once in ${MODEL}`);
  return at + 1;
}

test('drift: a contradicted claim is a finding at the file line and the claim line, traced to the threats it ruled out', async (t) => {
  const r = await runCli(['check', MODEL, `${DIR}/violations`, '--format', 'json']);
  const drift = (JSON.parse(r.stdout).findings as Array<F & { message: string }>).filter((f) => f.check === 'WD-DRIFT-020');
  t.deepEqual(
    drift.map((f) => [f.location.file.replace(`${DIR}/violations/`, ''), f.location.line, f.element, f.model?.file, (f.model as { line: number }).line, f.threats.length]),
    [
      ['.github/workflows/ci.yml', 15, 'CI', MODEL, claim('pinnedActions'), 1],
      ['.github/workflows/deploy.yml', 16, 'CI', MODEL, claim('oidcFederation'), 1],
      ['infra/main.json', 15, 'Vault', MODEL, claim('purgeProtection'), 1],
      ['infra/main.json', 16, 'Vault', MODEL, claim('publicNetworkAccess'), 1],
      ['infra/main.json', 26, 'Acr', MODEL, claim('adminUser'), 1],
      ['infra/main.json', 37, 'Aks', MODEL, claim('localAccounts'), 1],
      ['infra/main.json', 39, 'Aks', MODEL, claim('privateCluster'), 1],
    ],
  );
  t.regex(drift[0]!.message, /^pipeline CI states pinnedActions true, but job test uses actions\/setup-node@v4/);
  t.regex(drift[1]!.message, /^pipeline CI states oidcFederation true, but job deploy logs in with azure\/login using a stored credential/);
  t.regex(drift[4]!.message, /^containerRegistry Acr states adminUser false, but container registry contoso enables the admin user$/);
});

test('drift: claims of elements with no bound file are reported as unverifiable (info), only for the kinds of file read', async (t) => {
  const main = 'examples/aks-devsecops/model.warden';
  const r = await runCli(['check', main, 'examples/aks-devsecops/manifests/clean', `${DIR}/clean`, '--format', 'json']);
  t.is(r.code, 0, r.stderr);
  const findings = JSON.parse(r.stdout).findings as Array<F & { message: string; severity: string }>;
  t.deepEqual(
    findings.map((f) => [f.check, f.severity, f.element, (f.model as { line: number }).line, f.threats.length, f.location === undefined]),
    [
      ['WD-DRIFT-021', 'info', 'CI', 51, 1, true],
      ['WD-DRIFT-021', 'info', 'CI', 53, 1, true],
      ['WD-DRIFT-021', 'info', 'Acr', 74, 1, true],
      ['WD-DRIFT-021', 'info', 'Vault', 83, 1, true],
      ['WD-DRIFT-021', 'info', 'Vault', 86, 1, true],
      ['WD-DRIFT-021', 'info', 'Aks', 129, 1, true],
      ['WD-DRIFT-021', 'info', 'Aks', 130, 1, true],
    ],
  );
  t.regex(findings[0]!.message, /^pipeline CI states oidcFederation true, which was not verified: it has no `workflow` binding$/);
  t.regex(findings[2]!.message, /^containerRegistry Acr states adminUser false, which was not verified: it has no `implementedBy` binding$/);
  const workflowsOnly = await runCli(['check', main, 'examples/aks-devsecops/manifests/clean', `${DIR}/clean/.github`, '--format', 'json']);
  t.deepEqual((JSON.parse(workflowsOnly.stdout).findings as F[]).map((f) => f.element), ['CI', 'CI']);
  const manifestsOnly = await runCli(['check', main, 'examples/aks-devsecops/manifests/clean', '--format', 'json']);
  t.deepEqual(JSON.parse(manifestsOnly.stdout).findings, []);
});
