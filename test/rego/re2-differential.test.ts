// Warden's RE2 engine against the reference: fast-check generates small Go patterns, strings and
// replacement templates (harness/re2-arbitraries.ts), and one policy evaluates every regex builtin
// on all pairs, once in `opa eval` and once through Warden's compiler and Wasm; likewise glob.match
// on generated globs. Skipped, saying why, without an opa binary.
//   RE2_DIFF_PAIRS=<n>  pairs per run (default 400)    RE2_DIFF_SEED=<n>  seed (default: fixed)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import { evalRego } from '../../src/rego/index.js';
import { findOpa } from './harness/opa-binary.js';
import { maybeBroken, text } from './harness/re2-arbitraries.js';

const opa = findOpa();
const pairs = Number(process.env.RE2_DIFF_PAIRS ?? 400);
const seed = Number(process.env.RE2_DIFF_SEED ?? 20261206);

const POLICY = `package re2diff

results[i] := one(c) if some i, c in input.cases

one(c) := {"valid": false} if not regex.is_valid(c.p)

one(c) := {
	"valid": true,
	"match": regex.match(c.p, c.s),
	"find": regex.find_n(c.p, c.s, -1),
	"find2": regex.find_n(c.p, c.s, 2),
	"sub": regex.find_all_string_submatch_n(c.p, c.s, -1),
	"split": regex.split(c.p, c.s),
	"replace": regex.replace(c.s, c.p, "<$1|\${n}|$$>"),
	"replace_t": regex.replace(c.s, c.p, c.r),
} if regex.is_valid(c.p)

globs[i] := glob.match(c.g, c.d, c.t) if some i, c in input.globs
`;

/** ReplaceAllString templates: group numbers and names, braces, $$, malformed references. */
const template = fc
  .array(fc.constantFrom('$1', '$2', '${1}', '${n}', '$n', '$nx', '$$', '$0', '${1}x', '$1x', '$x', '${', '${n', '$', '-', 'é', '$10', '$01', '${é}', '$é'), { maxLength: 4 })
  .map((ps) => ps.join(''));

/** Globs (gobwas/glob syntax, which glob.match translates for the same engine) and delimiter sets. */
const GLOB_PARTS = ['a', 'b', '.', '/', '-', '*', '**', '?', '[ab]', '[!a]', '[a-c]', '{a,b}', '{a,{b,.}}', '\\*', '[', '{'];
const glob = fc.array(fc.constantFrom(...GLOB_PARTS), { minLength: 1, maxLength: 6 }).map((ps) => ps.join(''));
const delimiters = fc.constantFrom(null, [], ['/'], ['.', '/'], ['-']);
const globText = fc.array(fc.constantFrom('a', 'b', 'c', '.', '/', '-', '*'), { maxLength: 8 }).map((cs) => cs.join(''));

/**
 * opa caches a compiled glob under pattern + "-" + delimiters, so ("a", ["-"]) and ("a-", null) share
 * an entry and the second answers with the first's glob within one process. Keep one of each key.
 */
function withoutCacheClashes<T extends { g: string; d: string[] | null }>(globs: T[]): T[] {
  const owner = new Map<string, string>();
  return globs.filter(({ g, d }) => {
    const key = `${g}-${(d === null ? [] : d.length ? d : ['.']).join('')}`;
    const who = JSON.stringify([g, d === null ? [] : d.length ? d : ['.']]);
    if (!owner.has(key)) owner.set(key, who);
    return owner.get(key) === who;
  });
}

function opaResults(path: string, input: unknown): { results: Record<string, unknown>; globs: Record<string, unknown> } {
  const dir = mkdtempSync(join(tmpdir(), 're2diff-'));
  try {
    writeFileSync(join(dir, 're2diff.rego'), POLICY);
    const args = ['eval', '--format', 'json', '--stdin-input', '--data', join(dir, 're2diff.rego'), 'data.re2diff'];
    const out = execFileSync(path, args, { input: JSON.stringify(input), maxBuffer: 1 << 28 });
    return (JSON.parse(out.toString()) as { result: Array<{ expressions: Array<{ value: any }> }> }).result[0]!.expressions[0]!.value;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!opa.path) {
  console.log(`RE2 differential test skipped: ${opa.reason}`);
  test.skip(`regex builtins agree with opa eval on generated patterns (skipped: ${opa.reason})`, () => {});
} else {
  const opaPath = opa.path;
  test('regex builtins and glob.match agree with opa eval on generated patterns and strings', async (t) => {
    const cases = fc.sample(fc.record({ p: maybeBroken, s: text, r: template }), { numRuns: pairs, seed });
    // half the subjects are the glob with its wildcards filled in, so that many match
    const filled = (g: string): string => g.replace(/\*\*|\*|\?/g, (w) => (w === '?' ? 'a' : 'a/b.')).replace(/[[\]{}\\!,]/g, '');
    const globs = withoutCacheClashes(fc.sample(fc.tuple(glob, delimiters, globText, fc.boolean()).map(([g, d, t, fill]) => ({ g, d, t: fill ? filled(g) : t })), { numRuns: pairs, seed }));
    const want = opaResults(opaPath, { cases, globs });
    const got = await evalRego([{ file: 're2diff.rego', source: POLICY }], 'data.re2diff', { cases, globs });
    t.deepEqual(got.diagnostics.filter((d) => d.severity === 'error'), []);
    const ours = (got.value?.[0]?.result ?? {}) as { results: Record<string, unknown>; globs: Record<string, unknown> };
    const bad = cases.map((c, i) => ({ c, i })).filter(({ i }) => JSON.stringify(ours.results[i]) !== JSON.stringify(want.results[i]));
    for (const { c, i } of bad.slice(0, 5)) t.log(`pattern ${JSON.stringify(c.p)} on ${JSON.stringify(c.s)}\n warden ${JSON.stringify(ours.results[i])}\n opa    ${JSON.stringify(want.results[i])}`);
    t.is(bad.length, 0);
    const badGlobs = globs.map((c, i) => ({ c, i })).filter(({ i }) => ours.globs[i] !== want.globs[i]);
    for (const { c, i } of badGlobs.slice(0, 5)) t.log(`glob ${JSON.stringify(c)}: warden ${ours.globs[i]}, opa ${want.globs[i]}`);
    t.is(badGlobs.length, 0);
    const valid = Object.values(want.results).filter((r) => (r as { valid: boolean }).valid).length;
    const matched = Object.values(want.globs).filter((v) => v === true).length;
    t.log(`${cases.length} regex pairs (${valid} valid patterns) and ${globs.length} globs (${matched} matching, ${globs.length - Object.keys(want.globs).length} errors), identical in opa eval and Warden`);
  });
}
