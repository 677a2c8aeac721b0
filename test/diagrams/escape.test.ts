// Each escaper is tested by parsing its output with a real parser for the target language (jsdom
// for HTML and XML, Graphviz for DOT, mermaid for Mermaid, marked for GitHub Markdown) and checking
// that the text reads back literally and no markup was injected.
import test from 'ava';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { marked } from 'marked';
import {
  dotHtml,
  dotId,
  dotString,
  escapeHtml,
  escapeMarkdown,
  escapeXml,
  htmlCommentText,
  jsonForHtmlScript,
  markdownCode,
  mermaidId,
  mermaidLabel,
  stripControl,
} from '../../src/text/escape.js';
import { dotToSvg } from '../../src/diagrams/svg.js';
import { HOSTILE } from './builders.js';
import { mermaidError } from './mermaid-node.js';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
const { document, DOMParser } = dom.window;
const EVIL = [...HOSTILE, '', '\\', '"', '`', '\u0000nul\u0007bell\r\ncrlf', 'lone \ud800 surrogate', '\u2028sep'];
// Strings from the whole of Unicode, biased to the characters that matter here.
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...'<>&"\'`|#%[](){};-\\=\n\r\t]!*_.$:'.split('')), maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

test('stripControl drops C0 controls and lone surrogates, keeps tab, newline and astral characters', (t) => {
  t.is(stripControl('a\u0000b\u0007c\td\r\ne\rf\u007f'), 'ab\u0007c\td\ne\nf'.replace('\u0007', ''));
  t.is(stripControl('x\ud800y\udc00z'), 'xyz');
  t.is(stripControl('🚀 ok'), '🚀 ok');
});

test('escapeHtml: content and attribute values read back literally, nothing injected', (t) => {
  const check = (s: string) => {
    const div = document.createElement('div');
    div.innerHTML = `<p title="${escapeHtml(s)}" data-x='${escapeHtml(s)}'>${escapeHtml(s)}</p><!-- ${htmlCommentText(s)} --><i>after</i>`;
    const p = div.querySelector('p')!;
    t.is(div.children.length, 2, JSON.stringify(s));
    t.is(p.children.length, 0);
    t.is(p.textContent, stripControl(s));
    t.is(p.getAttribute('title'), stripControl(s));
    t.is(p.getAttribute('data-x'), stripControl(s));
    t.is(div.querySelector('i')?.textContent, 'after');
  };
  EVIL.forEach(check);
  fc.assert(fc.property(nasty, (s) => void check(s)), { numRuns: 300 });
});

test('escapeXml: valid SVG text and attributes, even with ]]> and controls', (t) => {
  const check = (s: string) => {
    const doc = new DOMParser().parseFromString(`<svg xmlns="http://www.w3.org/2000/svg"><text a="${escapeXml(s)}">${escapeXml(s)}</text></svg>`, 'image/svg+xml');
    t.is(doc.getElementsByTagName('parsererror').length, 0, JSON.stringify(s));
    const text = doc.getElementsByTagName('text')[0];
    t.is(text.textContent, stripControl(s));
    // XML attribute normalisation turns literal newlines/tabs into spaces.
    t.is(text.getAttribute('a'), stripControl(s).replace(/[\n\t]/g, ' '));
  };
  EVIL.forEach(check);
  fc.assert(fc.property(nasty, (s) => void check(s)), { numRuns: 300 });
});

test('jsonForHtmlScript: survives a <script> element and parses back to the value', (t) => {
  const value = { names: EVIL, nested: { s: '</script><script>alert(1)</script>', c: '<!--' } };
  const json = jsonForHtmlScript(value);
  t.false(/<|>|&|\u2028/.test(json));
  const div = document.createElement('div');
  div.innerHTML = `<script type="application/json">${json}</script><i>x</i>`;
  t.deepEqual(JSON.parse(div.querySelector('script')!.textContent!), value);
  t.is(div.querySelectorAll('script').length, 1);
});

