// The interop commands end to end, in-process: files written, warnings on stderr with excerpts,
// exit codes (0 written, 1 model errors, 2 usage or input errors).
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { schemaErrors } from './schema.js';

const withDir = async (fn: (dir: string) => Promise<void>) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-interop-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test('import threagile writes a model that validates, and prints located warnings', (t) =>
  withDir(async (dir) => {
    const out = join(dir, 'clinic.warden');
    const r = await runCli(['import', 'threagile', 'test/fixtures/interop/threagile/clinic.yaml', '-o', out, '--today', '2026-06-01', '--accept-until', '2026-12-31']);
    t.is(r.code, 0, r.stderr);
    t.regex(r.stderr, /clinic\.yaml:292:9: warning WD8010: diagram_tweak_weight dropped/);
    t.regex(r.stderr, /292 \| {9}diagram_tweak_weight: 2/);
    t.regex(readFileSync(out, 'utf8'), /until 2026-12-31/);
    const v = await runCli(['validate', out]);
    t.is(v.code, 0, v.stderr);
    const d = await runCli(['diagram', out, '--format', 'mermaid']);
    t.is(d.code, 0);
    t.regex(d.stdout, /Booking API/);
  }));

test('import reads standard input with -', async (t) => {
  const r = await runCli(['import', 'otm', '-'], { stdin: readFileSync('test/fixtures/interop/otm/minimal.otm.json', 'utf8') });
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^\/\/ Imported from the Open Threat Model file <stdin>/);
  t.regex(r.stderr, /<stdin>:13:3: warning WD8010: extensions dropped/);
});

test('import: input errors exit 2 and write nothing', (t) =>
  withDir(async (dir) => {
    const out = join(dir, 'x.warden');
    const notTd = await runCli(['import', 'threat-dragon', 'test/fixtures/interop/otm/minimal.otm.json', '-o', out]);
    t.is(notTd.code, 2);
    t.regex(notTd.stderr, /error WD8002: .* is not a Threat Dragon v2 model/);
    const missing = await runCli(['import', 'otm', join(dir, 'nope.json')]);
    t.is(missing.code, 2);
    t.regex(missing.stderr, /cannot read .*nope\.json: no such file/);
    writeFileSync(join(dir, 'bad.json'), '{"otmVersion": "0.2.0", "project": {"name": "x", "id": "x"},\n  "components": [ }');
    const bad = await runCli(['import', 'otm', join(dir, 'bad.json')]);
    t.is(bad.code, 2);
    t.regex(bad.stderr, /bad\.json:2:19: error WD8001: invalid JSON: unexpected character "}"/);
    const date = await runCli(['import', 'otm', 'test/fixtures/interop/otm/minimal.otm.json', '--accept-until', 'soon']);
    t.is(date.code, 2);
    t.regex(date.stderr, /--accept-until must be a date/);
    t.throws(() => readFileSync(out));
  }));

test('export otm, threat-dragon and threagile write schema-valid files', (t) =>
  withDir(async (dir) => {
    const model = 'examples/webapp/model.warden';
    const otm = await runCli(['export', 'otm', model, '--format', 'yaml', '-o', join(dir, 'm.otm.yaml'), '--today', '2026-06-01']);
    t.is(otm.code, 0, otm.stderr);
    t.deepEqual(schemaErrors('otm-0.2.0', parse(readFileSync(join(dir, 'm.otm.yaml'), 'utf8'))), []);
    const td = await runCli(['export', 'threat-dragon', model, '--today', '2026-06-01']);
    t.is(td.code, 0, td.stderr);
    t.deepEqual(schemaErrors('threat-dragon-v2', JSON.parse(td.stdout)), []);
    const tg = await runCli(['export', 'threagile', model, '-o', join(dir, 'm.yaml'), '--today', '2026-06-01']);
    t.is(tg.code, 0, tg.stderr);
    t.deepEqual(schemaErrors('threagile', parse(readFileSync(join(dir, 'm.yaml'), 'utf8'))), []);
  }));

test('export of a model with errors exits 1 and writes nothing', (t) =>
  withDir(async (dir) => {
    writeFileSync(join(dir, 'm.warden'), 'model "m"\nprocess A\nflow A -> Missing\n');
    const r = await runCli(['export', 'otm', join(dir, 'm.warden'), '-o', join(dir, 'out.json')]);
    t.is(r.code, 1);
    t.regex(r.stderr, /Missing/);
    t.throws(() => readFileSync(join(dir, 'out.json')));
  }));
