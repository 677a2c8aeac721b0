// grammar/: the railroad diagram is generated from the live grammar (and up to date), the TextMate
// grammar is valid, and the EBNF names every rule.
import test from 'ava';
import { createSyntaxDiagramsCode } from 'chevrotain';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WardenGrammar } from '../../src/dsl/grammar.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (p: string) => readFileSync(root + p, 'utf8');

test('railroad.html matches the grammar and loads chevrotain from the local package', (t) => {
  const base = '../node_modules/chevrotain/diagrams/';
  const html = createSyntaxDiagramsCode(new WardenGrammar(true).getSerializedGastProductions(), { resourceBase: base, css: `${base}diagrams.css` });
  t.is(read('grammar/railroad.html'), html, 'stale: run node scripts/grammar.mjs');
  t.notRegex(html, /https?:\/\/(unpkg|cdn|jsdelivr)/);
});

test('TextMate grammar: scope source.warden, every pattern compiles', (t) => {
  const g = JSON.parse(read('grammar/warden.tmLanguage.json'));
  t.is(g.scopeName, 'source.warden');
  t.deepEqual(g.fileTypes, ['warden']);
  const regexes: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'match' || k === 'begin' || k === 'end') && typeof x === 'string') regexes.push(x);
        else walk(x);
      }
  };
  walk(g);
  t.true(regexes.length > 15);
  for (const r of regexes) t.notThrows(() => new RegExp(r), r);
  const comment = new RegExp(g.repository.comments.patterns[0].match);
  t.true(comment.test('// hi'));
});

test('EBNF covers every grammar rule', (t) => {
  const ebnf = read('grammar/warden.ebnf').toLowerCase();
  const rules = new WardenGrammar(true).getSerializedGastProductions().map((r) => (r as { name: string }).name);
  for (const r of rules) {
    const words = r.replace(/([A-Z])/g, ' $1').toLowerCase().replace(/ (decl|stmt|expr)$/, ' $1');
    t.true(ebnf.includes(words.trim()), `rule ${r} (${words.trim()}) missing from warden.ebnf`);
  }
});

test('docs/diagnostics.md lists every code the front end emits', (t) => {
  const doc = read('docs/diagnostics.md');
  const src = ['lexer', 'parser', 'checker', 'loader', 'index'].map((f) => read(`src/dsl/${f}.ts`)).join('\n');
  const codes = new Set(src.match(/'WD[12]\d{3}'/g)!.map((c) => c.slice(1, -1)));
  t.true(codes.size > 30);
  for (const c of codes) t.regex(doc, new RegExp(`\\| ${c} \\|`), `${c} missing from docs/diagnostics.md`);
});
