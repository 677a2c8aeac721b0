// Verifies every case's expectation with the reference `opa` binary; expectations are never
// invented, they are confirmed here until there are zero mismatches.
//
//   node --import tsx test/rego/harness/verify-with-opa.ts            # report mismatches, exit 1 if any
//   node --import tsx test/rego/harness/verify-with-opa.ts --fill     # also write opa's answer into cases
//                                                                     #   that have no want_result/want_error yet
//   node --import tsx test/rego/harness/verify-with-opa.ts --engine opa-build
//        # run the cases through `opa build -t wasm` + the opa-wasm SDK instead, to validate the Wasm
//        # half of the harness with a known-good compiler (eval errors are checked by phase only)
//   ... --only <substring>                                            # only cases whose id contains it
import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument } from 'yaml';
import { caseId, loadCaseFiles, queriesOf, UNDEFINED, type RegoCase } from './case-format.js';
import { findOpa, mapLimit, runCaseWithOpa } from './opa-binary.js';
import { checkCase, showOutcome, type Outcome } from './outcome.js';
import { opaBuildEngine, runCaseWithWasm } from './wasm-engine.js';

const argv = process.argv.slice(2);
const fill = argv.includes('--fill');
const engineName = argv.includes('--engine') ? argv[argv.indexOf('--engine') + 1] : 'opa';
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;

const opa = findOpa();
if (!opa.path) {
  console.error(`verify-with-opa: ${opa.reason}`);
  process.exit(2);
}
const opaPath = opa.path;

function expectationFrom(c: RegoCase, o: Outcome): Record<string, unknown> | undefined {
  if (o.kind === 'result') {
    const show = (q: string) => (o.answers[q]!.defined ? (o.answers[q] as { value: unknown }).value : UNDEFINED);
    if (Array.isArray(c.query)) return { want_result: Object.fromEntries(queriesOf(c).map((q) => [q, show(q)])) };
    return { want_result: show(c.query) };
  }
  if (o.kind === 'error') {
    const first = o.errors[0]!;
    return { want_error: { code: first.code, ...(first.line !== undefined && o.phase === 'compile' ? { line: first.line } : {}) } };
  }
  return undefined;
}

const files = loadCaseFiles();
const cases = files.flatMap((f) => f.cases).filter((c) => !only || caseId(c).includes(only));
const engine = engineName === 'opa-build' ? await opaBuildEngine(opaPath) : undefined;
const started = Date.now();
const outcomes = await mapLimit(cases, 2, (c) => (engine ? runCaseWithWasm(engine, c) : runCaseWithOpa(opaPath, c)));

let mismatches = 0;
let skipped = 0;
let filled = 0;
const fills = new Map<string, Array<{ name: string; expectation: Record<string, unknown> }>>();
cases.forEach((c, i) => {
  const o = outcomes[i]!;
  if (c.skip_opa) {
    skipped++;
    return;
  }
  if (!('want_result' in c) && !c.want_error) {
    const e = expectationFrom(c, o);
    if (fill && e) {
      const list = fills.get(c.file) ?? [];
      list.push({ name: c.name, expectation: e });
      fills.set(c.file, list);
      filled++;
      console.log(`FILL ${caseId(c)}: ${showOutcome(o)}`);
    } else {
      mismatches++;
      console.log(`NO EXPECTATION ${caseId(c)}: opa says ${showOutcome(o)}`);
    }
    return;
  }
  const why = checkCase(c, o, engine === undefined);
  if (why) {
    mismatches++;
    console.log(`MISMATCH ${caseId(c)}: ${why}`);
  }
});

// Filled expectations are inserted as text after each case's last line, so the hand-written layout
// (block-scalar modules, comments) is kept; JSON is valid YAML flow syntax.
for (const f of files) {
  const todo = fills.get(f.file);
  if (!todo) continue;
  const text = readFileSync(f.absPath, 'utf8');
  const doc = parseDocument(text);
  const seq = doc.contents;
  if (!isSeq(seq)) continue;
  const inserts: Array<{ at: number; text: string }> = [];
  for (const item of seq.items) {
    if (!isMap(item) || !item.range) continue;
    const name = String(item.get('name'));
    const t = todo.find((x) => x.name === name);
    if (!t) continue;
    // range[1] is where the mapping's value content ends, before trailing blank lines and comments.
    let at = item.range[1];
    while (at > 0 && (text[at - 1] === '\n' || text[at - 1] === ' ')) at--;
    const lines = Object.entries(t.expectation).map(([k, v]) => `  ${k}: ${v === UNDEFINED ? UNDEFINED : JSON.stringify(v)}`);
    inserts.push({ at, text: `\n${lines.join('\n')}` });
  }
  let out = text;
  for (const ins of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);
  writeFileSync(f.absPath, out);
}

const checked = cases.length - skipped;
console.log(
  `verify-with-opa (${engine ? engine.name : `opa eval, ${opaPath}`}): ${checked} cases checked, ${mismatches} mismatches, ${skipped} skipped (skip_opa), ${filled} filled, ${((Date.now() - started) / 1000).toFixed(1)}s`,
);
process.exit(mismatches > 0 ? 1 : 0);
