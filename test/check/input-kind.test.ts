// Helm templates and kustomize directories are not manifests yet: one located error per file saying
// what to run instead (exit 2), nothing parsed from them, no parser warnings on stderr.
import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { unrenderedInput } from '../../src/check/input-kind.js';
import { loadManifests } from '../../src/check/index.js';
import { runCli } from '../helpers/cli.js';

const FIX = 'test/check/fixtures/unrendered';

test('a Helm template is WD5016 at its first Helm action; Go templates of rendered strings are not Helm', (t) => {
  const d = unrenderedInput('t.yaml', 'kind: Service\nmetadata:\n  name: {{ include "x" . }}\n');
  t.is(d?.code, 'WD5016');
  t.deepEqual([d?.span.line, d?.span.column], [3, 9]);
  t.regex(d!.hint!, /helm template <release> <chart> \| warden check -/);
  for (const helm of ['{{- if .Values.on }}', '{{ $.Values.x }}', '{{ toYaml .Values.r | nindent 8 }}', '{{ .Release.Name }}', '{{- template "t" . }}', '{{ tpl .Values.t . }}']) {
    t.is(unrenderedInput('t.yaml', `a: b\n${helm}\n`)?.code, 'WD5016', helm);
  }
  for (const rendered of ['{{.app.metadata.name}}', '{{ .context.argocdUrl }}', '{{if eq .serviceType "slack"}}x{{end}}', '{{ $labels.instance }}', '"{{"']) {
    t.is(unrenderedInput('t.yaml', `a: |\n  ${rendered}\n`), undefined, rendered);
  }
});

test('each action is looked at once: later actions are found, brace floods are not retried at every brace', (t) => {
  t.is(unrenderedInput('t.yaml', 'a: "{{ x }} {{ .Values.a }}"')?.span.column, 13);
  t.is(unrenderedInput('t.yaml', '{{'.repeat(1_000_000)), undefined);
  t.is(unrenderedInput('t.yaml', `${'{{'.repeat(1_000_000)}}}`), undefined);
});

test('kustomization files and kind Kustomization are WD5017', (t) => {
  t.is(unrenderedInput('k/kustomization.yaml', 'resources: [a.yaml]\n', '/nonexistent/k/kustomization.yaml')?.code, 'WD5017');
  const d = unrenderedInput('<stdin>', '# c\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n');
  t.is(d?.code, 'WD5017');
  t.is(d?.span.line, 3);
  t.is(unrenderedInput('a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: kind-Kustomization }\n'), undefined);
});

test('a chart directory: one error per file (templates, Chart.yaml, values), nothing parsed, exit 2', async (t) => {
  const r = await runCli(['check', `${FIX}/chart`, '--format', 'json']);
  t.is(r.code, 2);
  const errors = r.stderr.split('\n').filter((l) => /error WD50/.test(l));
  t.deepEqual(errors.map((l) => l.replace(/: error (WD\d+):.*/, ' $1')), [
    `${FIX}/chart/Chart.yaml:1:1 WD5016`,
    `${FIX}/chart/templates/deployment.yaml:4:9 WD5016`,
    `${FIX}/chart/templates/service.yaml:5:14 WD5016`,
    `${FIX}/chart/values.yaml:1:1 WD5016`,
  ]);
  t.regex(r.stderr, new RegExp(`hint: render it first: helm template <release> ${FIX}/chart \\| warden check -`));
  const report = JSON.parse(r.stdout);
  t.is(report.summary.resources, 0);
  t.deepEqual(report.findings, [], 'no "selects no pod" from a half-parsed chart');
});

test('a kustomize directory: the kustomization and its patches are WD5017 with the command to run', async (t) => {
  const r = await runCli(['check', `${FIX}/kustomize`]);
  t.is(r.code, 2);
  const errors = r.stderr.split('\n').filter((l) => /error WD50/.test(l));
  t.is(errors.length, 3);
  for (const e of errors) t.regex(e, /error WD5017/);
  t.regex(r.stderr, new RegExp(`kubectl kustomize ${FIX}/kustomize \\| warden check -`));
});

test('rendered manifests with Go templates in their strings are read as usual', async (t) => {
  const set = await loadManifests([`${FIX}/rendered`]);
  t.deepEqual(set.diagnostics, []);
  t.is(set.value.resources.length, 1);
});

test('built CLI: no Node or yaml warning leaks to stderr, only the diagnostics', async (t) => {
  if (!existsSync('dist/cli/main.js')) return t.pass('dist/ not built: run npm run build for this check');
  const run = promisify(execFile);
  const r = await run(process.execPath, ['bin/warden.js', 'check', `${FIX}/chart`, `${FIX}/kustomize`], { encoding: 'utf8' }).catch((e: { code: number; stdout: string; stderr: string }) => e);
  t.is((r as { code?: number }).code, 2);
  const lines = r.stderr.trim().split('\n');
  for (const l of lines) t.regex(l, /^(test\/check\/fixtures\/unrendered\/\S+:\d+:\d+: error WD501[67]: |  hint: |\d+ errors?, \d+ warnings?$)/);
  t.is(lines.filter((l) => l.includes('error WD')).length, 7);
});
