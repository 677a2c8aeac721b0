// The fast path (src/dsl/fast-parser.ts) against the chevrotain parser of record: whenever the fast
// path answers, the chevrotain parse must be error-free and give the very same AST (values, spans,
// key order, keys present with undefined). Checked on every model in the repository, on generated
// models, and on mutated and randomly assembled source.
import test from 'ava';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateModel } from '../../bench/dsl.js';
import { fastParse } from '../../src/dsl/fast-parser.js';
import { MAX_NESTING, parseSource, parseWithGrammar } from '../../src/dsl/parser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** First difference between two values, comparing own keys in order (so `title: undefined` counts), or undefined. */
function difference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? undefined : `${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join(',') !== kb.join(',')) return `${path}: keys [${ka}] != [${kb}]`;
  for (const k of ka) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** undefined when consistent; else what went wrong. Also says whether the fast path answered. */
function compare(text: string): { problem?: string; answered: boolean } {
  const fast = fastParse('m.warden', text, MAX_NESTING);
  if (!fast) return { answered: false };
  const slow = parseWithGrammar('m.warden', text);
  if (slow.diagnostics.length > 0) return { answered: true, problem: `fast path answered, chevrotain reports ${slow.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}` };
  const d = difference(fast, slow.value);
  return { answered: true, ...(d ? { problem: d } : {}) };
}

function wardenFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...wardenFiles(p));
    else if (name.endsWith('.warden')) out.push(p);
  }
  return out;
}

const files = ['models', 'examples', 'test/fixtures', 'docs'].flatMap((d) => wardenFiles(join(root, d)));

test('every model in the repository: the fast path agrees with chevrotain or stands aside', (t) => {
  t.true(files.length > 50, `found ${files.length} model files`);
  let answered = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const r = compare(text);
    if (r.problem) t.fail(`${relative(root, f)}: ${r.problem}`);
    if (r.answered) answered++;
    // It stands aside only for files with syntax errors: every clean model takes the fast path.
    else if (parseWithGrammar('m.warden', text).diagnostics.length === 0) t.fail(`${relative(root, f)}: clean, but the fast path stood aside`);
  }
  // The fast path must be the one in use for real models, or it speeds nothing up.
  for (const ex of ['examples/aks-devsecops/model.warden', 'examples/webapp/model.warden', 'examples/minimal/model.warden']) {
    t.true(compare(readFileSync(join(root, ex), 'utf8')).answered, `${ex} takes the fast path`);
  }
  t.log(`${answered} of ${files.length} files took the fast path`);
});

test('files with errors never take the fast path: parseSource reports chevrotain diagnostics', (t) => {
  const invalid = files.filter((f) => f.includes(`${join('fixtures', 'invalid')}`));
  t.true(invalid.length >= 40);
  for (const f of invalid) {
    const text = readFileSync(f, 'utf8');
    const slow = parseWithGrammar('m.warden', text);
    if (slow.diagnostics.length === 0) continue; // an invalid fixture whose mistake is semantic, not syntax
    t.is(fastParse('m.warden', text, MAX_NESTING), undefined, relative(root, f));
    t.deepEqual(parseSource('m.warden', text), slow);
  }
});

test('generated models, spans across CRLF line ends, comments, escapes and keywords as names', (t) => {
  const cases = [
    generateModel(300),
    generateModel(300).replace(/\n/g, '\r\n'),
    'model "M" { owner "team" }\r\n/* a\r\n block */ actor A // line\r\nstore S "Title \\"q\\" \\u{1F600}" in B { tags [x, "y", 3, -2.5, 2027-01-31, TH-0123abcd, true, false, f(a, [b]), g()] }\n',
    'boundary B "b" in P {\n  trust high\n  boundary C { data D }\n  in x "t" { }\n  owner Y in B\n  flow F: a -> b "t"\n  workload W { }\n  zone internal\n}\nmitigate A.spoofing by c "text"\nmitigate TH-00000000\naccept A.tampering.rule owner "t" until 2027-01-01 because "r"\nnotApplicable TH-0000abcd because "r"\nwaive "K8S-1" for "deployment/x" owner "o" until 2026-12-31 because "r"\nin in in X\ntrue T\n',
    'use "warden/base"\n\ufeffactor\tA\f{}\n',
    'kind k extends process {\n  requires boundary\n  doc "d"\n  required attr a: enum(x, in, y)\n  attr b: list<ref<element>> = [p]\n  attr c: number = -1.5\n}\ncontrol c "t" { required param p: string  doc "x"  param q: list<string> = ["a"] }\n' +
      'threat t "T" {\n  on k\n  when not (a.b == "x" or c in [1, 2.5, d]) and f(g.h, true) != false and not x.y(z) <= 2027-01-01 or [] >= i\n  severity high\n  when n < 3 and m > 1\n}\n',
    '',
    '// only a comment',
  ];
  for (const text of cases) {
    const r = compare(text);
    t.true(r.answered, `fast path answers: ${JSON.stringify(text.slice(0, 60))}`);
    t.is(r.problem, undefined);
  }
  // Lone CR, diagnostics and declarations left to chevrotain.
  for (const text of ['actor A\rstore B', 'actor A /* x\ry */ store B', 'actor A "x\\q"', 'actor A "open', "actor A 'x'", 'actor A { n 3x }', 'actor A { a = 1 }', 'threat t { when not ' + 'not '.repeat(20000) + 'x }', 'threat t { when a ! b }', 'threat t { when TH-00000000 }', '/* open', 'actor A { x [' + '['.repeat(70) + ']'.repeat(70) + '] }']) {
    t.false(compare(text).answered, JSON.stringify(text));
  }
});

const seeds = ['examples/aks-devsecops/model.warden', 'examples/webapp/model.warden', 'examples/minimal/model.warden', 'models/warden/threats/cluster.warden', 'models/warden/controls/kubernetes.warden', 'models/warden/base.warden'].map((f) => readFileSync(join(root, f), 'utf8'));
const pieces = ['{', '}', '[', ']', '(', ')', '->', ',', ':', '.', '"', '"x"', '\\', '/*', '*/', '//', '\n', '\r', ' ', 'flow', 'boundary', 'in', 'by', 'owner', 'true', 'actor', 'A', 'A.spoofing', '2027-02-30', '-1', '1.5', 'TH-00000000', 'mitigate', 'accept', 'data', 'model', '==', '!=', '<', '>=', '=', '!', 'not', 'and', 'or', 'when', 'attr', 'param', 'required', 'kind', 'enum(a, b)', 'list<'];

test('mutated and assembled source: the fast path agrees or stands aside (property)', (t) => {
  const mutated = fc
    .tuple(
      fc.integer({ min: 0, max: seeds.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 30 }), fc.constantFrom(...pieces), fc.constantFrom('delete', 'insert', 'duplicate')), { minLength: 1, maxLength: 6 }),
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
  const soup = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((xs) => xs.join(' '));
  let answered = 0;
  fc.assert(
    fc.property(fc.oneof(mutated, soup), (text) => {
      const r = compare(text);
      if (r.answered) answered++;
      if (r.problem) throw new Error(r.problem);
    }),
    { numRuns: 600, seed: 2026 },
  );
  t.log(`fast path answered ${answered} of 600`);
  t.true(answered > 20);
});
