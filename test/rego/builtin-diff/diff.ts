// A differential of builtin calls against `opa eval`: every builtin Warden plans (in the module or
// on the host) called on sampled combinations of mixed values (numbers written in various ways,
// strings that look like numbers, paths, CIDRs, YAML, base64; arrays, objects and sets), all read
// from `input` so that opa's type checker lets every combination through. Non-strict, as policies
// run: a call is a value or undefined, and the two must be the same.
//
//   node --import tsx test/rego/builtin-diff/diff.ts [--values 0|1|2] [--combos N] [--only name]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_ARITY, HOST_ARITY } from '../../../src/rego/plan/plan.js';
import { evalRegoJson } from '../../../src/rego/index.js';

/** Builtins left out: nondeterministic, opa-only, printing, unsupported by design, or whose sampled results are huge. */
const SKIP = /^(internal\.|print$|trace$|time\.now_ns|rand\.|uuid\.rfc4122|opa\.|http\.|net\.lookup|crypto\.x509|rego\.|regex\.globs|io\.jwt\.encode|any$|all$|re_match|set_diff|cast_|net\.cidr_overlap|numbers\.range|strings\.render_template|walk$|net\.cidr_expand|object\.get_path|json\.verify_schema|json\.match_schema|yaml\.marshal)/;

/** Three sets of sample values (JSON; three sets are added in the policy). */
export const VALUE_SETS: unknown[][] = [
  [0, 1, -1, 1.5, 2, 16, 1e30, '', 'a', 'abc', '1', 'x.y', '10.0.0.0/8', 'a,b', '*', [], [1, 2], ['a', 'b'], {}, { a: 1 }, { a: 'b' }, null, true, false, 'YQ==', '2006-01-02T15:04:05Z', '1.2.3', ' a ', 'A/b'],
  [3, 255, 1e-7, 12345678901234567890, 'é', 'Abé', 'a.b.c', 'https://x.io/p?q=1', '192.168.1.1', '::1', '0x1F', 'true', '[1]', '{"a":1}', [[1], 'x'], [null], { b: [1], a: { c: 2 } }, { '1': 2 }, 'a/b/c', '%20', 'Hello World', '-5', '1e3', 'abc*', 'KiB', '10Mi', '1.5G'],
  [100, 1e21, 9007199254740993, -2, 0.1, 'ÄÖ', 'a\nb', 'x\u0000y', 'foo.bar.baz', '/a/b', 'a=1&b=2', 'Zm9v', 'Zm9v!', '-1.0', ['x', 1, null], [[]], { x: { y: 1 } }, { a: [1, 2] }, '192.168.0.0/16', '2001:db8::/32', 'v1.2.3-rc.1', '1.2.3+build', '1h30m', '*.b', 'a|b'],
];
const SETS = ['{"a"}', '{1, 2}', 'set()'];

export interface BuiltinDiff {
  calls: number;
  diffs: string[];
  /** Builtins whose batch one side could not run (opa printing a number JSON cannot hold, say). */
  skipped: string[];
}

/** The calls of each builtin: every value for one argument, `combos` sampled tuples beyond. */
function batches(values: number, combos: number, seed: number, only?: string): Array<[string, string[]]> {
  let s = seed;
  const rnd = (k: number) => (s = (s * 1103515245 + 12345) & 0x7fffffff) % k;
  const names = [...new Set([...Object.keys(BUILTIN_ARITY), ...Object.keys(HOST_ARITY)])].filter((x) => !SKIP.test(x) && (!only || x === only)).sort();
  return names.flatMap((f): Array<[string, string[]]> => {
    const k = BUILTIN_ARITY[f] ?? HOST_ARITY[f]!;
    if (k === 0) return [];
    const tuples = k === 1 ? Array.from({ length: values }, (_, i) => [i]) : Array.from({ length: combos }, () => Array.from({ length: k }, () => rnd(values)));
    return [[f, tuples.map((c, j) => `r_${f.replace(/\./g, '_')}_${j} := ${f}(${c.map((i) => `vals[${i}]`).join(', ')})`)]];
  });
}

export async function builtinDifferential(opa: string, set: number, combos: number, only?: string): Promise<BuiltinDiff> {
  const values = VALUE_SETS[set]!;
  const dir = mkdtempSync(join(tmpdir(), 'warden-bidiff-'));
  const out: BuiltinDiff = { calls: 0, diffs: [], skipped: [] };
  try {
    writeFileSync(join(dir, 'i.json'), JSON.stringify({ v: values }));
    for (const [f, rules] of batches(values.length + SETS.length, combos, 12345 + set, only)) {
      const source = `package t\nvals := array.concat(input.v, [${SETS.join(', ')}])\n${rules.join('\n')}\n`;
      writeFileSync(join(dir, 'p.rego'), source);
      let want: Record<string, unknown>;
      let got: Record<string, unknown>;
      try {
        const text = execFileSync(opa, ['eval', '--format', 'json', '-d', join(dir, 'p.rego'), '-i', join(dir, 'i.json'), 'data.t'], { encoding: 'utf8', maxBuffer: 1 << 28 });
        want = JSON.parse(text).result[0].expressions[0].value;
      } catch {
        out.skipped.push(`${f} (opa)`);
        continue;
      }
      const r = await evalRegoJson([{ file: 'p.rego', source }], 'data.t', JSON.stringify({ v: values }), undefined, {});
      if (!r.value) {
        out.skipped.push(`${f} (warden: ${r.diagnostics[0]?.message.split('\n')[0]})`);
        continue;
      }
      got = JSON.parse(r.value)[0].result;
      for (const rule of rules) {
        const key = rule.slice(0, rule.indexOf(' '));
        out.calls++;
        const a = JSON.stringify(want[key]);
        const b = JSON.stringify(got[key]);
        if (a !== b) out.diffs.push(`${rule.slice(rule.indexOf(':=') + 3)} on ${JSON.stringify(values)}: opa ${a ?? 'undefined'}, warden ${b ?? 'undefined'}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (n: string) => (process.argv.includes(n) ? process.argv[process.argv.indexOf(n) + 1] : undefined);
  const { findOpa } = await import('../harness/opa-binary.js');
  const opa = findOpa();
  if (!opa.path) {
    console.log(`skipped: ${opa.reason}`);
    process.exit(0);
  }
  const sets = arg('--values') !== undefined ? [Number(arg('--values'))] : [0, 1, 2];
  let calls = 0;
  let diffs = 0;
  for (const set of sets) {
    const r = await builtinDifferential(opa.path, set, Number(arg('--combos') ?? 160), arg('--only'));
    for (const d of r.diffs) console.log(`DIFF ${d}`);
    if (r.skipped.length) console.log(`value set ${set}: not compared: ${r.skipped.join('; ')}`);
    console.log(`value set ${set}: ${r.calls} calls, ${r.diffs.length} differ`);
    calls += r.calls;
    diffs += r.diffs.length;
  }
  console.log(`${calls} calls, ${diffs} differ`);
  if (diffs) process.exitCode = 1;
}
