// `warden check --bundle`: an exported bundle checked on its own gives the findings `warden check`
// gives from the model (same checks, positions, threats and model lines); with the model too, the
// model's waivers apply and the report is identical. Damaged or foreign bundles are one clear error.
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readTar, writeTarGz } from '../../src/export/index.js';

const MODEL = 'examples/aks-devsecops/model.warden';
const VIOLATIONS = 'examples/aks-devsecops/manifests/violations';
const CLEAN = 'examples/aks-devsecops/manifests/clean';
const dir = mkdtempSync(join(tmpdir(), 'warden-bundle-check-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const bundle = join(dir, 'bundle.tar.gz');
const exported = runCli(['export', 'bundle', MODEL, '-o', bundle]);

interface Report {
  model: string;
  modelFile: string;
  findings: Array<{ check: string; location?: { file: string; line: number; column: number }; element?: string; threats: string[]; model?: { file: string; line: number }; suppressed?: unknown; fingerprint: string }>;
  rules: unknown[];
  summary: { findings: number; open: number; suppressed: number };
}

async function check(args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await runCli(['check', ...args, '--format', 'json', '--today', '2026-11-22']);
  return { code: r.code, report: JSON.parse(r.stdout || 'null') as Report, stderr: r.stderr };
}

const row = (f: Report['findings'][number]) => [f.check, f.location?.file, f.location?.line, f.location?.column, f.element, f.threats.join(' '), f.model?.file, f.model?.line, f.fingerprint];

test('a bundle alone finds what the model finds, with the same threats and model lines', async (t) => {
  t.is((await exported).code, 0);
  const fromModel = await check([MODEL, VIOLATIONS]);
  const fromBundle = await check(['--bundle', bundle, VIOLATIONS]);
  t.is(fromBundle.code, 1, fromBundle.stderr);
  t.true(fromModel.report.findings.length > 20);
  // (Without the model there would be no waivers; none of the example's matches these manifests.)
  t.deepEqual(fromBundle.report.findings.map(row), fromModel.report.findings.map(row));
  t.deepEqual(fromBundle.report.summary, fromModel.report.summary);
  t.deepEqual(fromBundle.report.rules, fromModel.report.rules);
  t.is(fromBundle.report.model, fromModel.report.model);
  t.is(fromBundle.report.modelFile, bundle);
});

test('a bundle with the model applies its waivers: the same report as from the model', async (t) => {
  await exported;
  const fromModel = await check([MODEL, VIOLATIONS]);
  const both = await check(['--bundle', bundle, MODEL, VIOLATIONS]);
  t.is(both.code, fromModel.code);
  t.deepEqual(both.report.findings, fromModel.report.findings);
  t.deepEqual(both.report.summary, fromModel.report.summary);
});

test('clean manifests pass against the bundle', async (t) => {
  await exported;
  const r = await check(['--bundle', bundle, MODEL, CLEAN]);
  t.is(r.code, 0, r.stderr);
  t.is(r.report.summary.open, 0);
});

test('an unreadable, damaged or foreign bundle is one WD5012 error, exit 2', async (t) => {
  await exported;
  const missing = await runCli(['check', '--bundle', join(dir, 'nope.tar.gz'), VIOLATIONS]);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /WD5012: cannot read bundle/);

  const junk = join(dir, 'junk.tar.gz');
  writeFileSync(junk, 'not a bundle at all');
  const damaged = await runCli(['check', '--bundle', junk, VIOLATIONS]);
  t.is(damaged.code, 2);
  t.regex(damaged.stderr, /WD5012: bundle .*junk\.tar\.gz: not a readable OPA bundle/);
  t.notRegex(damaged.stderr, /\n\s+at /, 'no stack trace');

  // A bundle whose manifest does not describe Warden's checks (e.g. built by another tool).
  const entries = readTar(new Uint8Array(readFileSync(bundle))).map((e) =>
    e.path === '/.manifest' ? { ...e, content: new TextEncoder().encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(e.content)), metadata: {} })) } : e,
  );
  const foreign = join(dir, 'foreign.tar.gz');
  writeFileSync(foreign, writeTarGz(entries));
  const r = await runCli(['check', '--bundle', foreign, VIOLATIONS]);
  t.is(r.code, 2);
  t.regex(r.stderr, /WD5012: .*does not describe its checks/);
});

test('the bundle is evaluated in the parts its manifest names (chunks, context, whole): the same findings as the whole rule', async (t) => {
  await exported;
  const inParts = await check(['--bundle', bundle, VIOLATIONS]);
  // the same bundle with its parts removed from the manifest is evaluated as one rule
  const entries = readTar(new Uint8Array(readFileSync(bundle))).map((e) => {
    if (e.path !== '/.manifest') return e;
    const manifest = JSON.parse(new TextDecoder().decode(e.content)) as { metadata: Record<string, unknown>; wasm: unknown[] };
    delete manifest.metadata.findingsParts;
    return { ...e, content: new TextEncoder().encode(JSON.stringify({ ...manifest, wasm: manifest.wasm.slice(0, 1) })) };
  });
  const whole = join(dir, 'whole.tar.gz');
  writeFileSync(whole, writeTarGz(entries));
  const asOne = await check(['--bundle', whole, VIOLATIONS]);
  t.is(inParts.code, 1, inParts.stderr);
  t.true(inParts.report.findings.length > 10);
  t.deepEqual(inParts.report.findings, asOne.report.findings);
});

test('a bundle whose parts name an entry point its manifest does not list is WD5012, not fewer findings', async (t) => {
  await exported;
  const entries = readTar(new Uint8Array(readFileSync(bundle))).map((e) => {
    if (e.path !== '/.manifest') return e;
    const manifest = JSON.parse(new TextDecoder().decode(e.content)) as { metadata: { findingsParts: { perResource: string[] } } };
    manifest.metadata.findingsParts.perResource = ['warden/main/elsewhere'];
    return { ...e, content: new TextEncoder().encode(JSON.stringify(manifest)) };
  });
  const bad = join(dir, 'bad-parts.tar.gz');
  writeFileSync(bad, writeTarGz(entries));
  const r = await runCli(['check', '--bundle', bad, VIOLATIONS]);
  t.is(r.code, 2);
  t.regex(r.stderr, /WD5012: .*metadata\.findingsParts is malformed or names entry points the manifest does not list/);
});

test('a model other than the bundle\'s is a warning', async (t) => {
  await exported;
  const r = await runCli(['check', '--bundle', bundle, 'examples/minimal/model.warden', CLEAN, '--format', 'json']);
  t.regex(r.stderr, /WD5013: bundle .* was exported from model "[^"]+", not "[^"]+"/);
});

test('--bundle needs manifests', async (t) => {
  const r = await runCli(['check', '--bundle', bundle]);
  t.is(r.code, 2);
  t.regex(r.stderr, /at least one manifest/);
});
