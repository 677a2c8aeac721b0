// The ratchet on OPA's own conformance suite (read from the opa Go module, see
// test/rego/opa-suite/): Warden's pass counts may not drop below the committed baseline, and no
// case may return a value different from OPA's unless it is still listed as a known wrong answer
// (a list that only shrinks). Skips, saying why, where Go or the opa module is absent.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { baselinePath, runSuite, type Baseline } from './opa-suite/run.js';
import { findSuiteDir } from './opa-suite/suite.js';

const found = findSuiteDir();
const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as Baseline;

if (!found.dir) {
  test('OPA conformance suite (skipped)', (t) => {
    t.log(`skipped: ${found.reason}`);
    t.pass();
  });
} else {
  test('OPA conformance suite: no pass count below the baseline, no new wrong answer', async (t) => {
    const r = await runSuite();
    if (typeof r === 'string') return t.fail(r);
    t.log(`Warden loader ${r.warden.pass}/${r.inScope}, stock SDK ${r.sdk.pass}/${r.inScope}, wrong ${r.wrong.length}`);
    const known = new Set(baseline.knownWrong);
    const fresh = r.wrong.filter((w) => !known.has(w.id));
    t.deepEqual(fresh.map((w) => `${w.id}: want ${w.want}, got ${w.got}`), [], 'new wrong answers');
    const wrongNow = new Set(r.wrong.map((w) => w.id));
    const fixed = baseline.knownWrong.filter((id) => !wrongNow.has(id));
    t.deepEqual(fixed, [], 'no longer wrong: remove from test/rego/opa-suite/baseline.json (--update-baseline)');
    t.true(r.warden.pass >= baseline.wardenPass, `Warden loader passes ${r.warden.pass}, baseline ${baseline.wardenPass}`);
    t.true(r.sdk.pass >= baseline.sdkPass, `stock SDK passes ${r.sdk.pass}, baseline ${baseline.sdkPass}`);
    t.is(r.results.filter((x) => x.warden.verdict === 'crash').length, 0, 'crashes');
  });
}
