// The policy's module memory is bounded (--max-policy-memory, default 1 GiB): a damaged or hostile
// bundle's module could otherwise grow to the 4 GiB Wasm allows (the bundle fuzz found one flipped
// byte in policy.wasm that took 4.2 GB and 12 s of CPU before it trapped). Past the limit a check
// is a WD5020 error naming the flag, never an internal error.
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

function deployments(n: number): string {
  return Array.from(
    { length: n },
    (_, i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-${i}, namespace: apps, labels: {app: web-${i}}}\nspec:\n  selector: {matchLabels: {app: web-${i}}}\n  template:\n    metadata: {labels: {app: web-${i}}}\n    spec:\n      containers: [{name: app, image: nginx}]\n`,
  ).join('---\n');
}

test('an evaluation past --max-policy-memory is a WD5020 error naming the flag; the default limit checks the same input', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-policy-memory-'));
  writeFileSync(join(dir, 'd.yaml'), deployments(4000));
  const limited = await runCli(['check', 'd.yaml', '-q', '--max-policy-memory', String(16 * 1024 * 1024)], { cwd: dir });
  t.is(limited.code, 2, limited.stderr);
  t.regex(limited.stderr, /error WD5020: the policy needed more than 16 MiB of memory to evaluate these 4000 resources; not checked/);
  t.regex(limited.stderr, /raise the limit with --max-policy-memory <bytes>/);
  t.notRegex(limited.stderr, /internal error|WD9999/);
  const plain = await runCli(['check', 'd.yaml', '--format', 'json', '-q'], { cwd: dir });
  t.is(plain.code, 1);
  t.is((JSON.parse(plain.stdout) as { summary: { resources: number } }).summary.resources, 4000);
});

test('--max-policy-memory below 16 MiB, or not a number, is a usage error', async (t) => {
  for (const v of ['1000000', 'lots']) {
    const r = await runCli(['check', 'examples/aks-devsecops/manifests/violations', '--max-policy-memory', v]);
    t.is(r.code, 2, v);
    t.regex(r.stderr, /--max-policy-memory must be/, v);
  }
});
