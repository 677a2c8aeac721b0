// `warden trace` and `warden export ts` end to end, in-process, on a small model written in the DSL.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { fixture } from './fixture.js';

const MODEL = `model "Trace test" { owner "me" }
boundary Internet { trust untrusted }
boundary Cloud { trust high
  boundary Payments { trust high }
}
actor Customer in Internet
process Api "Payments API" in Payments
store Ledger "Ledger" in Cloud
flow Customer -> Api { protocol https }
flow ApiToLedger: Api -> Ledger { protocol tls }
accept Ledger.repudiation owner "sec" until 2027-03-01 because "logs"
`;

const AUTH = `/**
 * @element Api
 * @boundary Payments
 */
import { createHash } from 'node:crypto';

/** @mitigates spoofing by oidcAuth tokens verified */
export function verifyToken(t: string) {
  return createHash('sha256').update(t).digest('hex');
}
`;

const REPO = `export class LedgerRepository {
  /** @mitigates Ledger.tampering by inputValidation parameterised */
  write() {}
  // @exposes Ledger.informationDisclosure severity high query results are not filtered by tenant
  read() {}
}
`;

const TODAY = ['--today', '2026-11-22'];

function project(extra: Record<string, string> = {}) {
  return fixture({ 'model.warden': MODEL, 'src/auth.ts': AUTH, 'src/repo.ts': REPO, ...extra });
}

test('text: threats linked to code, then the open ones', async (t) => {
  const cwd = project();
  const r = await runCli(['trace', 'model.warden', 'src', ...TODAY], { cwd });
  t.is(r.stderr, '');
  t.is(r.code, 0);
  const lines = r.stdout.split('\n');
  // Threat counts depend on the standard library's rules; the trace's own numbers do not.
  const head = /^Trace test: 5 annotations in 2 files; 2 threats mitigated in code, 0 accepted in code, 1 exposed; (\d+) of (\d+) open\.$/.exec(lines[0]);
  t.truthy(head, lines[0]);
  t.true(Number(head![1]) <= Number(head![2]) - 3);
  t.regex(r.stdout, /\n {2}TH-034903dd {2}Api\.spoofing {2}mitigated {2}.*\n {4}src\/auth\.ts:7 {2}function verifyToken {2}mitigates by oidcAuth: tokens verified\n/);
  t.regex(r.stdout, /\n {4}src\/repo\.ts:2 {2}method LedgerRepository\.write {2}mitigates by inputValidation: parameterised\n/);
  t.regex(r.stdout, new RegExp(`\nOpen threats \\(${head![1]}\\):\n`));
  // The exposed threat is open and listed with the most severe.
  t.regex(r.stdout, /high {6}Ledger\.informationDisclosure {2}Exposed in code: query results are not filtered by tenant/);
});

test('json: every annotation with the threats it resolved to, and the register with code evidence', async (t) => {
  const cwd = project();
  const r = await runCli(['trace', 'model.warden', 'src', '--format', 'json', ...TODAY], { cwd });
  t.is(r.code, 0);
  const out = JSON.parse(r.stdout);
  t.is(out.model, 'Trace test');
  t.deepEqual(
    out.annotations.map((a: { tag: string; file: string; line: number; threats: string[] }) => [a.tag, a.file, a.line, a.threats.length]),
    [
      ['element', 'src/auth.ts', 2, 0],
      ['boundary', 'src/auth.ts', 3, 0],
      ['mitigates', 'src/auth.ts', 7, 1],
      ['mitigates', 'src/repo.ts', 2, 1],
      ['exposes', 'src/repo.ts', 4, 1],
    ].filter((x) => x !== undefined),
  );
  const api = out.register.threats.find((x: { id: string }) => x.id === 'TH-034903dd');
  t.is(api.status, 'mitigated');
  t.deepEqual(api.evidence, [{ kind: 'code', file: 'src/auth.ts', line: 7, declaration: 'function verifyToken', control: 'oidcAuth', text: 'tokens verified' }]);
  t.deepEqual(out.diagnostics, []);
  t.is(out.summary.exposed, 1);
  // Same inputs, same bytes.
  t.is((await runCli(['trace', 'model.warden', 'src', '--format', 'json', ...TODAY], { cwd })).stdout, r.stdout);
});

