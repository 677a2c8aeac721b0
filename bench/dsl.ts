// DSL front-end benchmark: parse + check of generated models (1k, 10k, 100k elements with twice as
// many flows) to show linear growth, and `warden validate` wall time on the reference example as
// a spawned process (needs `npm run build`). Called by bench/run.ts; `run()` returns printed lines.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSource } from '../src/dsl/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A model with `n` elements in n/100 nested boundaries and 2n flows between them. */
export function generateModel(n: number): string {
  const lines = ['model "Generated"', 'use "warden/kubernetes"', 'data D0 { classification confidential }', 'data D1 { classification public }'];
  const zones = Math.max(1, Math.floor(n / 100));
  for (let z = 0; z < zones; z++) lines.push(`boundary Z${z} { trust ${['untrusted', 'low', 'medium', 'high'][z % 4]}  namespace "ns${z}" }`);
  for (let i = 0; i < n; i++) {
    const zone = `Z${i % zones}`;
    if (i % 3 === 0) lines.push(`workload E${i} "Service ${i}" in ${zone} { workload "deployment/e${i}"  replicas 2  exposure internal  handles [D0] }`);
    else if (i % 3 === 1) lines.push(`store E${i} in ${zone} { encryptedAtRest true  stores [D0, D1] }`);
    else lines.push(`process E${i} in ${zone} { authn oidc  inputValidation true }`);
  }
  for (let i = 0; i < 2 * n; i++) {
    const a = i % n;
    const b = (i * 7 + 1) % n;
    lines.push(`flow E${a} -> E${b} { protocol https  authn mtls  carries [D${i % 2}] }`);
  }
  return lines.join('\n') + '\n';
}

/** Wall time and this process's CPU time (user + system): on a busy machine the CPU time is the fairer figure. */
function time(text: string): { ms: number; cpuMs: number; errors: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = checkSource(join(root, 'bench', 'generated.warden'), text, { projectRoot: root, cwd: root });
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, errors: r.diagnostics.filter((d) => d.severity === 'error').length };
}

export async function run(sizes: number[] = [1_000, 10_000, 100_000]): Promise<string[]> {
  // Timings are wall-clock; on a shared machine they say as much about the neighbours as about us.
  const load = `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`;
  const out: string[] = [`DSL front end (parse + check, generated models; elements + 2x flows; ${load})`];
  time(generateModel(200)); // warm-up: parser construction and JIT
  for (const n of sizes) {
    const text = generateModel(n);
    const { ms, cpuMs, errors } = time(text);
    const rate = Math.round((n / ms) * 1000);
    out.push(
      `  ${String(n).padStart(7)} elements + ${String(2 * n).padStart(7)} flows (${(text.length / 1e6).toFixed(1)} MB): ${ms.toFixed(0).padStart(6)} ms wall, ${cpuMs.toFixed(0).padStart(6)} ms CPU  ${rate.toLocaleString('en-US')} elements/s${errors ? `  (${errors} errors!)` : ''}${n === 10_000 ? (ms < 1000 ? '  [target < 1 s: ok]' : '  [target < 1 s: MISSED]') : ''}`,
    );
  }
  const bin = join(root, 'bin', 'warden.js');
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
    out.push('  warden validate (spawned): skipped, dist/ is missing (run `npm run build` first)');
    return out;
  }
  const example = join('examples', 'aks-devsecops', 'model.warden');
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, 'validate', '--quiet', example], { cwd: root, encoding: 'utf8' });
    runs.push(performance.now() - t0);
    if (r.status !== 0) {
      out.push(`  warden validate ${example}: exit ${r.status}: ${r.stderr.split('\n')[0]}`);
      return out;
    }
  }
  runs.sort((a, b) => a - b);
  const median = runs[2];
  out.push(`  warden validate ${example} (spawned, median of 5): ${median.toFixed(0)} ms${median < 300 ? '  [target < 300 ms: ok]' : '  [target < 300 ms: MISSED]'}`);
  out.push(...manyErrors(bin));
  return out;
}

/**
 * `warden validate` (spawned) on models with 10,000 and 20,000 errors, each printed with its
 * excerpt and hint: the time per error should not grow with their number (it did, 27 s for 20,000).
 */
function manyErrors(bin: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-errors-'));
  try {
    return [10_000, 20_000].map((n) => {
      const file = join(dir, `errors-${n}.warden`);
      writeFileSync(file, 'model "x" { owner "o" }\n' + Array.from({ length: n }, (_, i) => `process P${i} { protocl https }\n`).join(''));
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [bin, 'validate', file], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
      const ms = performance.now() - t0;
      const printed = (r.stderr.match(/ error WD2003: /g) ?? []).length;
      return `  warden validate, ${n.toLocaleString('en-US')} errors with excerpts (spawned): ${ms.toFixed(0)} ms, ${((ms * 1000) / n).toFixed(0)} µs per error${printed === n ? '' : `  (printed ${printed}!)`}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/dsl.ts` runs this bench alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // `npx tsx bench/dsl.ts 1000 10000` runs chosen sizes only.
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const line of await run(sizes.length ? sizes : undefined)) console.log(line);
}
