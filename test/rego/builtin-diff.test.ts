// Every builtin on sampled mixed arguments, against opa eval (see builtin-diff/diff.ts): the same
// value or undefined for every call. Skipped, saying why, without an opa binary.
import test from 'ava';
import { findOpa } from './harness/opa-binary.js';
import { builtinDifferential, VALUE_SETS } from './builtin-diff/diff.js';

const opa = findOpa();

if (!opa.path) {
  console.log(`builtin differential skipped: ${opa.reason}`);
  test.skip(`builtin differential against opa eval (skipped: ${opa.reason})`, () => {});
} else {
  const opaPath = opa.path;
  for (let set = 0; set < VALUE_SETS.length; set++) {
    test(`builtin differential: value set ${set}, every call the same value or undefined as opa eval`, async (t) => {
      t.timeout(300_000);
      const r = await builtinDifferential(opaPath, set, 40);
      t.log(`${r.calls} calls${r.skipped.length ? `; not compared: ${r.skipped.join('; ')}` : ''}`);
      t.true(r.calls > 4000, `${r.calls} calls`);
      t.deepEqual(r.diffs, []);
    });
  }
}
