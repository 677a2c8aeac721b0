// `npm run bench -- manifests`: large but legal manifest inputs, and hostile ones, through the built
// CLI in a child process each (so peak RSS is the input's own): wall time, CPU time and peak RSS
// (the child's process.resourceUsage().maxRSS) of
//   - reading alone (loadManifests, as `warden check` reads them), and
//   - `warden check` end to end (a model that applies the nonRoot control to one Deployment, so
//     every other workload is a drift finding: the evaluation sees every resource).
// Inputs (WARDEN_BENCH_SCALE=0.1 for a quick run, WARDEN_BENCH_ONLY=aliases,bomb for some):
//   baseline     one small Deployment: Node and Warden's own memory, whatever the input
//   deployments  45 MB of Deployments in one file (the fast reader's path)
//   configmap    one ConfigMap with 1,000,000 keys
//   aliases      5,000 documents with 99 aliases each (the general reader's path)
//   bomb         a 1 MB anchor aliased 99 times (must be refused, quickly and in little memory)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliNodeFlags } from './cli-flags.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCALE = Number(process.env.WARDEN_BENCH_SCALE ?? 1);

const MODEL = `model "Bench manifests" { owner "bench" }
use "warden/kubernetes"
use "warden/controls"
boundary Cluster "cluster" {
  trust high
  boundary Apps { namespace "apps" }
}
workload Api in Apps {
  workload "deployment/web-0"
  controls [nonRoot]
}
`;

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: apps
  labels: {app: web-${i}, tier: web, owner: team-${i % 7}}
  annotations:
    description: "Deployment number ${i} of the large-input bench, with a realistic amount of text"
