// `npm run bench -- check`: `warden check` over 10,000 generated, realistic resources (Deployments
// with two containers, Services, NetworkPolicies in 20 namespaces) against a model that applies
// every Kubernetes control of the library, so all library checks and the drift checks run.
//
// Figures: a side-by-side table (issue #15) of end-to-end runs of the CLI in a child process each
// (model load, policy derivation and compilation, YAML parsing, evaluation, JSON report): with the
// model and without one (--profile all/baseline), on clean input and on findings-heavy input (every
// Deployment breaks rules), the same resources as one stream on stdin and in 925 files, and
// kube-score on the same files when it is installed: wall and CPU time, resources per second, peak
// RSS (the child's process.resourceUsage().maxRSS; /usr/bin/time for kube-score), findings. Then
// the phases in-process, and, when `opa` is installed (WARDEN_BENCH_OPA=0 skips it), the same
// policies, data and input through `opa eval`, with the ratio.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliNodeFlags } from './cli-flags.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NAMESPACES = 20;
// Deployment + Service + NetworkPolicy triples, plus a default-deny policy and a PodDisruptionBudget
// per namespace: 3334 triples make 10,042 resources (WARDEN_BENCH_TRIPLES to scale).
const TRIPLES = Number(process.env.WARDEN_BENCH_TRIPLES ?? 3334);

function deployment(ns: string, i: number, heavy: boolean): string {
  // Clean input: every tenth one breaks a few rules, so findings flow through the join and the
  // reporters; the others pass the whole library, as the manifests of a repository that CI gates
  // mostly do. Findings-heavy input: every one breaks them, and its sidecar runs without any
  // securityContext or resources, as unhardened manifests do.
  const bad = heavy || i % 10 === 0;
  const sidecarHardening = heavy
    ? ''
    : `
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 50m, memory: 64Mi, ephemeral-storage: 50Mi}
            limits: {cpu: 200m, memory: 128Mi, ephemeral-storage: 512Mi}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: ${ns}
  labels: {app: web-${i}, app.kubernetes.io/name: web-${i}, tier: web, owner: team-${i % 7}}
spec:
  replicas: ${bad ? 1 : 3}
  selector:
    matchLabels: {app: web-${i}}
  template:
    metadata:
      labels: {app: web-${i}, tier: web}
    spec:
      serviceAccountName: web-${i}
      automountServiceAccountToken: false
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: app
          image: ${bad ? 'docker.io/library/nginx:latest' : `contoso.azurecr.io/web/app:1.${i}.0@sha256:${'a'.repeat(64)}`}
          imagePullPolicy: Always
          ports: [{containerPort: 8080}]
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}${bad ? '\n            privileged: true' : ''}
          resources:
            requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 100Mi}
            limits: {cpu: 500m, memory: 256Mi, ephemeral-storage: 1Gi}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
        - name: sidecar
          image: contoso.azurecr.io/mesh/proxy:2.3.1@sha256:${'b'.repeat(64)}
          imagePullPolicy: Always${sidecarHardening}
          livenessProbe: {tcpSocket: {port: 15021}}
          readinessProbe: {httpGet: {path: /ready, port: 15021}}
`;
}

function service(ns: string, i: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: web-${i}
  namespace: ${ns}
  labels: {app: web-${i}, owner: team-${i % 7}}
spec:
  selector: {app: web-${i}}
  ports: [{port: 80, targetPort: 8080}]
`;
}

// Admits the namespace's own web tier and, as the model's flow Web(n-1) -> Web(n) declares, the
// previous namespace's.
function networkPolicy(ns: string, i: number, from: string | undefined): string {
  const declared = from ? `\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${from}}}\n          podSelector: {matchLabels: {tier: web}}` : '';
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-${i}
  namespace: ${ns}
spec:
  podSelector: {matchLabels: {app: web-${i}}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {tier: web}}${declared}
`;
}

