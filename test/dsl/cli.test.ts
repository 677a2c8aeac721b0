// The model commands through the CLI, in-process: validate, fmt, export model, init.
import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'warden-dsl-'));

test('validate: clean model exits 0 and says ok', async (t) => {
  const r = await runCli(['validate', 'examples/minimal/model.warden'], { cwd: root });
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, 'examples/minimal/model.warden: ok (3 elements, 2 flows)\n');
});

test('validate: errors exit 1 with excerpt, caret, hint and a summary', async (t) => {
  const r = await runCli(['validate', 'test/fixtures/invalid/unknown-attribute.warden'], { cwd: root });
  t.is(r.code, 1);
  t.regex(r.stderr, /unknown-attribute\.warden:2:15: error WD2003: unknown attribute "protocl" on flow A -> B/);
  t.regex(r.stderr, /\n {2}2 \| flow A -> B \{ protocl https \}\n {4}\| {15}\^{7}\n/);
  t.regex(r.stderr, /hint: did you mean "protocol"\?/);
  t.regex(r.stderr, /1 error, 0 warnings/);
});

test('validate --format json prints diagnostics as data', async (t) => {
  const r = await runCli(['validate', '--format', 'json', 'test/fixtures/invalid/duplicate-element.warden', 'examples/minimal/model.warden'], { cwd: root });
  t.is(r.code, 1);
  const out = JSON.parse(r.stdout);
  t.false(out.ok);
  t.deepEqual(
    out.files.map((f: { ok: boolean }) => f.ok),
    [false, true],
  );
  t.is(out.diagnostics[0].code, 'WD2002');
  t.deepEqual(out.diagnostics[0].span, { line: 3, column: 7, endLine: 3, endColumn: 10, offset: 28, endOffset: 31 });
  t.is(out.diagnostics[0].related[0].span.line, 2);
});

test('validate: usage errors and unreadable files exit 2', async (t) => {
  t.is((await runCli(['validate'], { cwd: root })).code, 2);
  const missing = await runCli(['validate', 'nope.warden'], { cwd: root });
  t.is(missing.code, 2);
  t.regex(missing.stderr, /cannot read nope\.warden/);
  t.is((await runCli(['validate', '--format', 'xml', 'examples/minimal/model.warden'], { cwd: root })).code, 2);
});

test('validate --quiet prints only errors', async (t) => {
  const ok = await runCli(['validate', '--quiet', 'examples/minimal/model.warden'], { cwd: root });
  t.is(ok.stdout + ok.stderr, '');
  const bad = await runCli(['validate', '-q', 'test/fixtures/invalid/unknown-kind.warden'], { cwd: root });
  t.is(bad.code, 1);
  t.notRegex(bad.stderr, /errors?, \d+ warnings?/);
});

test('validate --root confines imports', async (t) => {
  const dir = tmp();
  writeFileSync(join(dir, 'shared.warden'), 'data D { classification public }\n');
  const sub = join(dir, 'sub');
  await runCli(['init', sub], { cwd: dir });
  writeFileSync(join(sub, 'm.warden'), 'model "M"\nuse "../shared.warden"\nprocess P { handles [D] }\n');
  const inside = await runCli(['validate', '--root', dir, 'sub/m.warden'], { cwd: dir });
  t.is(inside.code, 0, inside.stderr);
  const outside = await runCli(['validate', '--root', sub, 'sub/m.warden'], { cwd: dir });
  t.is(outside.code, 1);
  t.regex(outside.stderr, /WD2021/);
});

test('fmt: prints, --check reports, --write rewrites; idempotent', async (t) => {
  const dir = tmp();
  const f = join(dir, 'm.warden');
  writeFileSync(f, 'model "M"{owner "me"}\nprocess   A // keep me\n');
  const printed = await runCli(['fmt', 'm.warden'], { cwd: dir });
  t.is(printed.code, 0);
  t.is(printed.stdout, 'model "M" { owner "me" }\nprocess A // keep me\n');
  const check = await runCli(['fmt', '--check', 'm.warden'], { cwd: dir });
  t.is(check.code, 1);
  t.regex(check.stderr, /m\.warden: not formatted/);
  t.is((await runCli(['fmt', '--write', 'm.warden'], { cwd: dir })).code, 0);
  t.is(readFileSync(f, 'utf8'), printed.stdout);
  t.is((await runCli(['fmt', '--check', 'm.warden'], { cwd: dir })).code, 0);
  const stdin = await runCli(['fmt', '-'], { cwd: dir, stdin: 'actor   X' });
  t.is(stdin.stdout, 'actor X\n');
});

test('fmt: syntax errors exit 1 and never rewrite', async (t) => {
  const dir = tmp();
  const f = join(dir, 'bad.warden');
  writeFileSync(f, 'process A { exposure = internet }\n');
  const r = await runCli(['fmt', '--write', 'bad.warden'], { cwd: dir });
  t.is(r.code, 1);
  t.regex(r.stderr, /WD1011/);
  t.is(readFileSync(f, 'utf8'), 'process A { exposure = internet }\n');
  t.is((await runCli(['fmt', '--check', '--write', 'bad.warden'], { cwd: dir })).code, 2);
});

test('export model: -o writes a file; errors exit 1 with nothing written', async (t) => {
  const dir = tmp();
  const out = join(dir, 'model.json');
  const r = await runCli(['export', 'model', join(root, 'examples/minimal/model.warden'), '-o', out], { cwd: dir });
  t.is(r.code, 0, r.stderr);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  t.deepEqual(
    json.elements.map((e: { id: string }) => e.id),
    ['User', 'App', 'Db'],
  );
  const bad = await runCli(['export', 'model', join(root, 'test/fixtures/invalid/unknown-kind.warden')], { cwd: dir });
  t.is(bad.code, 1);
  t.is(bad.stdout, '');
});

test('init: scaffolds a model that validates, refuses to overwrite', async (t) => {
  const dir = tmp();
  const r = await runCli(['init', 'threat-model'], { cwd: dir });
  t.is(r.code, 0, r.stderr);
  t.true(existsSync(join(dir, 'threat-model', 'model.warden')));
  t.true(existsSync(join(dir, 'threat-model', 'README.md')));
  const v = await runCli(['validate', 'threat-model/model.warden'], { cwd: dir });
  t.is(v.code, 0, v.stderr);
  const fmt = await runCli(['fmt', '--check', 'threat-model/model.warden'], { cwd: dir });
  t.is(fmt.code, 0, fmt.stderr);
  const again = await runCli(['init', 'threat-model'], { cwd: dir });
  t.is(again.code, 2);
  t.regex(again.stderr, /refusing to overwrite/);
});

test('help lists the model commands', async (t) => {
  const r = await runCli(['--help']);
  for (const c of ['validate', 'fmt', 'export model', 'init']) t.regex(r.stdout, new RegExp(`\\n  ${c} `));
  const v = await runCli(['validate', '--help']);
  t.is(v.code, 0);
  t.regex(v.stdout, /Usage: warden validate <files\.\.\.>/);
});
