// Short fuzz of `warden check --bundle` inside `npm test` (the long one: `npm run fuzz -- --surface
// bundle`). The bundle exported from the AKS example, damaged at the gzip, tar and member levels:
// reading it never throws and `warden check --bundle` exits 0/1/2 without a stack trace or an
// internal error. See docs/fuzzing.md and lib/known.ts for the failure pinned below.
import test from 'ava';
import { readTar, writeTarGz } from '../../src/export/tar.js';
import { exportedBundle } from './lib/bundle-fixture.js';
import { cli, readRepo, scratchDir, writeScratch } from './lib/mutate.js';
import { shortRun } from './lib/short.js';
import { bundleSurface } from './surfaces/bundle.js';

test('bundle: damaged bundles keep every property', async (t) => {
  await shortRun(t, await bundleSurface(), Number(process.env.WARDEN_FUZZ_RUNS ?? 30), 20261205);
});

// Known (lib/known.ts): fails until `check --bundle` reports a policy.wasm that is not Wasm as WD5012.
test.failing('bundle: a policy.wasm that is not Wasm is a WD5012 diagnostic, not internal error WD9999', async (t) => {
  const entries = readTar(await exportedBundle()).map((e) => (e.path === '/policy.wasm' ? { ...e, content: new TextEncoder().encode('not wasm') } : e));
  writeScratch('bad.tar.gz', writeTarGz(entries));
  writeScratch('pod.yaml', readRepo('examples/aks-devsecops/manifests/violations/payments-api.yaml'));
  const r = await cli(['check', '--bundle', 'bad.tar.gz', 'pod.yaml'], scratchDir());
  t.is(r.code, 2);
  t.notRegex(r.stderr, /WD9999/);
  t.regex(r.stderr, /WD5012/);
});
