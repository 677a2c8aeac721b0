// One bundle exported by `warden export bundle` from the AKS example, made once per process: the
// bundle surface mutates it; the YAML surface checks manifests with it (no compilation per input).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, repoRoot, scratchDir } from './mutate.js';

let bundle: Uint8Array | undefined;

export const BUNDLE_MODEL = 'examples/aks-devsecops/model.warden';

export async function exportedBundle(): Promise<Uint8Array> {
  if (bundle) return bundle;
  const out = join(scratchDir(), 'exported.tar.gz');
  const r = await cli(['export', 'bundle', join(repoRoot, BUNDLE_MODEL), '-o', out, '--root', repoRoot], repoRoot);
  if (r.code !== 0) throw new Error(`warden export bundle failed (${r.code}): ${r.stderr}`);
  bundle = new Uint8Array(readFileSync(out));
  return bundle;
}