spec:
  replicas: 3
  selector:
    matchLabels: {app: web-${i}}
  template:
    metadata:
      labels: {app: web-${i}, tier: web}
    spec:
      serviceAccountName: web-${i}
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: app
          image: contoso.azurecr.io/web/app:1.${i}.0
          ports: [{containerPort: 8080}]
          env:
            - name: LOG_LEVEL
              value: info
            - name: INSTANCE
              value: "web-${i}"
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
`;
}

function deployments(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const d = deployment(i);
    parts.push(d);
    size += d.length + 4;
  }
  return parts.join('---\n');
}

function configMap(keys: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: big, namespace: apps}', 'data:'];
  for (let i = 0; i < keys; i++) lines.push(`  key-${i}: "value ${i}"`);
  return lines.join('\n') + '\n';
}

function aliasDocuments(docs: number): string {
  const parts: string[] = [];
  for (let d = 0; d < docs; d++) {
    const lines = [`apiVersion: v1`, `kind: ConfigMap`, `metadata:`, `  name: cm-${d}`, `  namespace: apps`, `  labels: &labels {app: web-${d}, tier: web, owner: team-${d % 7}}`, `data:`];
    for (let a = 0; a < 98; a++) lines.push(`  copy-${a}: *labels`);
    lines.push(`selector: *labels`);
    parts.push(lines.join('\n') + '\n');
  }
  return parts.join('---\n');
}

function bomb(anchorBytes: number, aliases: number): string {
  const lines: string[] = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb, namespace: apps}', 'big: &a'];
  let size = 0;
  for (let i = 0; size < anchorBytes; i++) {
    const l = `  k${i}: value-${i}-padding-padding-padding`;
    lines.push(l);
    size += l.length + 1;
  }
  lines.push('copies:');
  for (let i = 0; i < aliases; i++) lines.push('  - *a');
  return lines.join('\n') + '\n';
}

// The child: reading alone, or the whole check; figures as JSON on stderr.
const CHILD = `
const started = performance.now();
let result;
if (process.env.WARDEN_MODE === 'read') {
  const { loadManifests } = await import(process.env.WARDEN_CHECK);
  const r = await loadManifests([process.env.WARDEN_FILE]);
  result = { resources: r.value.resources.length, diagnostics: r.diagnostics.map((d) => d.code + ' ' + d.span.line + ':' + d.span.column + ' ' + d.message).slice(0, 2) };
} else {
  const { main } = await import(process.env.WARDEN_MAIN);
  let err = '';
  const code = await main(['check', 'model.warden', process.env.WARDEN_FILE, '--format', 'json', '-q'], { stdout: () => {}, stderr: (t) => { err += t; } });
  result = { code, diagnostics: err.split('\\n').filter((l) => / error /.test(l)).slice(0, 2) };
}
const cpu = process.cpuUsage();
process.stderr.write(JSON.stringify({ ...result, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, maxRSS: process.resourceUsage().maxRSS }));
`;

interface Figures {
  ms: number;
  cpuMs: number;
  maxRSS: number;
  resources?: number;
  code?: number;
  diagnostics: string[];
}

function child(dir: string, file: string, mode: 'read' | 'check'): Figures {
  const res = spawnSync(process.execPath, [...cliNodeFlags(), '--input-type=module', '-e', CHILD], {
    cwd: dir,
    env: {
      ...process.env,
      WARDEN_MODE: mode,
      WARDEN_FILE: file,
      WARDEN_MAIN: pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href,
      WARDEN_CHECK: pathToFileURL(join(root, 'dist', 'check', 'index.js')).href,
    },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const at = res.stderr.lastIndexOf('{"');
  if (at < 0) throw new Error(`child failed (${mode} ${file}): ${res.stderr.slice(0, 500)}`);
  return JSON.parse(res.stderr.slice(at)) as Figures;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export async function run(): Promise<string[]> {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error('run `npm run build` first: this bench measures the built CLI');
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-manifests-'));
  const out: string[] = [];
  try {
    writeFileSync(join(dir, 'model.warden'), MODEL);
    const inputs: Array<[string, string, () => string]> = [
      ['baseline', 'one small Deployment (Node and Warden alone)', () => deployment(0)],
      ['deployments', '45 MB of Deployments, one file', () => deployments(45 * 1024 * 1024 * SCALE)],
      ['configmap', 'one ConfigMap with 1,000,000 keys', () => configMap(Math.round(1_000_000 * SCALE))],
      ['aliases', '5,000 documents with 99 aliases each', () => aliasDocuments(Math.round(5000 * SCALE))],
      ['bomb', 'a 1 MB anchor aliased 99 times (refused)', () => bomb(1024 * 1024, 99)],
    ];
    out.push(`  ${'input'.padEnd(44)} ${'size'.padStart(8)}  ${'read: wall / CPU / peak RSS (x input / above baseline)'.padEnd(48)} ${'check: the same'.padEnd(48)} result`);
    const baseline: { read?: number; check?: number } = {};
    // WARDEN_BENCH_ONLY=aliases,bomb runs only those
    const only = (process.env.WARDEN_BENCH_ONLY ?? '').split(',').filter(Boolean);
    for (const [name, label, generate] of inputs) {
      if (only.length > 0 && !only.includes(name)) continue;
      const file = `${name}.yaml`;
      writeFileSync(join(dir, file), generate());
      const size = statSync(join(dir, file)).size;
      const read = child(dir, file, 'read');
      const check = child(dir, file, 'check');
      // x input: peak RSS over the input's size, and (after the slash) the same above the baseline
      // run's peak, which is Node and Warden's code alone whatever the input
      const base = (mode: 'read' | 'check') => (name === 'baseline' ? 0 : (baseline[mode] ?? 0));
      const rss = (f: Figures, mode: 'read' | 'check') =>
        `${(f.ms / 1000).toFixed(2)} s / ${(f.cpuMs / 1000).toFixed(2)} s / ${mb(f.maxRSS * 1024)} MB${name === 'baseline' ? '' : ` (${((f.maxRSS * 1024) / size).toFixed(1)}x / ${(((f.maxRSS - base(mode)) * 1024) / size).toFixed(1)}x)`}`;
      const result = read.diagnostics.length ? read.diagnostics[0]!.slice(0, 90) : `${read.resources} resources, exit ${check.code}`;
      if (name === 'baseline') (baseline.read = read.maxRSS), (baseline.check = check.maxRSS);
      out.push(`  ${label.padEnd(44)} ${mb(size).padStart(5)} MB  ${rss(read, 'read').padEnd(48)} ${rss(check, 'check').padEnd(48)} ${result}`);
    }
    return out;
  } finally {
    if (process.env.WARDEN_BENCH_KEEP) console.log(`  (kept ${dir})`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
