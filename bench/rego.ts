// Rego compiler figures: compile time of a generated 50-rule Kubernetes policy (cold process and warm),
// module size, and evaluation throughput over 10,000 generated resources, next to `opa eval` when an
// opa binary is available (OPA_BIN, /root/go/bin/opa or opa on PATH). With opa, side by side in one
// run (issue #17), whole process against whole process: `warden rego build` against `opa build -t
// wasm` (CPU), Warden's module against OPA's module in the same stock SDK (small and large inputs),
// and a whole `warden rego eval` against `opa eval`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { compileRego, loadPolicy } from '../src/rego/index.js';

const RULES = 50;
const RESOURCES = 10_000;

/** 50 checks in the style of policies/k8s: each iterates every resource and its containers. */
export function benchPolicy(): string {
  const lines = ['package bench', '', 'containers(r) := r.spec.containers if r.kind == "Pod"', 'containers(r) := r.spec.template.spec.containers if r.kind == "Deployment"', ''];
  const checks = [
    (i: number) => `c.securityContext.privileged == true`,
    (i: number) => `not c.securityContext.runAsNonRoot`,
    (i: number) => `endswith(c.image, ":latest")`,
    (i: number) => `not startswith(c.image, "registry.example.com/")`,
    (i: number) => `not c.resources.limits.memory`,
    (i: number) => `some p in object.get(c, "ports", []); p.containerPort == ${20 + i}`,
    (i: number) => `count(object.get(c, "env", [])) > ${i % 7}`,
    (i: number) => `c.name == "sidecar-${i % 5}"`,
    (i: number) => `some cap in object.get(c, ["securityContext", "capabilities", "add"], []); upper(cap) == "NET_ADMIN"`,
    (i: number) => `contains(lower(c.image), "debug${i % 3}")`,
  ];
  for (let i = 0; i < RULES; i++) {
    const cond = checks[i % checks.length]!(i);
    lines.push(`deny contains msg if {`, `\tsome idx, r in input.resources`, `\tsome c in containers(r)`, `\t${cond}`, `\tmsg := sprintf("B%03d %s/%s: container %s", [${i}, r.kind, r.metadata.name, c.name])`, `}`, '');
  }
  return lines.join('\n');
}

export function benchResources(n = RESOURCES): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const container = {
      name: i % 11 === 0 ? `sidecar-${i % 5}` : `app-${i}`,
      image: i % 4 === 0 ? `nginx:latest` : `registry.example.com/app${i % 13}:1.${i % 9}`,
      securityContext: { privileged: i % 17 === 0, runAsNonRoot: i % 3 !== 0, capabilities: { add: i % 19 === 0 ? ['net_admin'] : [] } },
      ports: [{ containerPort: 20 + (i % 60) }],
      env: Array.from({ length: i % 5 }, (_, j) => ({ name: `E${j}`, value: String(j) })),
      resources: i % 6 === 0 ? {} : { limits: { memory: '128Mi' } },
    };
    const spec = { containers: [container] };
    out.push(i % 2 === 0 ? { kind: 'Pod', metadata: { name: `p${i}` }, spec } : { kind: 'Deployment', metadata: { name: `d${i}` }, spec: { template: { spec } } });
  }
  return out;
}

function opaBinary(): string | undefined {
  const candidates = [process.env['OPA_BIN'], '/root/go/bin/opa', 'opa'].filter((c): c is string => !!c);
  for (const c of candidates) {
    const r = spawnSync(c, ['version'], { encoding: 'utf8' });
    if (r.status === 0) return c;
  }
  return undefined;
}

