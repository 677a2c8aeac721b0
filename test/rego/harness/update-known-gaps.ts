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
  gaps[id] = old.get(id) ?? why.split('\n')[0]!.slice(0, 200);
}
const opa = findOpa();
if (!process.argv.includes('--no-diff') && opa.path) {
  const { mismatches } = await diffCorpus(opa.path, engine, generateCorpus(DEFAULT_PROGRAMS, DEFAULT_SEED));
  for (const m of mismatches) gaps[m.id] = old.get(m.id) ?? m.why.split('\n')[0]!.slice(0, 200);
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
