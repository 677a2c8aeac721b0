// Measures how Rego libraries as users bring them fare in Warden: each policy (a .rego file with
// its _test.rego) is compiled together with the library's shared modules and its tests are run
// with `warden rego test` semantics. Upstream, every one of these tests passes under opa, so a
// test that fails here is a verdict different from opa's. The libraries are not in this
// repository: point the script at a checkout.
//   node --import tsx test/rego/libraries/run.ts --dir <checks> --lib <dir> [--lib <dir>] [--v0] [--list]
//     [--project trivy|gatekeeper]   (registers that project's own builtins, e.g. Trivy's result.new)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { runRegoTests, type RegoModule, type RegoTestOptions } from '../../../src/rego/index.js';

/**
 * The builtins each library's own project registers in its opa (nothing else is given). Trivy's
 * `result.new(msg, cause)` returns the message with the cause's source metadata (its
 * `__defsec_metadata` object, or the cause itself when it is one).
 */
const PROJECT_BUILTINS: Record<string, NonNullable<RegoTestOptions['customBuiltins']>> = {
  trivy: {
    'result.new': {
      arity: 2,
      impl: (msg: unknown, cause: unknown) => {
        const c = (typeof cause === 'object' && cause !== null ? cause : {}) as Record<string, unknown>;
        const meta = typeof c.__defsec_metadata === 'object' && c.__defsec_metadata !== null ? (c.__defsec_metadata as Record<string, unknown>) : c;
        const keep = ['startline', 'endline', 'filepath', 'explicit', 'managed', 'fskey', 'resource', 'sourceprefix'];
        return { msg, ...Object.fromEntries(keep.filter((k) => k in meta).map((k) => [k, meta[k]])) };
      },
    },
  },
  gatekeeper: {},
};

const argv = process.argv.slice(2);
const all = (name: string): string[] => argv.flatMap((a, i) => (a === name ? [argv[i + 1]!] : []));
const dir = all('--dir')[0];
const v0 = argv.includes('--v0');

function regoFiles(d: string): string[] {
  if (!statSync(d).isDirectory()) return [d];
  const out: string[] = [];
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) out.push(...regoFiles(p));
    else if (e.endsWith('.rego')) out.push(p);
  }
  return out.sort();
}

const read = (p: string): RegoModule => ({ file: p, source: readFileSync(p, 'utf8') });

export interface PolicyOutcome {
  policy: string;
  compiled: boolean;
  error?: string;
  tests: number;
  passed: number;
  failedTests: string[];
}

export async function measure(checks: string, libs: string[], v0Compatible: boolean, project = ''): Promise<PolicyOutcome[]> {
  const customBuiltins = PROJECT_BUILTINS[project] ?? {};
  const libModules = libs.flatMap(regoFiles).filter((f) => !f.endsWith('_test.rego')).map(read);
  const files = regoFiles(checks);
  const out: PolicyOutcome[] = [];
  for (const f of files.filter((x) => !x.endsWith('_test.rego') && !basename(x).startsWith('lib_'))) {
    const test = f.replace(/\.rego$/, '_test.rego');
    const siblings = files.filter((x) => x !== f && x !== test && basename(x).startsWith('lib_') && x.startsWith(f.slice(0, f.lastIndexOf('/') + 1)));
    const modules = [read(f), ...(files.includes(test) ? [read(test)] : []), ...siblings.map(read), ...libModules];
    const r = await runRegoTests(modules, { v0Compatible, customBuiltins });
    const err = r.diagnostics.find((d) => d.severity === 'error');
    const failed = r.results.filter((t) => !t.pass).map((t) => `${t.package}.${t.name}${t.error ? `: ${t.error.slice(0, 120)}` : ''}`);
    out.push({ policy: relative(checks, f), compiled: !err, ...(err ? { error: `${err.code}: ${err.message.split('\n')[0]}` } : {}), tests: r.results.length, passed: r.results.length - failed.length, failedTests: failed });
  }
  return out;
}

if (dir) {
  const res = await measure(dir, all('--lib'), v0, all('--project')[0]);
  const ok = res.filter((r) => r.compiled);
  const allPass = ok.filter((r) => r.tests > 0 && r.passed === r.tests);
  const tests = ok.reduce((n, r) => n + r.tests, 0);
  const passed = ok.reduce((n, r) => n + r.passed, 0);
  console.log(`policies: ${res.length}, compile: ${ok.length}, every test passes: ${allPass.length}; tests run: ${tests}, passed: ${passed}`);
  const reasons = new Map<string, number>();
  for (const r of res) if (!r.compiled) reasons.set(r.error!.slice(0, 90), (reasons.get(r.error!.slice(0, 90)) ?? 0) + 1);
  for (const [why, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)} ${why}`);
  if (argv.includes('--list')) for (const r of res) if (!r.compiled || r.passed < r.tests) console.log(`${r.policy}: ${r.error ?? r.failedTests.join('; ')}`);
}
