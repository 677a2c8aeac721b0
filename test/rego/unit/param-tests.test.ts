// `warden rego test` on parameterised tests (`test_x[name] if { ... }`: a sub-test per key) and
// on duplicate test names (test_a, test_a#01), as `opa test` runs them. The expectations below were
// read from `opa test -v` (opa 1.22.2); with opa present the verdicts are compared once more.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRegoTests, type SubResult } from '../../../src/rego/index.js';
import { findOpa } from '../harness/opa-binary.js';

const SOURCE = `package t
cases := {"one": 1, "two": 2, "three": 3}
test_small[name] if {
  some name, n in cases
  n < 3
}
test_obj[name] := v if {
  some name, n in cases
  v := n > 1
}
test_none_reached[name] if {
  some name, n in cases
  n > 10
}
test_empty[x] if {
  some x in []
}
test_set contains name if {
  some name, _ in cases
}
test_concat[tc.note] if {
  some tc in [{"note": "empty", "a": [], "exp": []}, {"note": "one", "a": [1], "exp": [2]}]
  act := array.concat(tc.a, [])
  act == tc.exp
}
test_reordered[x] if {
  y == 1
  some x in ["k"]
  y = 2
}
test_nested[a][b] if {
  some a in ["A"]
  some b in ["x", "y"]
  b == "x"
}
test_keys[k] if {
  some k in [1, [1, "a"]]
}
test_dup if true
test_dup if false
test_dup_param[x] if {
  some x in ["p"]
}
test_dup_param[x] if {
  some x in ["q"]
  false
}
`;

type Verdict = { pass: boolean; subs?: string };

function show(subs: SubResult[] | undefined): string | undefined {
  if (!subs?.length) return undefined;
  return subs.map((s) => `${s.name}:${s.pass ? 'PASS' : 'FAIL'}${s.subResults ? `(${show(s.subResults)})` : ''}`).join(' ');
}

const EXPECTED: Record<string, Verdict> = {
  test_small: { pass: false, subs: 'one:PASS three:FAIL two:PASS' },
  test_obj: { pass: false, subs: 'one:FAIL three:PASS two:PASS' },
  test_none_reached: { pass: false, subs: 'one:FAIL three:FAIL two:FAIL' },
  test_empty: { pass: true },
  test_set: { pass: false },
  test_concat: { pass: false, subs: 'empty:PASS one:FAIL' },
  test_reordered: { pass: false, subs: 'k:FAIL' },
  test_nested: { pass: false, subs: 'A:FAIL(x:PASS y:FAIL)' },
  test_keys: { pass: true, subs: '1:PASS [1,"a"]:PASS' },
  test_dup: { pass: true },
  'test_dup#01': { pass: false },
  test_dup_param: { pass: true, subs: 'p:PASS' },
  'test_dup_param#01': { pass: false, subs: 'q:FAIL' },
};

test('parameterised tests have a sub-test per key, duplicates run apart, as in opa test', async (t) => {
  const r = await runRegoTests([{ file: 't_test.rego', source: SOURCE }]);
  t.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
  const got: Record<string, Verdict> = {};
  for (const x of r.results) got[x.name] = { pass: x.pass, ...(x.subResults ? { subs: show(x.subResults) } : {}) };
  t.deepEqual(got, EXPECTED);
});

test('the verdicts agree with opa test --format json', async (t) => {
  const opa = findOpa();
  if (!opa.path) {
    t.log(`no opa binary (${opa.reason}): agreement with opa test not checked`);
    return t.pass();
  }
  const dir = mkdtempSync(join(tmpdir(), 'warden-param-'));
  try {
    writeFileSync(join(dir, 't_test.rego'), SOURCE);
    let out: string;
    try {
      out = execFileSync(opa.path, ['test', '--format', 'json', dir], { encoding: 'utf8' });
    } catch (e) {
      out = (e as { stdout: string }).stdout;
    }
    type OpaSub = { name: string; fail?: boolean; sub_results?: Record<string, OpaSub> };
    const subs = (m: Record<string, OpaSub> | undefined): string | undefined => {
      if (!m || !Object.keys(m).length) return undefined;
      return Object.keys(m)
        .sort()
        .map((k) => `${k}:${m[k]!.fail ? 'FAIL' : 'PASS'}${m[k]!.sub_results && Object.keys(m[k]!.sub_results!).length ? `(${subs(m[k]!.sub_results)})` : ''}`)
        .join(' ');
    };
    const theirs: Record<string, Verdict> = {};
    for (const x of JSON.parse(out) as Array<{ name: string; fail?: boolean } & OpaSub>) {
      const s = subs(x.sub_results);
      theirs[x.name] = { pass: !x.fail, ...(s ? { subs: s } : {}) };
    }
    t.deepEqual(theirs, EXPECTED);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
