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

/** The Azure checks of the violations set: [check, claim attribute, ARM resource, offending text]. */
const AZURE: ReadonlyArray<readonly [string, string, string, string]> = [
  ['AZ-001', 'purgeProtection', 'kv-payments', '"enablePurgeProtection": false'],
  ['AZ-002', 'publicNetworkAccess', 'kv-payments', '"publicNetworkAccess": "Enabled"'],
  ['AZ-006', 'rbacAuthorization', 'kv-payments', '"enableRbacAuthorization": false'],
  ['AZ-007', 'softDelete', 'kv-payments', '"enableSoftDelete": false'],
  ['AZ-003', 'adminUser', 'contoso', '"adminUserEnabled": true'],
  ['AZ-008', 'publicNetworkAccess', 'contoso', '"publicNetworkAccess": "Enabled"'],
  ['AZ-009', 'contentTrust', 'contoso', '"status": "disabled"'],
  ['AZ-004', 'localAccounts', 'aks-payments', '"disableLocalAccounts": false'],
  ['AZ-005', 'privateCluster', 'aks-payments', '"enablePrivateCluster": false'],
  ['AZ-010', 'azureRbac', 'aks-payments', '"enableAzureRBAC": false'],
  ['AZ-011', 'networkPolicy', 'aks-payments', '"networkPolicy": "none"'],
  ['AZ-012', 'defender', 'aks-payments', '"securityMonitoring": { "enabled": false }'],
  ['AZ-013', 'wafMode', 'agw-payments', '"firewallMode": "Detection"'],
  ['AZ-014', 'tlsPolicy', 'agw-payments', '"policyName": "AppGwSslPolicy20150501"'],
  ['AZ-015', 'localAuth', 'cosmos-payments', '"disableLocalAuth": false'],
  ['AZ-016', 'publicNetworkAccess', 'cosmos-payments', '"publicNetworkAccess": "Enabled"'],
];

/** The element of the pipeline model bound to each ARM resource. */
const ELEMENT_OF_RESOURCE: Record<string, string> = { 'kv-payments': 'Vault', contoso: 'Acr', 'aks-payments': 'Aks', 'agw-payments': 'Gateway', 'cosmos-payments': 'Ledger' };

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
  // JSON has no comments: the ARM template's violations are the lines with these values, in the
  // resource of that name; each also contradicts a claim of the model (implementedBy bindings).
  const infra = readFileSync(join(dir, 'infra/main.json'), 'utf8').split('\n');
  for (const [id, , resource, text] of AZURE) {
    const from = infra.findIndex((l) => l.includes(`"name": "${resource}"`));
    const at = infra.findIndex((l, i) => i > from && l.includes(text));
    for (const check of [id, 'WD-DRIFT-020']) out.push(`${check} ${dir}/infra/main.json:${at + 1}`);
  }
  return out.sort();
}

/** The element each check's control is applied to in the pipeline model. */
function elementOf(check: string): string {
  if (check.startsWith('DKR-')) return 'Acr';
  const azure = AZURE.find(([id]) => id === check);
  return azure ? ELEMENT_OF_RESOURCE[azure[2]]! : 'CI';
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
    if (f.check !== 'WD-DRIFT-020') t.true(f.threats.length > 0, f.check);
  }
});

test('SARIF of the violations: one result per finding, located in the workflow or Dockerfile', async (t) => {
  const r = await runCli(['check', MODEL, `${DIR}/violations`, '--format', 'sarif']);
  const sarif = JSON.parse(r.stdout);
  const results = sarif.runs[0].results as Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
  t.is(results.length, expected(`${DIR}/violations`).length);
  for (const res of results) t.regex(res.locations[0]!.physicalLocation.artifactLocation.uri, /(\.github\/workflows\/[a-z-]+\.yml|Dockerfile|infra\/main\.json)$/);
});

/** The model line stating a claim: `attr` inside the declaration of `element` in the pipeline model. */
function claim(attr: string, element: string): number {
  const lines = readFileSync(MODEL, 'utf8').split('\n');
  const from = lines.findIndex((l) => new RegExp(`^\\s*\\w+ ${element} `).test(l));
  const at = lines.findIndex((l, i) => i > from && l.trim().startsWith(`${attr} `));
  if (from < 0 || at < 0) throw new Error(`${element} states no ${attr} in ${MODEL}`);
  return at + 1;
}

