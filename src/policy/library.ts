// The policy library on disk: check packages (`policies/k8s/*.rego`, package `warden.checks.<slug>`),
// their shared helpers (`policies/lib/*.rego`), and the model drift checks (`policies/model/*.rego`,
// package `warden.model.<slug>`). Each check's package-scoped METADATA gives its id, severity,
// title and STRIDE letters; that is all Warden needs to know about a check without compiling it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { emptySpan, type Diagnostic, type Result } from '../diagnostics/index.js';
import type { Severity } from '../model/types.js';
import { parseYamlMappingFast } from '../text/fast-yaml.js';

export interface RegoModule {
  /** Path shown in diagnostics and written to the bundle, relative to the library root's parent ('policies/k8s/x.rego'). */
  file: string;
  source: string;
}

export interface CheckInfo {
  id: string;
  /** Rego package, e.g. 'warden.checks.host_network' or 'warden.model.public_exposure'. */
  package: string;
  /** 'library' for Kubernetes hardening checks, 'drift' for model-versus-cluster checks. */
  family: 'library' | 'drift';
  file: string;
  title: string;
  description: string;
  severity: Severity;
  /** STRIDE letters as written in METADATA (S, T, R, I, D, E). */
  stride: string[];
  remediation?: string;
  /** Other tools' ids for the same check. */
  aliases: Record<string, string>;
  /**
   * How much of the check admission control can enforce (METADATA `custom.admission`, with
   * `admission_reason`): absent means fully, one object at a time; 'partial' and 'ci-only' say why.
   */
  admission?: { mode: 'partial' | 'ci-only'; reason: string };
  /**
   * METADATA `custom.context`: the kinds besides a resource itself that the check's verdict on it
   * depends on (a HorizontalPodAutoscaler for a Deployment's replicas). `warden check` then
   * evaluates it on chunks of the input plus every resource of these kinds.
   */
  context?: string[];
  /**
   * METADATA `custom.per_resource: true` on a drift check: like a library check without an
   * admission mode, it judges each resource by itself (with the model), so it runs on chunks.
   */
  perResource?: boolean;
  /**
   * METADATA `custom.pod_spec: false`: the check's verdicts never depend on a workload's pod spec
   * (containers, volumes, ...) nor on a ConfigMap's or Secret's payload (data, binaryData,
   * stringData), so a whole-input evaluation may give it the input without them.
   */
  readsPodSpec?: false;
}

export interface PolicyLibrary {
  root: string;
  checks: Map<string, CheckInfo>;
  /** Check modules by id. */
  checkModules: Map<string, RegoModule>;
  /** Helper modules every library check may import (`policies/lib`). */
  libModules: RegoModule[];
  /** Drift check modules and their helpers (`policies/model`). */
  driftModules: RegoModule[];
}

/** The library shipped with Warden: `policies/` next to `src/` (or `dist/`). */
export function defaultPolicyRoot(): string {
  return fileURLToPath(new URL('../../policies/', import.meta.url));
}

const SEVERITIES = new Set(['info', 'low', 'medium', 'high', 'critical']);

