// `warden export bundle` on the reference example: deterministic bytes, OPA's bundle layout, and
// the same findings from the bundle's Wasm as from `warden check` (and, where opa exists, from
// OPA evaluating the bundle's Rego and data).
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { readBundle, readTar, writeTarGz } from '../../src/export/index.js';
import { wardenEngine } from '../../src/policy/index.js';
import { loadManifests } from '../../src/check/manifests.js';
import { findTool } from './tools.js';

const MODEL = 'examples/aks-devsecops/model.warden';
const VIOLATIONS = 'examples/aks-devsecops/manifests/violations';
const dir = mkdtempSync(join(tmpdir(), 'warden-bundle-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

// One export shared by the tests (compiling is the slow step); a second one checks determinism.
const first = runCli(['export', 'bundle', MODEL, '-o', join(dir, 'a.tar.gz')]);

type Raw = { check: string; resource: number; element: string };
const key = (f: { check: string; resource: number }) => `${f.check}@${f.resource}`;

test('writes a bundle and reports admission coverage', async (t) => {
  const r = await first;
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^wrote .*a\.tar\.gz: \d+ files, revision [0-9a-f]{12}$/m);
  t.regex(r.stdout, /^admission: \d+ controls \(.*noPrivileged.*\)$/m);
  t.regex(r.stdout, /^CI-only: 1 control \(networkPolicy\); checks K8S-050, K8S-065, K8S-068, and \d+ drift checks$/m);
});

test('byte-identical across two exports', async (t) => {
  await first;
  const r = await runCli(['export', 'bundle', MODEL, '-o', join(dir, 'b.tar.gz')]);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(readFileSync(join(dir, 'a.tar.gz')), readFileSync(join(dir, 'b.tar.gz')));
});

test('layout: .manifest with content revision, roots, wasm entry point; data.json; Rego sources', async (t) => {
  await first;
  const bytes = new Uint8Array(readFileSync(join(dir, 'a.tar.gz')));
  const paths = readTar(bytes).map((e) => e.path);
  t.deepEqual(paths.slice(0, 3), ['/.manifest', '/data.json', '/policies/generated/warden/main.rego']);
  t.true(paths.includes('/policy.wasm'));
  t.true(paths.includes('/policies/lib/k8s.rego'));
  t.true(paths.includes('/policies/k8s/privileged.rego'));
  const b = readBundle(bytes);
  t.regex(b.manifest.revision, /^[0-9a-f]{64}$/);
  t.deepEqual(b.manifest.roots, ['warden']);
  t.is(b.manifest.wasm[0].entrypoint, 'warden/main/findings');
  t.true(b.manifest.wasm.every((w) => w.module === '/policy.wasm'));
  // then the parts `warden check --bundle` evaluates (on chunks, with context, on the whole input)
  const parts = (b.manifest.metadata as { findingsParts: { perResource: string[]; withContext?: { entrypoints: string[]; contextKinds: string[] }; whole: string[]; projected?: string[] } }).findingsParts;
  t.deepEqual(parts.perResource, ['warden/main/findings_r']);
  t.true((parts.projected ?? []).length + parts.whole.length > 0);
  t.true(b.manifest.wasm.slice(1).every((w) => /^warden\/main\/findings_[rcsp]\d*$/.test(w.entrypoint)));
  t.true([...parts.whole, ...(parts.projected ?? []), ...parts.perResource].every((e) => b.manifest.wasm.some((w) => w.entrypoint === e)));
  const ann = b.manifest.wasm[0].annotations as Array<{ title?: string; custom?: { check?: string } }>;
  t.true(ann.some((a) => a.custom?.check === 'K8S-008'), 'rule annotations name the checks');
  t.deepEqual([...b.wasm.subarray(0, 4)], [0, 0x61, 0x73, 0x6d]);
  const data = b.data as { warden: { params: Record<string, Record<string, unknown>> } };
  t.deepEqual(data.warden.params['K8S-030'], { registries: ['contoso.azurecr.io'] });
  const meta = b.manifest.metadata as { model: string; coverage: { controls: Array<{ control: string; mode: string }> } };
  t.is(meta.model, 'Contoso Payments on AKS');
  t.is(meta.coverage.controls.find((c) => c.control === 'networkPolicy')?.mode, 'ci-only');
});

test("the bundle's Wasm finds what `warden check` finds on the example's violations", async (t) => {
  await first;
  const b = readBundle(new Uint8Array(readFileSync(join(dir, 'a.tar.gz'))));
  const policy = await wardenEngine().load(b.wasm);
  policy.setData(b.data as object);
  const set = await loadManifests([VIOLATIONS]);
  const result = policy.evaluate({ resources: set.value.resources.map((r) => r.object) }, 'warden/main/findings');
  const fromBundle = new Set((result[0].result as Raw[]).map(key));
  const check = await runCli(['check', MODEL, VIOLATIONS, '--today', '2026-11-22', '--format', 'json']);
  const report = JSON.parse(check.stdout) as { findings: Array<{ check: string; resource?: { index: number } }> };
  const fromCheck = new Set(report.findings.filter((f) => f.resource).map((f) => key({ check: f.check, resource: f.resource!.index })));
  t.true(fromBundle.size > 10);
  t.deepEqual([...fromBundle].sort(), [...fromCheck].sort());
});

test('opa accepts the bundle (inspect) and evaluates its Rego and data to the same findings', async (t) => {
  await first;
  const opa = findTool('opa');
  if (!opa) {
    t.log('skipped: no opa binary (/root/go/bin/opa, PATH or $(go env GOPATH)/bin)');
    t.pass();
    return;
  }
  const tarPath = join(dir, 'a.tar.gz');
  const inspect = JSON.parse(execFileSync(opa, ['inspect', '--format', 'json', tarPath], { encoding: 'utf8' })) as { manifest: { roots: string[]; revision: string }; namespaces: Record<string, string[]> };
  t.deepEqual(inspect.manifest.roots, ['warden']);
  t.true(Object.keys(inspect.namespaces).includes('data.warden.main'));
  // The bundle's Rego sources and data.json alone, as a bundle: the same findings as its Wasm (the
  // next test runs the Wasm itself in opa, where opa has a Wasm engine).
  const b = readBundle(new Uint8Array(readFileSync(tarPath)));
  const rego = join(dir, 'rego-bundle');
  for (const [p, src] of b.sources) {
    mkdirSync(dirname(join(rego, p)), { recursive: true });
    writeFileSync(join(rego, p), src);
  }
  writeFileSync(join(rego, 'data.json'), JSON.stringify(b.data));
  writeFileSync(join(rego, '.manifest'), JSON.stringify({ revision: b.manifest.revision, roots: b.manifest.roots }));
  const set = await loadManifests([VIOLATIONS]);
  writeFileSync(join(dir, 'input.json'), JSON.stringify({ resources: set.value.resources.map((r) => r.object) }));
  const out = JSON.parse(execFileSync(opa, ['eval', '--format', 'json', '--bundle', rego, '-i', join(dir, 'input.json'), 'data.warden.main.findings'], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { result: Array<{ expressions: Array<{ value: Raw[] }> }> };
  const fromOpa = new Set(out.result[0].expressions[0].value.map(key));
  const policy = await wardenEngine().load(b.wasm);
  policy.setData(b.data as object);
  const fromWasm = new Set(((policy.evaluate({ resources: set.value.resources.map((r) => r.object) }, 'warden/main/findings')[0].result) as Raw[]).map(key));
  t.deepEqual([...fromOpa].sort(), [...fromWasm].sort());
});

/** Whether this opa was built with its Wasm engine (`go install -tags opa_wasm`, as .ci/run does). */
function opaWithWasm(opa: string): boolean {
  try {
    return /WebAssembly: available/.test(execFileSync(opa, ['version'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

test("opa runs the bundle's Wasm (eval --bundle and run --server) to the same findings as Warden", async (t) => {
  await first;
  const opa = findTool('opa');
  if (!opa || !opaWithWasm(opa)) {
    t.log(`skipped: ${opa ? `${opa} has no Wasm engine (go install -tags opa_wasm ...)` : 'no opa binary'}`);
    t.pass();
    return;
  }
  const tarPath = join(dir, 'a.tar.gz');
  const b = readBundle(new Uint8Array(readFileSync(tarPath)));
  // Without the Rego sources, opa can only answer through the Wasm module: the test proves it runs ours.
  const wasmOnly = join(dir, 'wasm-only.tar.gz');
  writeFileSync(wasmOnly, writeTarGz(readTar(new Uint8Array(readFileSync(tarPath))).filter((e) => !e.path.endsWith('.rego'))));
  const set = await loadManifests([VIOLATIONS]);
  const input = { resources: set.value.resources.map((r) => r.object) };
  writeFileSync(join(dir, 'input.json'), JSON.stringify(input));
  const policy = await wardenEngine().load(b.wasm);
  policy.setData(b.data as object);
  const fromWarden = ((policy.evaluate(input, 'warden/main/findings')[0].result) as Raw[]).map(key).sort();
  t.true(fromWarden.length > 10);

  for (const bundle of [tarPath, wasmOnly]) {
    const out = JSON.parse(execFileSync(opa, ['eval', '--format', 'json', '--bundle', bundle, '-i', join(dir, 'input.json'), 'data.warden.main.findings'], { encoding: 'utf8', maxBuffer: 64 << 20 })) as {
      result: Array<{ expressions: Array<{ value: Raw[] }> }>;
    };
    t.deepEqual(out.result[0].expressions[0].value.map(key).sort(), fromWarden, `opa eval --bundle ${bundle}`);
  }

  // opa run --server serving the bundle: the findings over its REST API.
  const { spawn } = await import('node:child_process');
  const port = await freePort();
  const server = spawn(opa, ['run', '--server', '--addr', `127.0.0.1:${port}`, '--bundle', wasmOnly], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d: Buffer) => (log += d.toString()));
  try {
    const base = `http://127.0.0.1:${port}`;
    let ready = false;
    for (let i = 0; i < 100 && !ready; i++) {
      try {
        ready = (await fetch(`${base}/health?bundles`)).ok;
      } catch {
        /* not listening yet */
      }
      if (!ready) await new Promise((r) => setTimeout(r, 200));
    }
    t.true(ready, `opa run --server did not become ready: ${log.slice(0, 500)}`);
    const res = await fetch(`${base}/v1/data/warden/main/findings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input }) });
    t.is(res.status, 200);
    const body = (await res.json()) as { result: Raw[] };
    t.deepEqual(body.result.map(key).sort(), fromWarden, 'opa run --server');
  } finally {
    server.kill();
  }
});
