// Every conformance case (test/rego/cases/**/*.yaml) compiled by Warden's Rego compiler, loaded
// through the opa-wasm SDK path and evaluated; results compared deep-equal with the expectation,
// which verify-with-opa.ts has confirmed against the reference opa. Cases listed in
// known-gaps.yaml run too and must still fail (titled "known gap: ..."), so a fix shows up here.
import test from 'ava';
import { caseId, loadCaseFiles } from './harness/case-format.js';
import { loadKnownGaps } from './harness/known-gaps.js';
import { checkCase } from './harness/outcome.js';
import { runCaseWithWasm, wardenEngine } from './harness/wasm-engine.js';

const files = loadCaseFiles();
const gaps = loadKnownGaps();
const engine = await wardenEngine();
const ids = new Set(files.flatMap((f) => f.cases.map(caseId)));

test('the suite has at least 320 cases, each with an expectation', (t) => {
  const all = files.flatMap((f) => f.cases);
  t.true(all.length >= 320, `only ${all.length} cases`);
  const bare = all.filter((c) => !('want_result' in c) && !c.want_error).map(caseId);
  t.deepEqual(bare, []);
});

test('known-gaps.yaml names only existing cases', (t) => {
  // `generated › pN` entries belong to the differential corpus and are checked there.
  const stale = [...gaps.keys()].filter((id) => !id.startsWith('generated › ') && !ids.has(id));
  t.deepEqual(stale, [], 'remove these entries from test/rego/known-gaps.yaml');
});

if (engine.unavailable) console.log(`rego cases: Warden's compiler is unavailable (${engine.unavailable}); every case will fail`);

for (const f of files) {
  for (const c of f.cases) {
    const id = caseId(c);
    const gap = gaps.get(id);
    test(gap ? `known gap: ${id}` : id, async (t) => {
      const outcome = await runCaseWithWasm(engine, c);
      const why = checkCase(c, outcome, false);
      if (gap) {
        // Generated reasons already quote the failure; log it again only when it has changed.
        t.log(why !== null && gap.includes(why.split('\n')[0]!.slice(0, 120)) ? `known gap: ${gap}` : `known gap (${gap}); now: ${why ?? 'passes'}`);
        t.not(why, null, `"${id}" passes now: remove it from test/rego/known-gaps.yaml`);
      } else {
        t.is(why, null, why ?? '');
      }
    });
  }
}
