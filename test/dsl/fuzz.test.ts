// Property test: random and mutated source never makes the front end throw; it always returns a
// result (diagnostics for bad input) and finishes in bounded time.
import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkSource, formatSource } from '../../src/dsl/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const seeds = ['examples/aks-devsecops/model.warden', 'examples/webapp/model.warden', 'examples/minimal/model.warden', 'models/warden/kubernetes.warden'].map((f) =>
  readFileSync(root + f, 'utf8'),
);

const pieces = ['{', '}', '[', ']', '(', ')', '->', ',', ':', '.', '"', '"x"', '\\', '/*', '*/', '//', '\n', ' ', 'flow', 'boundary', 'in', 'actor', 'A', '2027-02-30', '-1', 'TH-00000000', 'controls', 'when', 'not', '==', '<', '>', '=', 'kind', 'attr', 'use "warden/base"', 'use "./x.warden"', '\u0000', '😀'];

/** A mutation of a seed: delete, duplicate or insert at random offsets. */
const mutated = fc
  .tuple(
    fc.integer({ min: 0, max: seeds.length - 1 }),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom(...pieces), fc.constantFrom('delete', 'insert', 'duplicate')), { minLength: 1, maxLength: 8 }),
  )
  .map(([i, edits]) => {
    let s = seeds[i];
    for (const [at, len, piece, op] of edits) {
      const p = at % (s.length + 1);
      if (op === 'delete') s = s.slice(0, p) + s.slice(p + len);
      else if (op === 'insert') s = s.slice(0, p) + piece + s.slice(p);
      else s = s.slice(0, p) + s.slice(p, p + len) + s.slice(p);
    }
    return s;
  });

const soup = fc.array(fc.constantFrom(...pieces), { maxLength: 200 }).map((xs) => xs.join(' '));

function frontEnd(text: string) {
  const started = performance.now();
  const r = checkSource('/fuzz/model.warden', text, { projectRoot: '/fuzz', cwd: '/fuzz', prelude: 'warden/base' });
  const f = formatSource(text);
  return { r, f, ms: performance.now() - started };
}

test('mutated examples: never throws, always a result, bounded time', (t) => {
  let worst = 0;
  fc.assert(
    fc.property(mutated, (text) => {
      const { r, f, ms } = frontEnd(text);
      worst = Math.max(worst, ms);
      if (!Array.isArray(r.diagnostics) || !Array.isArray(f.diagnostics)) return false;
      // Either a model or at least one error explaining why not.
      if (r.value === undefined && !r.diagnostics.some((d) => d.severity === 'error')) return false;
      for (const d of r.diagnostics) if (!/^WD\d{4}$/.test(d.code) || d.span.line < 1 || d.span.column < 1) return false;
      // Formatting output, when there is one, must itself be stable.
      if (!f.diagnostics.some((d) => d.severity === 'error') && formatSource(f.value).value !== f.value) return false;
      return ms < 2000;
    }),
    { numRuns: 300, seed: 4242 },
  );
  t.log(`worst case ${worst.toFixed(1)} ms`);
  t.pass();
});

test('random token soup and arbitrary strings: never throws', (t) => {
  fc.assert(
    fc.property(fc.oneof(soup, fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
      const { r, ms } = frontEnd(text);
      return Array.isArray(r.diagnostics) && ms < 2000;
    }),
    { numRuns: 300, seed: 7 },
  );
  t.pass();
});

test('deep nesting is handled without stack overflow', (t) => {
  const deep = 'boundary B0 {\n'.repeat(1) + Array.from({ length: 300 }, (_, i) => `boundary B${i + 1} {`).join('\n') + '\n' + '}\n'.repeat(301);
  const r = frontEnd(deep);
  t.deepEqual(
    r.r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
    ['WD1021'],
  );
  const parens = 'threat T { on flow when ' + '('.repeat(500) + 'a' + ')'.repeat(500) + ' category spoofing }';
  t.true(frontEnd(parens).r.diagnostics.some((d) => d.code === 'WD1021'));
  const nots = 'threat T { on flow when ' + 'not '.repeat(20000) + 'a category spoofing }';
  t.true(frontEnd(nots).r.diagnostics.some((d) => d.code === 'WD1021'));
  const ok = 'boundary A {' + ' boundary X {'.repeat(30) + ' }'.repeat(31);
  t.false(frontEnd(ok).r.diagnostics.some((d) => d.code === 'WD1021'), '30 levels are fine');
});