test('unknown references are warnings; --fail-on-unknown makes them errors and exits 1', async (t) => {
  const cwd = project({ 'src/bad.ts': '// @mitigates Apii.spoofing\nexport const x = 1;\n' });
  const soft = await runCli(['trace', 'model.warden', 'src', ...TODAY], { cwd });
  t.is(soft.code, 0);
  t.regex(soft.stderr, /src\/bad\.ts:1:15: warning WD6003: unknown element or flow "Apii"\n {2}1 \| \/\/ @mitigates Apii\.spoofing\n {4}\| {15}\^{4}\n {2}hint: did you mean "Api"\?/);
  const hard = await runCli(['trace', 'model.warden', 'src', '--fail-on-unknown', ...TODAY], { cwd });
  t.is(hard.code, 1);
  t.regex(hard.stderr, /src\/bad\.ts:1:15: error WD6003/);
});

test('an expired acceptance in code fails the run', async (t) => {
  const cwd = project({ 'src/old.ts': '// @accepts Api.denialOfService owner ops until 2026-01-01 because the gateway limits\n' });
  const r = await runCli(['trace', 'model.warden', 'src', ...TODAY], { cwd });
  t.is(r.code, 1);
  t.regex(r.stderr, /error WD6012: the acceptance of TH-17fc8afc expired on 2026-01-01/);
});