function model(controls: string[]): string {
  const lines = ['model "Bench" { owner "bench" }', 'use "warden/kubernetes"', 'use "warden/controls"', '', 'boundary Cluster "cluster" {', '  trust high'];
  const uses = controls.map((c) => (c === 'trustedRegistry' ? 'trustedRegistry("contoso.azurecr.io")' : c)).join(', ');
  for (let n = 0; n < NAMESPACES; n++) {
    lines.push(`  boundary Ns${n} { namespace "ns-${n}" }`);
    lines.push(`  workload Web${n} in Ns${n} { selector "tier=web"  controls [${uses}] }`);
  }
  lines.push('}');
  for (let n = 1; n < NAMESPACES; n++) lines.push(`flow Web${n - 1} -> Web${n}`);
  return lines.join('\n') + '\n';
}

/** How the generated resources are laid out: files per namespace, many small files, or one stream. */
export type Layout = 'namespaces' | 'files' | 'stream';

/** Files in the `files` layout, as many as a large repository's chart output split per template. */
export const MANY_FILES = 925;

/**
 * Writes model.warden and the manifests (manifests/ for the file layouts, stream.yaml for the
 * stream) into `dir`; returns the number of resources. Same resources, in the same order, whatever
 * the layout.
 */
export function generate(dir: string, options: { heavy?: boolean; layout?: Layout } = {}): number {
  const heavy = options.heavy ?? false;
  const layout = options.layout ?? 'namespaces';
  const controlsText = readFileSync(join(root, 'models/warden/controls/kubernetes.warden'), 'utf8');
  const controls = [...controlsText.matchAll(/^control (\w+)/gm)].map((m) => m[1]);
  writeFileSync(join(dir, 'model.warden'), model(controls));
  const all: string[][] = [];
  let count = 0;
  for (let n = 0; n < NAMESPACES; n++) {
    const docs: string[] = [];
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ns-${n}}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n`);
    docs.push(`apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: ns-${n}}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {tier: web}}\n`);
    count += 2;
    for (let i = n; i < TRIPLES; i += NAMESPACES) {
      docs.push(deployment(`ns-${n}`, i, heavy), service(`ns-${n}`, i), networkPolicy(`ns-${n}`, i, n > 0 ? `ns-${n - 1}` : undefined));
      count += 3;
    }
    all.push(docs);
  }
  if (layout === 'stream') {
    writeFileSync(join(dir, 'stream.yaml'), all.map((docs) => docs.join('---\n')).join('---\n'));
    return count;
  }
  mkdirSync(join(dir, 'manifests'));
  if (layout === 'namespaces') {
    all.forEach((docs, n) => writeFileSync(join(dir, 'manifests', `ns-${n}.yaml`), docs.join('---\n')));
    return count;
  }
  // MANY_FILES files of consecutive documents, named so that sorted order is document order
  const flat = all.flat();
  const per = Math.ceil(flat.length / MANY_FILES);
  for (let f = 0; f * per < flat.length; f++) writeFileSync(join(dir, 'manifests', `part-${String(f).padStart(4, '0')}.yaml`), flat.slice(f * per, (f + 1) * per).join('---\n'));
  return count;
}

/** Pipeline and platform files of the mixed repository: workflows, Dockerfiles, ARM templates. */
export const MIXED_FILES = { workflows: 400, dockerfiles: 300, templates: 300 };

/** The delivery side of the mixed repository's model: every pipeline and Azure control of the library. */
const DELIVERY = `
use "warden/azure"

