// The reference for how Kubernetes reads YAML, for differential tests: test/check/kube-yaml-oracle
// (sigs.k8s.io/yaml, which kubectl, Helm and the API server use) built once per test process where
// Go is installed. Never used by Warden itself.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = join(dirname(fileURLToPath(import.meta.url)), '..', 'check', 'kube-yaml-oracle');

export type KubeYaml = { convert(docs: readonly string[]): string[] } | { reason: string };

let built: KubeYaml | undefined;

/** The oracle: `convert` gives each document's JSON as kubectl would send it, or "ERR <message>". */
export function kubeYaml(): KubeYaml {
  return (built ??= build());
}

function build(): KubeYaml {
  if (spawnSync('go', ['version'], { encoding: 'utf8' }).status !== 0) return { reason: 'no Go on this machine' };
  const dir = mkdtempSync(join(tmpdir(), 'warden-kube-yaml-oracle-'));
  cpSync(source, dir, { recursive: true });
  const make = spawnSync('go', ['build', '-o', 'oracle', '.'], { cwd: dir, encoding: 'utf8', timeout: 180_000, env: { ...process.env, GOFLAGS: '-mod=mod' } });
  const path = join(dir, 'oracle');
  if (make.status !== 0 || !existsSync(path)) return { reason: `the oracle did not build: ${(make.stderr || String(make.error)).split('\n')[0]}` };
  return {
    convert: (docs) => {
      const out = spawnSync(path, { input: docs.map((d) => JSON.stringify(d)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 }).stdout.trimEnd().split('\n');
      if (out.length !== docs.length) throw new Error(`the oracle answered ${out.length} of ${docs.length} documents`);
      return out;
    },
  };
}