test('md and sarif formats', async (t) => {
  const cwd = project();
  const md = await runCli(['trace', 'model.warden', 'src', '-f', 'md', ...TODAY], { cwd });
  t.is(md.code, 0);
  t.regex(md.stdout, /^# Code trace: Trace test\n/);
  t.regex(md.stdout, /\| TH-034903dd \| Api \| spoofing \| mitigated \| `src\/auth\.ts:7` function verifyToken: mitigates by oidcAuth: tokens verified \|/);
  const sarif = await runCli(['trace', 'model.warden', 'src', '-f', 'sarif', ...TODAY], { cwd: project({ 'src/bad.ts': '// @mitigates Api.spofing\n' }) });
  t.is(sarif.code, 0);
  const log = JSON.parse(sarif.stdout);
  t.is(log.version, '2.1.0');
  const results = log.runs[0].results as Array<{ ruleId: string; kind?: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
  const diag = results.find((x) => x.ruleId === 'WD6002')!;
  t.is(diag.level, 'warning');
  t.deepEqual(diag.locations[0].physicalLocation.artifactLocation.uri, 'src/bad.ts');
  const pass = results.filter((x) => x.kind === 'pass');
  t.deepEqual(
    pass.map((x) => x.locations[0].physicalLocation.artifactLocation.uri),
    ['src/auth.ts', 'src/repo.ts'],
  );
  // Open threats sit at their target's model line, under their rule's id.
  const open = results.filter((x) => !x.ruleId.startsWith('WD') && x.kind === undefined);
  t.true(open.length > 0);
  t.true(open.every((x) => x.locations[0].physicalLocation.artifactLocation.uri === 'model.warden' && ['error', 'warning', 'note'].includes(x.level)));
});

test('--tsconfig picks the files', async (t) => {
  const cwd = project({
    'tsconfig.json': JSON.stringify({ include: ['src/auth.ts'] }),
  });
  const r = await runCli(['trace', 'model.warden', '--tsconfig', 'tsconfig.json', '--format', 'json', ...TODAY], { cwd });
  t.is(r.code, 0);
  t.deepEqual([...new Set(JSON.parse(r.stdout).annotations.map((a: { file: string }) => a.file))], ['src/auth.ts']);
});

test('usage and input errors exit 2; model errors exit 1', async (t) => {
  const cwd = project();
  const noDirs = await runCli(['trace', 'model.warden'], { cwd });
  t.is(noDirs.code, 2);
  t.regex(noDirs.stderr, /needs at least one source directory/);
  t.is((await runCli(['trace', 'model.warden', 'src', '--today', 'tomorrow'], { cwd })).code, 2);
  const missing = await runCli(['trace', 'model.warden', 'nope', ...TODAY], { cwd });
  t.is(missing.code, 2);
  t.regex(missing.stderr, /error WD6020: source path not found: nope/);
  const bad = fixture({ 'model.warden': 'process Api in Nowhere\n', 'src/a.ts': '' });
  const model = await runCli(['trace', 'model.warden', 'src'], { cwd: bad });
  t.is(model.code, 1);
  t.is(model.stdout, '');
  t.regex(model.stderr, /model\.warden:1:/);
});

test('export ts writes the constants; trace resolves tags that use them', async (t) => {
  const cwd = project({
    'src/consts.ts': [
      "import { Threats } from './threats.js';",
      '/** @mitigates {@link Threats.Api_tampering_InternetExposedWithoutWaf} by inputValidation */',
      'export const check = () => Threats.Api_tampering_InternetExposedWithoutWaf;',
      '/** @mitigates Threats.Customer_to_Api_tampering_ClientSideControlBypass */',
      'export const tls = 1;',
      '',
    ].join('\n'),
  });
  const ex = await runCli(['export', 'ts', 'model.warden', '-o', 'src/threats.ts'], { cwd });
  t.is(ex.code, 0);
  t.regex(ex.stderr, /^wrote src\/threats\.ts: 3 elements, 2 flows, \d+ threats\n$/);
  const text = readFileSync(join(cwd, 'src/threats.ts'), 'utf8');
  t.regex(text, /^\/\/ Generated by `warden export ts` from model\.warden \(model "Trace test"\)/);
  t.regex(text, /\n {2}Api_tampering_InternetExposedWithoutWaf: 'TH-200484dc',\n/);
  t.regex(text, /\n {2}Customer_to_Api: 'Customer->Api',\n/);
  const stdout = await runCli(['export', 'ts', 'model.warden'], { cwd });
  t.is(stdout.stdout, text);
  const r = await runCli(['trace', 'model.warden', 'src', '--format', 'json', '--fail-on-unknown', ...TODAY], { cwd });
  t.is(r.code, 0, r.stderr);
  const consts = JSON.parse(r.stdout).annotations.filter((a: { file: string }) => a.file === 'src/consts.ts');
  t.deepEqual(
    consts.map((a: { threats: string[] }) => a.threats),
    [['TH-200484dc'], ['TH-dcafda30']],
  );
  t.is((await runCli(['export', 'ts'], { cwd })).code, 2);
});

test('--register prints the threat register with the code evidence, in the threat reports', async (t) => {
  const cwd = project();
  const text = await runCli(['trace', 'model.warden', 'src', '--register', ...TODAY], { cwd });
  t.is(text.code, 0);
  t.regex(text.stdout, /TH-034903dd [A-Z]+ mitigated [^\n]*\n(?: {2}[^\n]*\n)*? {2}mitigated in code: src\/auth\.ts:7 \(oidcAuth\)\n/);
  const md = await runCli(['trace', 'model.warden', 'src', '--register', '-f', 'md', ...TODAY], { cwd });
  t.regex(md.stdout, /Mitigated in code at `src\/auth\.ts:7` by `oidcAuth`/);
  const json = JSON.parse((await runCli(['trace', 'model.warden', 'src', '--register', '-f', 'json', ...TODAY], { cwd })).stdout);
  const api = json.threats.find((x: { id: string }) => x.id === 'TH-034903dd');
  t.deepEqual(api.evidence, [{ kind: 'code', file: 'src/auth.ts', line: 7, declaration: 'function verifyToken', control: 'oidcAuth', text: 'tokens verified' }]);
  t.true(json.threats.some((x: { rule: string }) => x.rule === 'code.exposes'));
});

test('an expired acceptance in the model: the trace still prints, the run fails', async (t) => {
  const cwd = project();
  const r = await runCli(['trace', 'model.warden', 'src', '--today', '2027-06-01'], { cwd });
  t.is(r.code, 1);
  t.regex(r.stderr, /model\.warden:\d+:\d+: error WD3021/);
  t.regex(r.stdout, /^Trace test: 5 annotations in 2 files;/);
});