export async function run(): Promise<string[]> {
  const out: string[] = [];
  const source = benchPolicy();
  const modules = [{ file: 'bench.rego', source }];

  // cold: a fresh process that imports the compiler and compiles once
  const here = dirname(fileURLToPath(import.meta.url));
  const script = `import { compileRego } from ${JSON.stringify(join(here, '..', 'src', 'rego', 'index.ts'))};
const t = performance.now(); const r = compileRego(${JSON.stringify(modules)}, { entrypoints: ['bench/deny'] });
if (!r.value) throw new Error('compile failed'); console.log(performance.now() - t);`;
  const cold = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: join(here, '..') });
  out.push(`  compile ${RULES}-rule policy, cold process: ${Number(cold.trim()).toFixed(1)} ms`);

  let compiled = compileRego(modules, { entrypoints: ['bench/deny'] });
  for (let i = 0; i < 10; i++) compileRego(modules, { entrypoints: ['bench/deny'] }); // JIT warm-up
  const runs = 20;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) compiled = compileRego(modules, { entrypoints: ['bench/deny'] });
  out.push(`  compile ${RULES}-rule policy, warm: ${((performance.now() - t0) / runs).toFixed(2)} ms`);
  if (!compiled.value) throw new Error(compiled.diagnostics.map((d) => d.message).join('; '));
  out.push(`  module size: ${(compiled.value.wasm.length / 1024).toFixed(1)} KiB`);

  // the whole policies/ library (non-test modules), warm
  const lib: Array<{ file: string; source: string }> = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.rego') && !e.name.endsWith('_test.rego')) lib.push({ file: join(d, e.name), source: readFileSync(join(d, e.name), 'utf8') });
    }
  };
  walk(join(here, '..', 'policies'));
  for (let i = 0; i < 3; i++) compileRego(lib, { entrypoints: ['warden'] });
  const t3 = performance.now();
  for (let i = 0; i < 5; i++) compileRego(lib, { entrypoints: ['warden'] });
  out.push(`  compile policies/ (${lib.length} modules), warm: ${((performance.now() - t3) / 5).toFixed(0)} ms`);

  const resources = benchResources();
  const input = { resources };
  // In a child process of its own, so the memory figure is this evaluation's and not the earlier
  // benches' (bench/run.ts runs every stage in one process).
  const child = `import { compileRego, loadPolicy } from ${JSON.stringify(join(here, '..', 'src', 'rego', 'index.ts'))};
import { benchPolicy, benchResources } from ${JSON.stringify(join(here, 'rego.ts'))};
const c = compileRego([{ file: 'bench.rego', source: benchPolicy() }], { entrypoints: ['bench/deny'] });
const policy = await loadPolicy(c.value.wasm);
const resources = benchResources();
policy.evaluate({ resources: resources.slice(0, 100) });
const before = process.memoryUsage().rss;
const t = performance.now();
const rs = policy.evaluate({ resources });
const ms = performance.now() - t;
console.log(JSON.stringify({ ms, findings: rs[0].result.length, before, maxRSS: process.resourceUsage().maxRSS * 1024 }));`;
  const measured = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], { encoding: 'utf8', cwd: join(here, '..'), maxBuffer: 1 << 26 }).trim().split('\n').pop()!) as {
    ms: number;
    findings: number;
    before: number;
    maxRSS: number;
  };
  const wasmMs = measured.ms;
  const findings = measured.findings;
  const wasmRate = RESOURCES / (wasmMs / 1000);
  out.push(`  evaluate ${RESOURCES} resources (one input, child process): ${wasmMs.toFixed(0)} ms, ${Math.round(wasmRate)} resources/s, ${findings} findings`);
  out.push(`  peak RSS of that process: ${(measured.maxRSS / 2 ** 20).toFixed(0)} MiB (${(measured.before / 2 ** 20).toFixed(0)} MiB before the evaluation)`);
  out.push(...(await indexingFigures()));

  const opa = opaBinary();
  if (!opa) {
    out.push('  opa eval: skipped (no opa binary: set OPA_BIN or put opa on PATH)');
    return out;
  }
  const dir = mkdtempSync(join(tmpdir(), 'warden-rego-bench-'));
  writeFileSync(join(dir, 'bench.rego'), source);
  writeFileSync(join(dir, 'input.json'), JSON.stringify(input));
  const t2 = performance.now();
  const res = spawnSync(opa, ['eval', '--format', 'json', '-d', join(dir, 'bench.rego'), '-i', join(dir, 'input.json'), 'data.bench.deny'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const opaMs = performance.now() - t2;
  if (res.status !== 0) {
    out.push(`  opa eval failed: ${res.stderr.split('\n')[0]}`);
    return out;
  }
  const opaFindings = (JSON.parse(res.stdout) as { result: Array<{ expressions: Array<{ value: unknown[] }> }> }).result[0]!.expressions[0]!.value.length;
  const opaRate = RESOURCES / (opaMs / 1000);
  out.push(`  opa eval same policy and input (whole process): ${opaMs.toFixed(0)} ms, ${Math.round(opaRate)} resources/s, ${opaFindings} findings`);
  out.push(`  in-process evaluation / opa eval whole process: ${(wasmRate / opaRate).toFixed(2)}x throughput (phase against process: see the like-for-like figures below)${findings === opaFindings ? '' : ' (finding counts differ!)'}`);
  out.push(...(await sideBySide(opa, dir, lib, compiled.value.wasm)));
  return out;
}

/** CPU seconds (user + system) of a whole command, by /usr/bin/time; undefined where it is missing. */
function cpuOf(cmd: string, args: string[], cwd: string): { cpu: number; ok: boolean } | undefined {
  if (!existsSync('/usr/bin/time')) return undefined;
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return m ? { cpu: Number(m[1]) + Number(m[2]), ok: r.status === 0 } : undefined;
}

/** The median of `n` runs of `f`. */
function median(n: number, f: () => number | undefined): number | undefined {
  const xs = Array.from({ length: n }, f).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  return xs.length ? xs[Math.floor(xs.length / 2)] : undefined;
}

/**
 * Issue #17's comparisons, each in one run on the same machine: build CPU (whole processes), and
 * Warden's module against OPA's own in the unmodified SDK, on many small inputs and on one large.
 */
async function sideBySide(opa: string, dir: string, lib: Array<{ file: string; source: string }>, wardenWasm: Uint8Array): Promise<string[]> {
  const out: string[] = [];
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const warden = join(root, 'bin', 'warden.js');
  const libDir = join(root, 'policies');
  const ratio = (a?: number, b?: number) => (a !== undefined && b ? `${(a / b).toFixed(2)}x` : 'n/a');
  for (const [what, args, opaArgs] of [
    [`${RULES}-rule policy`, ['rego', 'build', join(dir, 'bench.rego'), '-e', 'bench/deny', '-o', join(dir, 'w.wasm')], ['build', '-t', 'wasm', '-e', 'bench/deny', '-o', join(dir, 'o.tar.gz'), join(dir, 'bench.rego')]],
    [`policies/ (${lib.length} modules)`, ['rego', 'build', libDir, '-e', 'warden/checks', '-o', join(dir, 'wl.wasm')], ['build', '-t', 'wasm', '-e', 'warden/checks', '-o', join(dir, 'ol.tar.gz'), '--ignore', '*_test.rego', libDir]],
  ] as const) {
    const w = median(3, () => cpuOf(process.execPath, [warden, ...args], dir)?.cpu);
    const o = median(3, () => cpuOf(opa, [...opaArgs], dir)?.cpu);
    out.push(`  build ${what}, whole process CPU: warden rego build ${w?.toFixed(2) ?? 'n/a'} s, opa build -t wasm ${o?.toFixed(2) ?? 'n/a'} s (warden/opa ${ratio(w, o)})`);
  }
  const node = median(3, () => cpuOf(process.execPath, ['-e', '0'], dir)?.cpu);
  out.push(`  (a Node process that does nothing: ${node?.toFixed(2) ?? 'n/a'} s CPU)`);
  // the same policy as OPA's module and Warden's, both in the stock SDK with no host builtins
  execFileSync('tar', ['-xzf', join(dir, 'o.tar.gz'), '-C', dir, '/policy.wasm']);
  const sdk = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as { loadPolicy(w: Uint8Array): Promise<{ evaluate(i: unknown): Array<{ result: unknown[] }> }> };
  const modules = { warden: await sdk.loadPolicy(wardenWasm), opa: await sdk.loadPolicy(new Uint8Array(readFileSync(join(dir, 'policy.wasm')))) };
  const small = benchResources(2000).map((r) => ({ resources: [r] }));
  const large = { resources: benchResources() };
  const perInput: Record<string, number> = {};
  const whole: Record<string, number> = {};
  // per small input: the best of five rounds, the two modules taking turns (one round is noisy: a
  // collection or the other module's warm-up can land in it)
  const findings: Record<string, number> = {};
  for (const p of Object.values(modules)) for (const i of small.slice(0, 200)) p.evaluate(i); // warm-up
  for (let round = 0; round < 5; round++) {
    for (const [name, p] of Object.entries(modules)) {
      const t = performance.now();
      let n = 0;
      for (const i of small) n += p.evaluate(i)[0]!.result.length;
      const us = ((performance.now() - t) * 1000) / small.length;
      perInput[name] = Math.min(perInput[name] ?? Infinity, us);
      findings[name] = n;
    }
  }
  for (const [name, p] of Object.entries(modules)) {
    const n = findings[name]!;
    const t = performance.now();
    const found = p.evaluate(large)[0]!.result.length;
    whole[name] = performance.now() - t;
    out.push(`  stock SDK, ${name === 'opa' ? "OPA's" : "Warden's"} module: ${perInput[name]!.toFixed(1)} µs per small input (best of 5 rounds of ${small.length} inputs, ${n} findings); ${whole[name]!.toFixed(0)} ms for ${RESOURCES} resources (${found} findings)`);
  }
  out.push(`  per small input warden/opa: ${ratio(perInput.warden, perInput.opa)}; large input warden/opa: ${ratio(whole.warden, whole.opa)}`);
  // whole process against whole process: warden rego eval against opa eval, same files
  const w = median(3, () => cpuOf(process.execPath, [warden, 'rego', 'eval', join(dir, 'bench.rego'), '-i', join(dir, 'input.json'), 'data.bench.deny'], dir)?.cpu);
  const o = median(3, () => cpuOf(opa, ['eval', '--format', 'json', '-d', join(dir, 'bench.rego'), '-i', join(dir, 'input.json'), 'data.bench.deny'], dir)?.cpu);
  out.push(`  whole process, ${RESOURCES} resources: warden rego eval ${w?.toFixed(2) ?? 'n/a'} s CPU, opa eval ${o?.toFixed(2) ?? 'n/a'} s CPU (warden/opa ${ratio(w, o)})`);
  return out;
}

/**
 * Rule indexing: a Gatekeeper-style policy, 300 definitions of one rule keyed on 30 kinds, evaluated
 * once per object (as admission control and conftest do), with the index and without it.
 */
async function indexingFigures(): Promise<string[]> {
  const KINDS = 30;
  const PER_KIND = 10;
  const lines = ['package gk', ''];
  for (let k = 0; k < KINDS; k++) {
    for (let j = 0; j < PER_KIND; j++) {
      lines.push(`violation contains msg if {`, `\tinput.review.object.kind == "Kind${k}"`, `\tinput.review.object.spec.f${j} == true`, `\tmsg := sprintf("%s breaks rule ${k}.${j}", [input.review.object.metadata.name])`, `}`, '');
    }
  }
  const modules = [{ file: 'gk.rego', source: lines.join('\n') }];
  const inputs: unknown[] = [];
  for (let i = 0; i < 3000; i++) {
    const spec: Record<string, boolean> = {};
    for (let j = 0; j < PER_KIND; j++) spec[`f${j}`] = (i + j) % 7 === 0;
    inputs.push({ review: { object: { kind: `Kind${i % KINDS}`, metadata: { name: `obj-${i}` }, spec } } });
  }
  const time = async (ruleIndexing: boolean) => {
    const c = compileRego(modules, { entrypoints: ['gk/violation'], ruleIndexing });
    if (!c.value) throw new Error(c.diagnostics.map((d) => d.message).join('; '));
    const p = await loadPolicy(c.value.wasm);
    for (let i = 0; i < 200; i++) p.evaluate(inputs[i]); // warm-up
    let found = 0;
    const t = performance.now();
    for (const input of inputs) found += ((p.evaluate(input)[0]?.result as unknown[] | undefined) ?? []).length;
    return { ms: performance.now() - t, found };
  };
  const off = await time(false);
  const on = await time(true);
  const rate = (r: { ms: number }) => Math.round(inputs.length / (r.ms / 1000));
  return [
    `  rule indexing (${KINDS * PER_KIND} definitions keyed on ${KINDS} kinds, ${inputs.length} single-object inputs): ` +
      `indexed ${on.ms.toFixed(0)} ms (${rate(on)} evaluations/s), not indexed ${off.ms.toFixed(0)} ms (${rate(off)}/s), ` +
      `${(off.ms / on.ms).toFixed(1)}x; ${on.found} findings${on.found === off.found ? '' : ` vs ${off.found} (differ!)`}`,
  ];
}
