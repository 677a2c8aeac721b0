// Rewrites test/rego/known-gaps.yaml from a real run of Warden's compiler: every failing case is
// listed (a reason already written by hand is kept; a new one gets the observed failure as its
// reason), every case that passes now is dropped. With opa present, the default generated corpus's
// mismatching programs are listed too.
//   node --import tsx test/rego/harness/update-known-gaps.ts [--no-diff]
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { allCases, caseId } from './case-format.js';
import { diffCorpus } from './differential.js';
import { knownGapsPath, loadKnownGaps } from './known-gaps.js';
import { findOpa, mapLimit } from './opa-binary.js';
import { checkCase } from './outcome.js';
import { generateCorpus } from './program-generator.js';
import { runCaseWithWasm, wardenEngine } from './wasm-engine.js';

const DEFAULT_SEED = 20260522;

/** A reason a reader can triage by: a category, then the observed failure. */
function classify(why: string): string {
  const line = why.split('\n')[0]!.slice(0, 200);
  let category = 'wrong result';
  if (/^want error \S+, got data\./.test(line) || /^want error \S+, got (undefined|\[)/.test(line)) category = 'missing compile-time check';
  else if (/^want \S+ at line/.test(line) || /^want \S+ in case_/.test(line)) category = 'error location differs';
  else if (/^want (error|an evaluation error)/.test(line)) category = 'different error';
  else if (/got compile error .*(undefined function|not implemented)/.test(line)) category = 'unsupported builtin';
  else if (/got compile error/.test(line)) category = 'rejected valid Rego';
  else if (/got eval error .*not implemented/.test(line)) category = 'unsupported builtin';
  else if (/got eval error/.test(line)) category = 'evaluation error on valid Rego';
  return `${category}: ${line}`;
}
const DEFAULT_PROGRAMS = 300;

const old = loadKnownGaps();
const engine = await wardenEngine();
if (engine.unavailable) {
  console.error(`update-known-gaps: Warden's compiler is unavailable (${engine.unavailable}); not rewriting the list`);
  process.exit(2);
}
const cases = allCases();
const results = await mapLimit(cases, 1, async (c) => ({ id: caseId(c), why: checkCase(c, await runCaseWithWasm(engine, c), false) }));
const gaps: Record<string, string> = {};
for (const { id, why } of results) {
  if (why === null) continue;
  gaps[id] = old.get(id) ?? classify(why);
}
const opa = findOpa();
if (!process.argv.includes('--no-diff') && opa.path) {
  const { mismatches } = await diffCorpus(opa.path, engine, generateCorpus(DEFAULT_PROGRAMS, DEFAULT_SEED));
  for (const m of mismatches) gaps[m.id] = old.get(m.id) ?? `differs from opa eval: ${m.why.split('\n')[0]!.slice(0, 200)}`;
}
const header = [
  '# Conformance cases that Warden\'s Rego compiler does not pass yet: case id -> reason.',
  '# Listed cases still run and must still fail (test/rego/cases.test.ts); when one passes, remove it.',
  '# "generated › pN" entries are programs of the default differential corpus (seed 20260522, 300 programs).',
  '# Regenerate from a real run: node --import tsx test/rego/harness/update-known-gaps.ts',
  '',
].join('\n');
const sorted = Object.fromEntries(Object.entries(gaps).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(knownGapsPath, header + (Object.keys(sorted).length ? stringify(sorted, { lineWidth: 0 }) : '{}\n'));
const dropped = [...old.keys()].filter((id) => !(id in gaps));
console.log(`known-gaps.yaml: ${Object.keys(gaps).length} entries (${dropped.length} dropped as now passing: ${dropped.join(', ') || '-'})`);