/** Package name and package-scoped METADATA (the block right above `package`), without compiling. */
export function readPackageMetadata(source: string): { pkg?: string; metadata?: Record<string, unknown>; error?: string } {
  const lines = source.split(/\r?\n/);
  const pkgLine = lines.findIndex((l) => /^package\s+/.test(l));
  if (pkgLine < 0) return {};
  const pkg = lines[pkgLine].replace(/^package\s+/, '').trim();
  let start = pkgLine - 1;
  while (start >= 0 && lines[start].startsWith('#')) start--;
  const block = lines.slice(start + 1, pkgLine);
  const at = block.findIndex((l) => /^#\s*METADATA\s*$/.test(l));
  if (at < 0) return { pkg };
  const yamlText = block
    .slice(at + 1)
    .map((l) => l.replace(/^# ?/, ''))
    .join('\n');
  try {
    // The fast reader takes the plain YAML METADATA is written in; `yaml` the rest (and its errors).
    const metadata = (parseYamlMappingFast(yamlText) ?? parseYaml(yamlText, { logLevel: 'error', merge: true })) as Record<string, unknown>;
    return { pkg, metadata: metadata && typeof metadata === 'object' ? metadata : {} };
  } catch (err) {
    return { pkg, error: (err as Error).message.split('\n')[0] };
  }
}

function regoFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Reads the library under `root` (default: Warden's own `policies/`): checks in `k8s/`, helpers in
 * `lib/`, drift checks in `model/` (or `modelDir`, so a test library can reuse the real drift checks).
 */
export function loadLibrary(root: string = defaultPolicyRoot(), options: { modelDir?: string } = {}): Result<PolicyLibrary> {
  const diagnostics: Diagnostic[] = [];
  const base = join(root, '..');
  const read = (abs: string): RegoModule => {
    // Files outside the library root (a modelDir elsewhere) are named by their last two segments.
    const rel = relative(base, abs).split('\\').join('/');
    return { file: rel.startsWith('..') ? `policies/${abs.split(/[\\/]/).slice(-2).join('/')}` : rel, source: readFileSync(abs, 'utf8') };
  };
  const lib: PolicyLibrary = { root, checks: new Map(), checkModules: new Map(), libModules: [], driftModules: [] };
  lib.libModules = regoFiles(join(root, 'lib')).map(read);
  const take = (mod: RegoModule, family: CheckInfo['family']) => {
    const { pkg, metadata, error } = readPackageMetadata(mod.source);
    if (error) {
      diagnostics.push({ code: 'WD4010', severity: 'warning', message: `METADATA of ${mod.file} is not valid YAML: ${error}`, file: mod.file, span: emptySpan });
      return;
    }
    const custom = (metadata?.custom ?? {}) as Record<string, unknown>;
    const id = typeof custom.id === 'string' ? custom.id : undefined;
    if (!pkg || !id) return; // a helper module, not a check
    const sev = String(custom.severity ?? 'medium');
    if (lib.checks.has(id)) {
      diagnostics.push({ code: 'WD4011', severity: 'warning', message: `check id ${id} is declared by both ${lib.checks.get(id)!.file} and ${mod.file}`, file: mod.file, span: emptySpan });
      return;
    }
    lib.checks.set(id, {
      id,
      package: pkg,
      family,
      file: mod.file,
      title: String(metadata?.title ?? id),
      description: String(metadata?.description ?? metadata?.title ?? id).trim(),
      severity: (SEVERITIES.has(sev) ? sev : 'medium') as Severity,
      stride: Array.isArray(custom.stride) ? custom.stride.map(String) : [],
      ...(typeof custom.remediation === 'string' ? { remediation: custom.remediation } : {}),
      aliases: Object.fromEntries(Object.entries((custom.aliases ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
      ...(custom.admission === 'partial' || custom.admission === 'ci-only'
        ? { admission: { mode: custom.admission, reason: String(custom.admission_reason ?? '').trim() || 'not enforceable one object at a time' } }
        : {}),
      ...(Array.isArray(custom.context) && custom.context.length > 0 ? { context: custom.context.map(String) } : {}),
      ...(custom.per_resource === true ? { perResource: true } : {}),
      ...(custom.pod_spec === false ? { readsPodSpec: false as const } : {}),
    });
    if (custom.admission !== undefined && custom.admission !== 'partial' && custom.admission !== 'ci-only') {
      diagnostics.push({ code: 'WD4010', severity: 'warning', message: `METADATA of ${mod.file}: admission must be partial or ci-only (got ${JSON.stringify(custom.admission)})`, file: mod.file, span: emptySpan });
    }
    if (family === 'library') lib.checkModules.set(id, mod);
  };
  // Kubernetes checks, then the checks on workflows and Dockerfiles (src/check/sources).
  for (const abs of [...regoFiles(join(root, 'k8s')), ...regoFiles(join(root, 'pipeline'))]) take(read(abs), 'library');
  for (const abs of regoFiles(options.modelDir ?? join(root, 'model'))) {
    const mod = read(abs);
    lib.driftModules.push(mod);
    take(mod, 'drift');
  }
  return { value: lib, diagnostics };
}
