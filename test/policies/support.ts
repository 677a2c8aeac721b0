// Shared by the policy tests: the library's files, the example manifests as check input, and a
// reference `opa` binary when the machine has one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const manifests = join(root, 'examples', 'aks-devsecops', 'manifests');

export interface Finding {
  check: string;
  severity: string;
  msg: string;
  resource: number;
  path: (string | number)[];
}

/** Check slugs (file names without .rego) of policies/k8s, sorted. */
export function checkSlugs(): string[] {
  return readdirSync(join(root, 'policies', 'k8s'))
    .filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))
    .map((f) => f.replace(/\.rego$/, ''))
    .sort();
}

/** Every .rego file of policies/lib and policies/k8s as {file, source}; tests included on request. */
export function libraryModules(withTests: boolean): { file: string; source: string }[] {
  return ['lib', 'k8s'].flatMap((dir) =>
    readdirSync(join(root, 'policies', dir))
      .filter((f) => f.endsWith('.rego') && (withTests || !f.endsWith('_test.rego')))
      .sort()
      .map((f) => ({ file: `policies/${dir}/${f}`, source: readFileSync(join(root, 'policies', dir, f), 'utf8') })),
  );
}

/** Every resource of the YAML files of `dir`, in file-name then document order, List kinds flattened. */
export function resourcesOf(dir: string): { resources: any[]; names: string[] } {
  const resources: any[] = [];
  const names: string[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      const value = doc.toJS();
      if (!value) continue;
      for (const r of value.kind === 'List' ? value.items : [value]) {
        resources.push(r);
        names.push(`${r.kind}/${r.metadata?.namespace ?? ''}/${r.metadata?.name}`);
      }
    }
  }
  return { resources, names };
}

export function findOpa(): string | undefined {
  if (existsSync('/root/go/bin/opa')) return '/root/go/bin/opa';
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, 'opa'))) return join(dir, 'opa');
  return undefined;
}

/** All findings of the library for these resources through the reference `opa eval`. */
export function evaluateWithOpa(opa: string, resources: unknown[], params: Record<string, unknown> = {}): Finding[] {
  const dir = mkdtempSync(join(tmpdir(), 'warden-policies-'));
  try {
    writeFileSync(join(dir, 'input.json'), JSON.stringify({ resources }));
    writeFileSync(join(dir, 'params.json'), JSON.stringify({ warden: { params } }));
    const run = spawnSync(opa, [
      'eval', '--format', 'json', '--ignore', '*_test.rego',
      '-d', join(root, 'policies', 'lib', 'k8s.rego'), '-d', join(root, 'policies', 'k8s'), '-d', join(dir, 'params.json'),
      '-i', join(dir, 'input.json'),
      '[f | f := data.warden.checks[_].deny[_]]',
    ], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout).result[0].expressions[0].value as Finding[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A stable text form of a finding, for set comparisons. */
export const key = (f: Finding) => JSON.stringify([f.check, f.resource, f.path, f.severity, f.msg]);
