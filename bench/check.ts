// `npm run bench -- check`: `warden check` over 10,000 generated, realistic resources (Deployments
// with two containers, Services, NetworkPolicies in 20 namespaces) against a model that applies
// every Kubernetes control of the library, so all library checks and the drift checks run.
//
// Figures: end-to-end wall time of the CLI in a child process (model load, policy derivation and
// compilation, YAML parsing, evaluation, SARIF), resources per second, peak RSS (the child's
// process.resourceUsage().maxRSS); the same split into phases in-process; and, when `opa` is
// installed, the same policies, data and input through `opa eval`, with the ratio.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NAMESPACES = 20;
// Deployment + Service + NetworkPolicy triples, plus a default-deny policy and a PodDisruptionBudget
// per namespace: 3334 triples make 10,042 resources (WARDEN_BENCH_TRIPLES to scale).
const TRIPLES = Number(process.env.WARDEN_BENCH_TRIPLES ?? 3334);

function deployment(ns: string, i: number): string {
  // Every tenth one breaks a few rules, so findings flow through the join and the reporters; the
  // others pass the whole library, as the manifests of a repository that CI gates mostly do.
  const bad = i % 10 === 0;
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
          imagePullPolicy: Always
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 50m, memory: 64Mi, ephemeral-storage: 50Mi}
            limits: {cpu: 200m, memory: 128Mi, ephemeral-storage: 512Mi}
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

export function generate(dir: string): number {
  const controlsText = readFileSync(join(root, 'models/warden/controls/kubernetes.warden'), 'utf8');
  const controls = [...controlsText.matchAll(/^control (\w+)/gm)].map((m) => m[1]);
  writeFileSync(join(dir, 'model.warden'), model(controls));
  mkdirSync(join(dir, 'manifests'));
  let count = 0;
  for (let n = 0; n < NAMESPACES; n++) {
    const docs: string[] = [];
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ns-${n}}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n`);
    docs.push(`apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: ns-${n}}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {tier: web}}\n`);
    count += 2;
    for (let i = n; i < TRIPLES; i += NAMESPACES) {
      docs.push(deployment(`ns-${n}`, i), service(`ns-${n}`, i), networkPolicy(`ns-${n}`, i, n > 0 ? `ns-${n - 1}` : undefined));
      count += 3;
    }
    writeFileSync(join(dir, 'manifests', `ns-${n}.yaml`), docs.join('---\n'));
  }
  return count;
}

// The child: one `warden check` as a user runs it, timing and RSS reported on stderr as JSON.
const CHILD = `
const started = performance.now();
const { main } = await import(process.env.WARDEN_MAIN);
let out = '';
const code = await main(JSON.parse(process.env.WARDEN_ARGS), { stdout: (t) => { out += t; }, stderr: () => {} });
const cpu = process.cpuUsage();
process.stderr.write(JSON.stringify({ code, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, maxRSS: process.resourceUsage().maxRSS, bytes: out.length }));
`;

type ChildStats = { code: number; ms: number; cpuMs: number; maxRSS: number; bytes: number };

/** One CLI run in a child process: the built CLI, as `npx warden` runs it; without dist/ the sources through tsx. */
function childCheck(dir: string, args: string[]): ChildStats {
  const built = join(root, 'dist', 'cli', 'main.js');
  const fromDist = existsSync(built);
  const child = spawnSync(process.execPath, [...(fromDist ? [] : ['--import', import.meta.resolve('tsx')]), '--input-type=module', '-e', CHILD], {
    cwd: dir,
    env: { ...process.env, WARDEN_MAIN: pathToFileURL(fromDist ? built : join(root, 'src/cli/main.ts')).href, WARDEN_ARGS: JSON.stringify(args) },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (!child.stderr.includes('"maxRSS"')) throw new Error(`child failed: ${child.stderr.slice(0, 500)}`);
  return JSON.parse(child.stderr.slice(child.stderr.lastIndexOf('{'))) as ChildStats;
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
    out.push(`  input: ${resources} resources (${TRIPLES} Deployments x 2 containers, Services, NetworkPolicies) in ${NAMESPACES} files`);

    // End to end, in a child process, as a user runs it.
    // The built CLI, as `npx warden` runs it; without dist/ the sources through tsx, whose
    // transpiling then counts in the figure.
    const fromDist = existsSync(join(root, 'dist', 'cli', 'main.js'));
    const stats = childCheck(dir, ['check', 'model.warden', 'manifests', '--format', 'sarif', '-q']);
    out.push(
      `  warden check (end to end, child process, ${fromDist ? 'dist/' : 'src/ through tsx: run `npm run build` for the real figure'}): ${(stats.ms / 1000).toFixed(2)} s wall (${(stats.cpuMs / 1000).toFixed(2)} s CPU; CPU time is the fair figure on a shared machine), ${Math.round(resources / (stats.ms / 1000))} resources/s wall, ${Math.round(resources / (stats.cpuMs / 1000))} per CPU-second, peak RSS ${Math.round(stats.maxRSS / 1024)} MB, exit ${stats.code}, SARIF ${Math.round(stats.bytes / 1024)} KB`,
    );

    // No model: the baseline profile on every workload (the in-memory model has one element per Deployment).
    for (const profile of ['baseline', 'all']) {
      const ml = childCheck(dir, ['check', 'manifests', '--profile', profile, '--format', 'sarif', '-q']);
      out.push(
        `  warden check without a model (--profile ${profile}, end to end): ${(ml.ms / 1000).toFixed(2)} s wall (${(ml.cpuMs / 1000).toFixed(2)} s CPU), ${Math.round(resources / (ml.ms / 1000))} resources/s wall, ${Math.round(resources / (ml.cpuMs / 1000))} per CPU-second, peak RSS ${Math.round(ml.maxRSS / 1024)} MB, exit ${ml.code}`,
      );
    }

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

    const opa = findOpa();
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
