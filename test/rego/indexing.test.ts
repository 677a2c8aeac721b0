// Rule indexing (src/rego/plan/indexing.ts + the runtime's candidates()): which rules get an index,
// and that every result is the same with and without it — for matching, missing, non-string and
// unknown field values, definitions without the test, `with`, object and multi-value rules.
import test from 'ava';
import { compileRego, loadPolicy, parseRego } from '../../src/rego/index.js';
import { Planner } from '../../src/rego/plan/plan.js';
import { indexRules } from '../../src/rego/plan/indexing.js';

const POLICY = `package idx

deny contains "pod" if input.review.object.kind == "Pod"

deny contains msg if {
	"Deployment" == input.review.object.kind
	msg := sprintf("deployment %s", [input.review.object.metadata.name])
}

deny contains "pod-priv" if {
	input.review.object.kind == "Pod"
	input.review.object.spec.privileged
}

deny contains "no-kind-test" if input.review.object.metadata.name == "x"

deny contains "always"

deny contains "svc" if input.review.object.kind == "Service"

by_kind[k] := 1 if {
	input.review.object.kind == "Pod"
	k := "pod"
}

by_kind[k] := 2 if {
	input.review.object.kind == "Service"
	k := "svc"
}

groups[input.review.object.kind] contains "a" if input.review.object.kind == "Pod"

groups[input.review.object.kind] contains "b" if input.review.object.kind == "Job"

groups["any"] contains "c"

under_with := x if {
	x := deny with input as {"review": {"object": {"kind": "Service"}}}
}
`;

const ENTRYPOINTS = ['idx/deny', 'idx/by_kind', 'idx/groups', 'idx/under_with'];

function planned() {
  const parsed = parseRego([{ file: 'idx.rego', source: POLICY }], {});
  const out = new Planner(parsed.value).plan(ENTRYPOINTS)!;
  return out.program as { rules: Array<{ name: string; ix?: unknown; defs: Array<{ iv?: string }> }> };
}

test('partial rules whose definitions test the same input field get an index', (t) => {
  const program = planned();
  t.is(indexRules(program), 3);
  const deny = program.rules.find((r) => r.name === 'data.idx.deny')!;
  t.deepEqual(deny.ix, [4, [4, [4, [2], [0, 'review']], [0, 'object']], [0, 'kind']]);
  t.deepEqual(
    deny.defs.map((d) => d.iv ?? null),
    ['Pod', 'Deployment', 'Pod', null, null, 'Service'],
  );
  t.truthy(program.rules.find((r) => r.name === 'data.idx.by_kind')!.ix);
  t.truthy(program.rules.find((r) => r.name === 'data.idx.groups')!.ix);
});

test('rules with one keyed definition, functions and complete rules are left alone', (t) => {
  const parsed = parseRego(
    [{ file: 'a.rego', source: 'package a\n\nf(x) := 1 if input.k == "a"\n\nf(x) := 2 if input.k == "b"\n\np := 1 if input.k == "a"\n\np := 1 if input.k == "b"\n\ns contains 1 if input.k == "a"\n\ns contains 2 if input.j\n\nq := [f(1), s]\n' }],
    {},
  );
  const program = new Planner(parsed.value).plan(['a/p', 'a/q'])!.program as { rules: Array<{ name: string; ix?: unknown }> };
  t.true(program.rules.length >= 3, program.rules.map((r) => r.name).join(' '));
  t.is(indexRules(program as never), 0);
});

const INPUTS: unknown[] = [
  { review: { object: { kind: 'Pod', metadata: { name: 'x' }, spec: { privileged: true } } } },
  { review: { object: { kind: 'Pod', metadata: { name: 'y' } } } },
  { review: { object: { kind: 'Deployment', metadata: { name: 'd' } } } },
  { review: { object: { kind: 'Service', metadata: { name: 'x' } } } },
  { review: { object: { kind: 'Job' } } },
  { review: { object: { kind: 'ConfigMap' } } }, // a value no definition names
  { review: { object: { kind: 7 } } }, // not a string
  { review: { object: { kind: { nested: 'Pod' } } } },
  { review: { object: {} } }, // the field is missing
  { review: 'not an object' },
  {},
];

test('results are the same with and without the index, for every input', async (t) => {
  const on = compileRego([{ file: 'idx.rego', source: POLICY }], { entrypoints: ENTRYPOINTS, ruleIndexing: true });
  const off = compileRego([{ file: 'idx.rego', source: POLICY }], { entrypoints: ENTRYPOINTS, ruleIndexing: false });
  t.truthy(on.value, JSON.stringify(on.diagnostics));
  t.truthy(off.value, JSON.stringify(off.diagnostics));
  t.notDeepEqual(on.value!.wasm, off.value!.wasm, 'the index is in the program');
  const pOn = await loadPolicy(on.value!.wasm);
  const pOff = await loadPolicy(off.value!.wasm);
  for (const input of INPUTS) {
    for (const ep of ENTRYPOINTS) {
      t.deepEqual(pOn.evaluate(input, ep), pOff.evaluate(input, ep), `${ep} on ${JSON.stringify(input)}`);
    }
  }
  // and the values themselves, for one input: the index must not just agree with itself
  t.deepEqual(pOn.evaluate(INPUTS[0], 'idx/deny')[0]!.result, ['always', 'no-kind-test', 'pod', 'pod-priv']);
  t.deepEqual(pOn.evaluate(INPUTS[4], 'idx/groups')[0]!.result, { Job: ['b'], any: ['c'] });
  t.deepEqual(pOn.evaluate(INPUTS[0], 'idx/under_with')[0]!.result, ['always', 'svc']);
});