test('drift: a contradicted claim is a finding at the file line and the claim line, traced to the threats it ruled out', async (t) => {
  const r = await runCli(['check', MODEL, `${DIR}/violations`, '--format', 'json']);
  const drift = (JSON.parse(r.stdout).findings as Array<F & { message: string }>).filter((f) => f.check === 'WD-DRIFT-020');
  const infra = readFileSync(`${DIR}/violations/infra/main.json`, 'utf8').split('\n');
  const line = (resource: string, text: string) => {
    const from = infra.findIndex((l) => l.includes(`"name": "${resource}"`));
    return infra.findIndex((l, i) => i > from && l.includes(text)) + 1;
  };
  t.deepEqual(
    drift.map((f) => [f.location.file.replace(`${DIR}/violations/`, ''), f.location.line, f.element, f.model?.file, (f.model as { line: number }).line]),
    [
      ['.github/workflows/ci.yml', 15, 'CI', MODEL, claim('pinnedActions', 'CI')],
      ['.github/workflows/deploy.yml', 16, 'CI', MODEL, claim('oidcFederation', 'CI')],
      ...AZURE.map(([, attr, resource, text]) => ['infra/main.json', line(resource, text), ELEMENT_OF_RESOURCE[resource], MODEL, claim(attr, ELEMENT_OF_RESOURCE[resource]!)] as const).sort((a, b) => a[1] - b[1]),
    ],
  );
  // traced to the threats the claim ruled out, where a threat rule names the attribute
  const ruledOut = Object.fromEntries(drift.map((f) => [`${f.element}.${/states (\w+)/.exec(f.message)![1]}`, f.threats.length]));
  t.is(Object.keys(ruledOut).length, 18);
  for (const [claimed, n] of Object.entries(ruledOut)) t.is(n, 1, claimed);
  t.regex(drift[0]!.message, /^pipeline CI states pinnedActions true, but job test uses actions\/setup-node@v4/);
  t.regex(drift[1]!.message, /^pipeline CI states oidcFederation true, but job deploy logs in with azure\/login using a stored credential/);
  t.truthy(drift.find((f) => /^containerRegistry Acr states adminUser false, but container registry contoso enables the admin user$/.test(f.message)));
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
      ['WD-DRIFT-021', 'info', 'Acr', 75, 1, true],
      ['WD-DRIFT-021', 'info', 'Vault', 83, 1, true],
      ['WD-DRIFT-021', 'info', 'Vault', 84, 1, true],
      ['WD-DRIFT-021', 'info', 'Vault', 85, 1, true],
      ['WD-DRIFT-021', 'info', 'Vault', 86, 1, true],
      ['WD-DRIFT-021', 'info', 'Ledger', 96, 1, true],
      ['WD-DRIFT-021', 'info', 'Ledger', 97, 1, true],
      ['WD-DRIFT-021', 'info', 'Gateway', 119, 1, true],
      ['WD-DRIFT-021', 'info', 'Gateway', 120, 1, true],
      ['WD-DRIFT-021', 'info', 'Aks', 129, 1, true],
      ['WD-DRIFT-021', 'info', 'Aks', 130, 1, true],
      ['WD-DRIFT-021', 'info', 'Aks', 131, 1, true],
      ['WD-DRIFT-021', 'info', 'Aks', 133, 1, true],
      ['WD-DRIFT-021', 'info', 'Aks', 135, 1, true],
    ],
  );
  t.regex(findings[0]!.message, /^pipeline CI states oidcFederation true, which was not verified: it has no `workflow` binding$/);
  t.regex(findings[2]!.message, /^containerRegistry Acr states adminUser false, which was not verified: it has no `implementedBy` binding$/);
  const workflowsOnly = await runCli(['check', main, 'examples/aks-devsecops/manifests/clean', `${DIR}/clean/.github`, '--format', 'json']);
  t.deepEqual((JSON.parse(workflowsOnly.stdout).findings as F[]).map((f) => f.element), ['CI', 'CI']);
  const manifestsOnly = await runCli(['check', main, 'examples/aks-devsecops/manifests/clean', '--format', 'json']);
  t.deepEqual(JSON.parse(manifestsOnly.stdout).findings, []);
});
