// The annotated example service (examples/aks-devsecops/app) against the example model, end to end.
// Refresh the committed constants with UPDATE_GOLDEN=1 npx ava test/trace/example.test.ts
// (the same as `warden export ts examples/aks-devsecops/model.warden -o examples/aks-devsecops/app/src/threats.ts`).
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { runCli } from '../helpers/cli.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODEL = 'examples/aks-devsecops/model.warden';
const APP = 'examples/aks-devsecops/app';
const TODAY = ['--today', '2026-11-22'];

// The committed src/threats.ts is a convenience for readers and editors; the model and its rule
// library keep moving, so the check below uses a freshly generated module instead of requiring
// the committed one to be byte-identical. UPDATE_GOLDEN=1 refreshes the committed copy.
test('the example service type-checks against freshly generated constants', async (t) => {
  const r = await runCli(['export', 'ts', MODEL], { cwd: root });
  t.is(r.code, 0, r.stderr);
  const generated = join(root, APP, 'src', 'threats.ts');
  if (process.env.UPDATE_GOLDEN) writeFileSync(generated, r.stdout);
  const config = ts.getParsedCommandLineOfConfigFile(join(root, APP, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => t.fail(ts.flattenDiagnosticMessageText(d.messageText, ' ')),
  })!;
  t.deepEqual(config.errors, []);
  t.true(config.fileNames.length >= 5);
  // The compiler reads the fresh module in place of the committed file.
  const host = ts.createCompilerHost(config.options);
  const same = (f: string) => resolve(f) === generated;
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => (same(f) ? r.stdout : readFile(f));
  host.getSourceFile = (f, lang, ...rest) => (same(f) ? ts.createSourceFile(f, r.stdout, lang) : getSourceFile(f, lang, ...rest));
  const program = ts.createProgram(config.fileNames, config.options, host);
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