test('dotId and dotHtml: Graphviz parses every hostile name and draws the label text literally', async (t) => {
  // One graph with every string as a node id, a cluster name and a label, laid out by real Graphviz.
  const strings = EVIL.filter((s) => stripControl(s).trim() !== '');
  const dot = [
    'digraph G {',
    ...strings.map((s, i) => `  subgraph ${dotId('cluster_' + s)} { label=<${dotHtml(s)}>; ${dotId(s)} [label=<${dotHtml(s)}>, tooltip=${dotString(s)}]; n${i} }`),
    '}',
  ].join('\n');
  const svg = await dotToSvg(dot);
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  t.is(doc.getElementsByTagName('parsererror').length, 0);
  t.is(doc.querySelectorAll('g.node').length, strings.length * 2, 'every id is one distinct node, nothing split or merged');
  t.is(doc.querySelectorAll('g.cluster').length, strings.length);
  t.is(doc.getElementsByTagName('script').length, 0);
  const texts = [...doc.getElementsByTagName('text')].map((e) => e.textContent ?? '');
  for (const s of strings) {
    // Graphviz draws each label line as its own <text>; spaces may be collapsed to one.
    for (const lineText of stripControl(s).split('\n').filter((l) => l.trim() !== '')) {
      t.true(texts.some((x) => x === lineText || x.replace(/\s+/g, ' ').trim() === lineText.replace(/\s+/g, ' ').trim()), `label line ${JSON.stringify(lineText)}`);
    }
  }
});

test('dotId is injective on distinct names (no two names share a node)', (t) => {
  fc.assert(
    fc.property(nasty, nasty, (a, b) => {
      const ca = stripControl(a).replace(/[\n\t]/g, ' ');
      const cb = stripControl(b).replace(/[\n\t]/g, ' ');
      return ca === cb || dotId(a) !== dotId(b);
    }),
  );
  t.is(dotId('a"b\\'), '"a\\"b\\\\"');
});

test('mermaidId: plain words, injective, never a keyword', (t) => {
  t.is(mermaidId('el_', 'Api'), 'el_Api');
  t.is(mermaidId('el_', 'end'), 'el_end');
  t.is(mermaidId('el_', 'a_b'), 'el_a_5f_b');
  t.is(mermaidId('el_', 'a->b'), 'el_a_2d__3e_b');
  fc.assert(fc.property(nasty, nasty, (a, b) => a === b || mermaidId('x', a) !== mermaidId('x', b)));
  fc.assert(fc.property(nasty, (a) => /^x[A-Za-z0-9_]*$/.test(mermaidId('x', a))));
});

test('mermaidLabel: every hostile string parses as a node label, edge label and subgraph title', async (t) => {
  for (const s of [...EVIL, ...fc.sample(nasty, { numRuns: 150, seed: 42 })]) {
    const l = mermaidLabel(s);
    t.false(/["\[\]{}|;%<>`#]/.test(l.replace(/#\d+;/g, '').replace(/<br\/>/g, '')), `raw syntax left in ${JSON.stringify(l)}`);
    const text = `flowchart LR\n  subgraph s1["${l}"]\n    a["${l}"]\n  end\n  b("${l}") -->|"${l}"| c[("${l}")]\n  a ==>|"${l}"| b\n`;
    t.is(await mermaidError(text), undefined, JSON.stringify(s));
  }
});

test('escapeMarkdown: a GitHub table cell renders the text literally, one cell, no HTML injected', (t) => {
  const check = (s: string) => {
    const md = `| a | b |\n|---|---|\n| ${escapeMarkdown(s)} | ${markdownCode(s)} |\n`;
    const div = document.createElement('div');
    div.innerHTML = marked.parse(md, { gfm: true, async: false }) as string;
    const cells = div.querySelectorAll('tbody td');
    t.is(cells.length, 2, JSON.stringify(s));
    t.is(div.querySelectorAll('script, img, a').length, 0);
    // Newlines become <br>, so compare with newlines as line breaks.
    const first = [...cells[0].childNodes].map((n) => (n.nodeName === 'BR' ? '\n' : n.textContent)).join('');
    // Markdown trims a cell's outer whitespace; everything inside must survive.
    t.is(first.trim(), stripControl(s).replace(/\t/g, ' ').trim(), JSON.stringify(s));
    const code = stripControl(s).replace(/[\n\t]/g, ' ');
    if (code.trim() !== '') t.is(cells[1].textContent?.trim(), code.trim(), JSON.stringify(s));
  };
  EVIL.forEach(check);
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'<>&"\'`|#*_[]()\\!-+.~ ab\n'.split('')), maxLength: 25 }), (s) => void check(s)), {
    numRuns: 300,
  });
});
