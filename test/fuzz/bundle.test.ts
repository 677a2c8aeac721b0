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
test('bundle: a policy.wasm that is not Wasm is a WD5012 diagnostic, not internal error WD9999', async (t) => {
  const entries = readTar(await exportedBundle()).map((e) => (e.path === '/policy.wasm' ? { ...e, content: new TextEncoder().encode('not wasm') } : e));
  writeScratch('bad.tar.gz', writeTarGz(entries));
  writeScratch('pod.yaml', readRepo('examples/aks-devsecops/manifests/violations/payments-api.yaml'));
  const r = await cli(['check', '--bundle', 'bad.tar.gz', 'pod.yaml'], scratchDir());
  t.is(r.code, 2);
  t.notRegex(r.stderr, /WD9999/);
  t.regex(r.stderr, /WD5012/);
});

// Found by the bundle fuzz: fields of the wrong type in a bundle's data.json (threats a number,
// controls a string, model lines not numbers) crashed the report with WD9999; the findings now come
// out without them (src/check/run.ts cleanRow).
test('bundle: data.json fields of the wrong type give findings, not internal error WD9999', async (t) => {
  const edit = (d: { warden: { enforce: Record<string, Record<string, Record<string, unknown>>>; model: { elements: Record<string, Record<string, unknown>>; flows: unknown[] } } }) => {
    for (const byElement of Object.values(d.warden.enforce)) for (const e of Object.values(byElement)) Object.assign(e, { threats: 5, controls: 'x', file: 7, line: 'y' });
    for (const e of Object.values(d.warden.model.elements)) Object.assign(e, { file: 8, line: null });
    d.warden.model.flows = [null, 1, { id: {}, file: 2 }];
  };
  const dec = new TextDecoder();
  const entries = readTar(await exportedBundle()).map((e) => {
    if (e.path !== '/data.json') return e;
    const d = JSON.parse(dec.decode(e.content));
    edit(d);
    return { ...e, content: new TextEncoder().encode(JSON.stringify(d)) };
  });
  writeScratch('odd-data.tar.gz', writeTarGz(entries));
  writeScratch('pod.yaml', readRepo('examples/aks-devsecops/manifests/violations/payments-api.yaml'));
  for (const format of ['text', 'json', 'sarif']) {
    const r = await cli(['check', '--bundle', 'odd-data.tar.gz', 'pod.yaml', '--format', format], scratchDir());
    t.is(r.code, 1, r.stderr);
    t.notRegex(r.stderr, /WD9999/);
  }
});