boundary Delivery "GitHub and Azure" {
  trust medium
  pipeline CI { controls [pinnedActionRefs, workflowTokenLeastPrivilege, oidcCloudLogin, untrustedInputHandling, protectedDeployEnvironment] }
  containerRegistry Acr {
    controls [nonRootImage, pinnedBaseImages, noSecretsInImage, reproducibleImageBuild, registryAdminUserDisabled, registryPrivateSignedImages]
  }
  keyVault Vault { controls [keyVaultProtection] }
  aksCluster Aks { controls [aksControlPlaneLockdown, aksRuntimeGuardrails] }
  appGateway Gateway { controls [gatewayWafPrevention] }
  cosmosDb Ledger { controls [cosmosLockdown] }
}
`;

/**
 * A repository with the clean manifests of `generate` plus MIXED_FILES pipeline and platform
 * files (the example's clean and violations workflows, Dockerfile and ARM template, alternately),
 * and a model that applies every Kubernetes, pipeline and Azure control. Returns the resources.
 */
export function generateMixed(dir: string): number {
  let count = generate(dir, { heavy: false, layout: 'namespaces' });
  writeFileSync(join(dir, 'model.warden'), readFileSync(join(dir, 'model.warden'), 'utf8') + DELIVERY);
  const example = join(root, 'examples/aks-devsecops/pipeline');
  const sets = ['clean', 'violations'].map((set) => ({
    workflows: readdirSync(join(example, set, '.github/workflows')).sort().map((f) => readFileSync(join(example, set, '.github/workflows', f), 'utf8')),
    dockerfile: readFileSync(join(example, set, 'Dockerfile'), 'utf8'),
    template: readFileSync(join(example, set, 'infra/main.json'), 'utf8'),
  }));
  const out = join(dir, 'manifests', 'delivery');
  mkdirSync(out);
  for (let i = 0; i < MIXED_FILES.workflows; i++) writeFileSync(join(out, `wf-${i}.yml`), sets[i % 2]!.workflows[i % sets[i % 2]!.workflows.length]!);
  for (let i = 0; i < MIXED_FILES.dockerfiles; i++) writeFileSync(join(out, `svc-${i}.Dockerfile`), sets[i % 2]!.dockerfile);
  for (let i = 0; i < MIXED_FILES.templates; i++) writeFileSync(join(out, `infra-${i}.json`), sets[i % 2]!.template);
  count += MIXED_FILES.workflows + MIXED_FILES.dockerfiles + MIXED_FILES.templates;
  return count;
}

// The child: one `warden check` as a user runs it, timing and RSS reported on stderr as JSON.
// The report goes to a file, as in CI; the child reads it back for the finding count only after
// taking its CPU time and peak RSS, so parsing the report is not counted as Warden's.
const CHILD = `
const started = performance.now();
const { main } = await import(process.env.WARDEN_MAIN);
const { readFileSync } = await import('node:fs');
const code = await main(JSON.parse(process.env.WARDEN_ARGS), { stdout: () => {}, stderr: () => {} });
const ms = performance.now() - started;
const cpu = process.cpuUsage();
const maxRSS = process.resourceUsage().maxRSS;
let findings = -1;
let bytes = 0;
try { const text = readFileSync('report.json', 'utf8'); bytes = text.length; findings = JSON.parse(text).summary.findings; } catch {}
process.stderr.write(JSON.stringify({ code, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRSS, bytes, findings }));
`;

type ChildStats = { code: number; ms: number; cpuMs: number; maxRSS: number; bytes: number; findings: number };

/** One CLI run in a child process: the built CLI, as `npx warden` runs it; without dist/ the sources through tsx. */
function childCheck(dir: string, args: string[], stdinFile?: string): ChildStats {
  const built = join(root, 'dist', 'cli', 'main.js');
  const fromDist = existsSync(built);
  const child = spawnSync(process.execPath, [...cliNodeFlags(), ...(fromDist ? [] : ['--import', import.meta.resolve('tsx')]), '--input-type=module', '-e', CHILD], {
    cwd: dir,
    ...(stdinFile ? { input: readFileSync(join(dir, stdinFile)) } : {}),
    env: { ...process.env, WARDEN_MAIN: pathToFileURL(fromDist ? built : join(root, 'src/cli/main.ts')).href, WARDEN_ARGS: JSON.stringify(args) },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (!child.stderr.includes('"maxRSS"')) throw new Error(`child failed: ${child.stderr.slice(0, 500)}`);
  return JSON.parse(child.stderr.slice(child.stderr.lastIndexOf('{'))) as ChildStats;
}

const HEADER = `  ${'run (end to end, child process; CPU time is the fair figure on a shared machine)'.padEnd(70)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(7)} ${'res/s wall'.padStart(10)} ${'res/CPU-s'.padStart(10)} ${'peak MB'.padStart(8)} ${'findings'.padStart(9)}  exit`;

function row(label: string, resources: number, s: { ms: number; cpuMs: number; maxRSS: number; findings: number; code: number }): string {
  return `  ${label.padEnd(70)} ${(s.ms / 1000).toFixed(2).padStart(7)} ${(s.cpuMs / 1000).toFixed(2).padStart(7)} ${String(Math.round(resources / (s.ms / 1000))).padStart(10)} ${String(Math.round(resources / (s.cpuMs / 1000))).padStart(10)} ${String(Math.round(s.maxRSS / 1024)).padStart(8)} ${(s.findings >= 0 ? String(s.findings) : '-').padStart(9)}  ${s.code}`;
}

/** kube-score on the same files, when it is installed (measured, never a dependency). */
function findKubeScore(): string | undefined {
  for (const p of [process.env.KUBE_SCORE, '/root/go/bin/kube-score', join(process.env.HOME ?? '', 'go/bin/kube-score'), '/usr/local/bin/kube-score']) if (p && existsSync(p)) return p;
  return undefined;
}

function kubeScore(bin: string, dir: string): { ms: number; cpuMs: number; maxRSS: number; findings: number; code: number } | undefined {
  if (!existsSync('/usr/bin/time')) return undefined;
  const files = readdirSync(join(dir, 'manifests')).sort().map((f) => join(dir, 'manifests', f));
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %M %U %S', bin, 'score', '--output-format', 'ci', ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  const m = /TIME (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  if (!m) return undefined;
  const findings = (r.stdout ?? '').split('\n').filter((l) => /^\[(CRITICAL|WARNING)\]/.test(l)).length;
  return { ms, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, maxRSS: Number(m[1]), findings, code: r.status ?? -1 };
}

/**
 * The side-by-side table of issue #15: model and model-less runs on clean and findings-heavy input,
 * one stream against the same resources in many files, and kube-score where it is installed.
 */
function sideBySide(): string[] {
  const out = [HEADER];
  const ks = findKubeScore();
  const json = ['--format', 'json', '-q', '-o', 'report.json'];
  for (const heavy of [false, true]) {
    const dir = mkdtempSync(join(tmpdir(), 'warden-bench-check-'));
    try {
      const n = generate(dir, { heavy });
      const what = heavy ? 'findings-heavy' : 'clean';
      out.push(row(`model, ${what}, ${NAMESPACES} files`, n, childCheck(dir, ['check', 'model.warden', 'manifests', ...json])));
      out.push(row(`no model --profile all, ${what}, ${NAMESPACES} files`, n, childCheck(dir, ['check', 'manifests', '--profile', 'all', ...json])));
      if (!heavy) out.push(row(`no model --profile baseline, ${what}, ${NAMESPACES} files`, n, childCheck(dir, ['check', 'manifests', '--profile', 'baseline', ...json])));
      // what a CI job uploads to code scanning: the report a result at a time, as JSON
      if (heavy) out.push(row(`model, ${what}, ${NAMESPACES} files, SARIF out`, n, childCheck(dir, ['check', 'model.warden', 'manifests', '--format', 'sarif', '-q', '-o', 'report.sarif'])));
      const k = ks ? kubeScore(ks, dir) : undefined;
      out.push(k ? row(`kube-score score (same files; findings = CRITICAL+WARNING lines)`, n, k) : `  kube-score: not installed (go install github.com/zegl/kube-score/cmd/kube-score@latest to compare)`);
    } finally {
      if (!process.env.WARDEN_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    }
  }
  const mixed = mkdtempSync(join(tmpdir(), 'warden-bench-check-'));
  try {
    const n = generateMixed(mixed);
    const files = MIXED_FILES.workflows + MIXED_FILES.dockerfiles + MIXED_FILES.templates;
    out.push(row(`model, mixed repository: clean manifests + ${files} workflows/Dockerfiles/ARM`, n, childCheck(mixed, ['check', 'model.warden', 'manifests', ...json])));
  } finally {
    if (!process.env.WARDEN_BENCH_KEEP) rmSync(mixed, { recursive: true, force: true });
  }
  for (const layout of ['files', 'stream'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'warden-bench-check-'));
    try {
      const n = generate(dir, { heavy: true, layout });
      const stats = layout === 'stream' ? childCheck(dir, ['check', '-', '--profile', 'all', ...json], 'stream.yaml') : childCheck(dir, ['check', 'manifests', '--profile', 'all', ...json]);
      out.push(row(layout === 'stream' ? 'no model --profile all, findings-heavy, one stream on stdin' : `no model --profile all, findings-heavy, ${MANY_FILES} files`, n, stats));
    } finally {
      if (!process.env.WARDEN_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

function findOpa(): string | undefined {
  for (const p of ['/root/go/bin/opa', '/usr/local/bin/opa', '/usr/bin/opa']) if (existsSync(p)) return p;
  try {
    return execFileSync('which', ['opa'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function run(): Promise<string[]> {
  const out: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-check-'));
  try {
    const resources = generate(dir);
    out.push(`  input: ${resources} resources (${TRIPLES} Deployments x 2 containers, Services, NetworkPolicies); every control of the library on`);
    const fromDist = existsSync(join(root, 'dist', 'cli', 'main.js'));
    if (!fromDist) out.push('  (src/ through tsx: run `npm run build` for the real figures)');
    out.push(...sideBySide());

    // The phases, in-process (compilation memoised by the engine, so measured once here).
    const { loadModelWithThreats } = await import('../src/check/model-input.js');
    const { loadManifests, runCheck, formatSarif } = await import('../src/check/index.js');
    const { derivePolicy, wardenEngine } = await import('../src/policy/index.js');
    let t = performance.now();
    const input = loadModelWithThreats(join(dir, 'model.warden'), { cwd: dir });
    const tModel = performance.now() - t;
    if (!input.model || !input.register) throw new Error(`bench model does not load: ${JSON.stringify(input.diagnostics.slice(0, 3))}`);
    t = performance.now();
    const set = await loadManifests(['manifests'], { cwd: dir });
    const tYaml = performance.now() - t;
    t = performance.now();
    const derived = derivePolicy(input.model, input.register);
    const engine = wardenEngine();
    const compiled = await engine.compile(derived.value.modules, derived.value.entrypoints);
    if (!compiled.value) throw new Error(`bench policy does not compile: ${JSON.stringify(compiled.diagnostics.slice(0, 3))}`);
    const tCompile = performance.now() - t;
    const policy = await engine.load(compiled.value.wasm);
    policy.setData(derived.value.data);
    t = performance.now();
    const report = await runCheck({ model: input.model, register: input.register, manifests: set.value, compiled: { bundle: derived.value, policy }, cwd: dir });
    const tEval = performance.now() - t;
    t = performance.now();
    formatSarif(report.value!);
    const tSarif = performance.now() - t;
    const checks = derived.value.checks.length;
    out.push(
      `  phases: model+threats ${tModel.toFixed(0)} ms, YAML ${tYaml.toFixed(0)} ms, derive+compile (${checks} checks) ${tCompile.toFixed(0)} ms, evaluate+join ${tEval.toFixed(0)} ms, SARIF ${tSarif.toFixed(0)} ms; ${report.value!.summary.findings} findings`,
    );
    const warm = tYaml + tEval + tSarif;
    out.push(`  with a compiled policy (policy build once, check many): ${Math.round(resources / (warm / 1000))} resources/s (YAML + evaluation + SARIF)`);

    const opa = process.env.WARDEN_BENCH_OPA === '0' ? undefined : findOpa();
    if (!opa) {
      out.push('  opa eval: skipped (no opa binary found)');
      return out;
    }
    // The same modules, data and input through the reference interpreter.
    const src = join(dir, 'opa');
    for (const m of derived.value.modules) {
      const p = join(src, m.file);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, m.source);
    }
    writeFileSync(join(dir, 'data.json'), JSON.stringify(derived.value.data));
    writeFileSync(join(dir, 'input.json'), JSON.stringify({ resources: set.value.resources.map((r) => r.object) }));
    t = performance.now();
    const res = spawnSync(opa, ['eval', '--format', 'json', '-d', src, '-d', join(dir, 'data.json'), '-i', join(dir, 'input.json'), 'count(data.warden.main.findings)'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const tOpa = performance.now() - t;
    const opaCount = res.status === 0 ? (JSON.parse(res.stdout) as { result: Array<{ expressions: Array<{ value: number }> }> }).result[0].expressions[0].value : NaN;
    out.push(
      `  opa eval (same modules, data, input; parse+compile+eval): ${(tOpa / 1000).toFixed(2)} s, ${opaCount} raw findings vs ${report.value!.summary.findings} merged; Warden evaluate+join / opa eval = ${(tEval / tOpa).toFixed(2)}`,
    );
    return out;
  } finally {
    // WARDEN_BENCH_KEEP=1 keeps the generated model, manifests and opa inputs for profiling.
    if (process.env.WARDEN_BENCH_KEEP) console.log(`  (kept ${dir})`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
