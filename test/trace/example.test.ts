// The annotated example service (examples/aks-devsecops/app) against the example model, end to end.
// If the model changes, regenerate the constants with UPDATE_GOLDEN=1 npx ava test/trace/example.test.ts
// (the same as `warden export ts examples/aks-devsecops/model.warden -o examples/aks-devsecops/app/src/threats.ts`).
import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { runCli } from '../helpers/cli.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODEL = 'examples/aks-devsecops/model.warden';
const APP = 'examples/aks-devsecops/app';
const TODAY = ['--today', '2026-11-22'];

test('the committed constants module is what warden export ts generates', async (t) => {
  const r = await runCli(['export', 'ts', MODEL], { cwd: root });
  t.is(r.code, 0, r.stderr);
  const file = join(root, APP, 'src', 'threats.ts');
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, r.stdout);
  // The constants must be current; their doc comments (threat titles) may lag behind rewording.
  const code = (s: string) => s.split('\n').filter((l) => !l.trim().startsWith('/**'));
  t.deepEqual(code(readFileSync(file, 'utf8')), code(r.stdout), 'stale: regenerate with UPDATE_GOLDEN=1 npx ava test/trace/example.test.ts');
});

test('the example service type-checks with its own tsconfig', (t) => {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, APP, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => t.fail(ts.flattenDiagnosticMessageText(d.messageText, ' ')),
  })!;
  t.deepEqual(config.errors, []);
  t.true(config.fileNames.length >= 5);
  const program = ts.createProgram(config.fileNames, config.options);
  const problems = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  t.deepEqual(problems, []);
});

test('every tag of the example resolves, and links the expected threats', async (t) => {
  const r = await runCli(['trace', MODEL, '--tsconfig', `${APP}/tsconfig.json`, '--format', 'json', '--fail-on-unknown', ...TODAY], { cwd: root });
  t.is(r.stderr, '');
  t.is(r.code, 0);
  const out = JSON.parse(r.stdout) as {
    annotations: Array<{ tag: string; file: string; declaration?: string; threats: string[]; ref?: { written: string } }>;
    register: { threats: Array<{ id: string; target: { id: string }; category: string; rule: string; status: string; evidence: Array<{ kind: string; file?: string; declaration?: string }> }> };
  };
  const unresolved = out.annotations.filter((a) => ['mitigates', 'exposes', 'accepts'].includes(a.tag) && a.threats.length === 0);
  t.deepEqual(unresolved, []);
  const codeEvidence = (target: string, category: string) =>
    out.register.threats
      .filter((x) => x.target.id === target && x.category === category)
      .flatMap((x) => x.evidence.filter((e) => e.kind === 'code').map((e) => `${e.file} ${e.declaration}`));
  t.deepEqual(codeEvidence('Api', 'spoofing'), [`${APP}/src/auth/verify-token.ts function verifyToken`]);
  t.deepEqual(codeEvidence('Ledger', 'tampering'), [`${APP}/src/ledger/repository.ts method LedgerRepository.append`]);
  t.deepEqual(codeEvidence('IngressController->Api', 'tampering'), [`${APP}/src/http/handler.ts method PaymentsController.handle`]);
  t.deepEqual(codeEvidence('Api', 'informationDisclosure'), [`${APP}/src/http/handler.ts method PaymentsController.handle`]);
  t.deepEqual(codeEvidence('ApiToVault', 'informationDisclosure'), [`${APP}/src/secrets/key-vault.ts class SecretLoader`]);
  const exposed = out.register.threats.filter((x) => x.rule === 'code.exposes');
  t.deepEqual(
    exposed.map((x) => [x.target.id, x.category, x.status]),
    [['Ledger', 'informationDisclosure', 'open']],
  );
  // The model accepts Ledger.repudiation: the code's audit logging is evidence, the decision stands.
  const rep = out.register.threats.find((x) => x.target.id === 'Ledger' && x.category === 'repudiation')!;
  t.is(rep.status, 'accepted');
  t.true(rep.evidence.some((e) => e.kind === 'code'));
});
