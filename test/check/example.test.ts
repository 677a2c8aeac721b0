// End to end on the reference example: examples/aks-devsecops (model + clean and violations sets).
import test from 'ava';
import { runCli } from '../helpers/cli.js';
import { golden } from './golden.js';

const env: Record<string, string> = process.env.WARDEN_TEST_ENGINE === 'opa' ? { WARDEN_POLICY_ENGINE: 'opa:/root/go/bin/opa' } : {};
const MODEL = 'examples/aks-devsecops/model.warden';
const TODAY = ['--today', '2026-11-22'];

test('clean manifests: exit 0, no findings', async (t) => {
  const r = await runCli(['check', MODEL, 'examples/aks-devsecops/manifests/clean', ...TODAY, '--format', 'json'], { env });
  const report = JSON.parse(r.stdout || '{}');
  t.deepEqual(
    (report.findings ?? []).map((f: { check: string; message: string }) => `${f.check} ${f.message}`),
    [],
  );
  t.is(r.code, 0, r.stderr);
  t.true(report.summary.resources > 20);
});

test('violations: the expected checks with file:line, threats and model lines (golden)', async (t) => {
  const r = await runCli(['check', MODEL, 'examples/aks-devsecops/manifests/violations', ...TODAY, '--format', 'json'], { env });
  t.is(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  type F = { check: string; severity: string; location?: { file: string; line: number; column: number }; resource?: { label: string }; threats: string[]; model?: { file: string; line: number }; element?: string; suppressed?: { kind: string } };
  const lines = (report.findings as F[]).map((f) =>
    [
      f.check,
      f.severity,
      f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : '-',
      f.resource?.label ?? '-',
      f.element ?? '-',
      f.model ? `${f.model.file}:${f.model.line}` : '-',
      f.threats.join(',') || '-',
      f.suppressed?.kind ?? 'open',
    ].join(' | '),
  );
  golden(t, 'test/check/golden/aks-violations.txt', lines.join('\n') + '\n');
  const ids = new Set((report.findings as F[]).map((f) => f.check));
  // The violations the example was written to show (privileged, hostPath, latest tag, foreign registry,
  // missing limits, secrets in env, wildcard RBAC, public LoadBalancer, drift).
  for (const id of ['K8S-008', 'K8S-030', 'K8S-032', 'K8S-057', 'WD-DRIFT-005']) t.true(ids.has(id), id);
  // Library findings are traced to threats and to a model line.
  for (const f of report.findings as F[]) if (f.check.startsWith('K8S-')) t.truthy(f.model && f.threats.length > 0, `${f.check} ${f.resource?.label}`);
});
