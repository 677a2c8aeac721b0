// `npm run conformance`: runs every Rego case suite through Warden's compiler and, where an opa
// binary exists, the differential corpus against `opa eval`; prints pass/fail per feature and per
// builtin and the failing cases. It is a report: it exits 0 whatever the results.
//   --no-diff          skip the differential runs      --programs <n>  generated corpus size (300)
//   --json <path>      also write the report as JSON   --seed <n>      corpus seed
import { writeFileSync } from 'node:fs';
import { allCases, caseId, type RegoCase } from './harness/case-format.js';
import { diffCases, diffCorpus } from './harness/differential.js';
import { loadKnownGaps } from './harness/known-gaps.js';
import { findOpa, mapLimit } from './harness/opa-binary.js';
import { checkCase } from './harness/outcome.js';
import { generateCorpus } from './harness/program-generator.js';
import { runCaseWithWasm, wardenEngine } from './harness/wasm-engine.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const noDiff = argv.includes('--no-diff');
const programs = Number(opt('--programs') ?? 300);
const seed = Number(opt('--seed') ?? 20260522);
const jsonPath = opt('--json');

/** The builtins issue 6 asks for; each is reported with the cases that call it. */
export const TRACKED_BUILTINS = [
  'count', 'sum', 'max', 'min', 'sort', 'array.concat', 'array.slice', 'object.get', 'object.keys', 'object.remove',
  'object.union', 'object.filter', 'concat', 'contains', 'startswith', 'endswith', 'lower', 'upper', 'split', 'replace',
  'trim', 'trim_prefix', 'trim_suffix', 'trim_space', 'substring', 'indexof', 'sprintf', 'format_int', 'to_number',
  'is_string', 'is_number', 'is_boolean', 'is_array', 'is_object', 'is_set', 'is_null', 'type_name', 'regex.match',
  'regex.find_n', 'glob.match', 'units.parse', 'units.parse_bytes', 'json.marshal', 'json.unmarshal', 'base64.encode',
  'base64.decode', 'intersection', 'union', 'numbers.range', 'strings.any_prefix_match', 'time.now_ns',
  'time.parse_rfc3339_ns', 'semver.compare', 'net.cidr_contains', 'print',
];

function builtinsCalled(c: RegoCase): string[] {
  const src = c.modules.join('\n');
  return TRACKED_BUILTINS.filter((b) => new RegExp(`(^|[^\\w.])${b.replace(/\./g, '\\.')}\\(`).test(src));
}

interface Tally {
  pass: number;
  fail: number;
}
const bump = (m: Map<string, Tally>, k: string, ok: boolean) => {
  const t = m.get(k) ?? { pass: 0, fail: 0 };
  if (ok) t.pass++;
  else t.fail++;
  m.set(k, t);
};

function table(title: string, m: Map<string, Tally>, all?: string[]): string[] {
  const keys = all ?? [...m.keys()].sort();
  const w = Math.max(...keys.map((k) => k.length), 10);
  const lines = [title, `  ${'name'.padEnd(w)}  pass  fail`];
  for (const k of keys) {
    const t = m.get(k) ?? { pass: 0, fail: 0 };
    const mark = t.pass + t.fail === 0 ? '  (no case)' : t.fail > 0 ? '  <-' : '';
    lines.push(`  ${k.padEnd(w)}  ${String(t.pass).padStart(4)}  ${String(t.fail).padStart(4)}${mark}`);
  }
  return lines;
}

const started = Date.now();
const cases = allCases();
const gaps = loadKnownGaps();
const engine = await wardenEngine();
const results = await mapLimit(cases, 1, async (c) => ({ c, why: checkCase(c, await runCaseWithWasm(engine, c), false) }));

const byFeature = new Map<string, Tally>();
const byBuiltin = new Map<string, Tally>();
const failing: Array<{ id: string; why: string; knownGap?: string }> = [];
for (const { c, why } of results) {
  // builtin:<name> cases are one feature line here; the per-builtin table below breaks them down.
  bump(byFeature, c.feature.startsWith('builtin:') ? 'builtins' : c.feature, why === null);
  for (const b of builtinsCalled(c)) bump(byBuiltin, b, why === null);
  if (why !== null) failing.push({ id: caseId(c), why, ...(gaps.has(caseId(c)) ? { knownGap: gaps.get(caseId(c))! } : {}) });
}
const passed = results.length - failing.length;

const out: string[] = [];
out.push(`Rego conformance: Warden's compiler on ${cases.length} cases${engine.unavailable ? ` (compiler unavailable: ${engine.unavailable})` : ''}`);
out.push(`  ${passed} passed, ${failing.length} failed (${failing.filter((f) => f.knownGap).length} of them listed in known-gaps.yaml)`);
out.push('', ...table('By feature:', byFeature), '', ...table('By builtin (issue 6 list; cases calling it):', byBuiltin, TRACKED_BUILTINS));
out.push('', failing.length ? 'Failing cases:' : 'Failing cases: none');
for (const f of failing) out.push(`  ${f.knownGap ? '[known gap] ' : ''}${f.id}: ${f.why.split('\n')[0]!.slice(0, 240)}`);

const report: Record<string, unknown> = {
  cases: { total: cases.length, passed, failed: failing.length },
  byFeature: Object.fromEntries(byFeature),
  byBuiltin: Object.fromEntries(byBuiltin),
  failing,
};

const opa = findOpa();
if (noDiff) {
  out.push('', 'Differential: skipped (--no-diff)');
} else if (!opa.path) {
  out.push('', `Differential: skipped, ${opa.reason}`);
} else {
  const caseMismatches = await diffCases(opa.path, engine, cases.filter((c) => !c.skip_opa));
  const corpus = generateCorpus(programs, seed);
  const { mismatches, compared } = await diffCorpus(opa.path, engine, corpus);
  out.push('', `Differential against ${opa.path}:`);
  out.push(`  cases: ${cases.length - caseMismatches.length} agree, ${caseMismatches.length} differ`);
  out.push(`  generated programs (seed ${seed}): ${compared - mismatches.length} agree, ${mismatches.length} differ`);
  for (const m of mismatches.slice(0, 5)) out.push(`  ${gaps.has(m.id) ? '[known gap] ' : ''}${m.id}: ${m.why.slice(0, 300)}`, ...m.source.trimEnd().split('\n').map((l) => `      ${l}`));
  report.differential = {
    cases: { compared: cases.length, differ: caseMismatches.map((m) => m.id) },
    generated: { seed, compared, differ: mismatches.map((m) => m.id) },
  };
}
out.push('', `(${((Date.now() - started) / 1000).toFixed(1)}s)`);
console.log(out.join('\n'));
if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
