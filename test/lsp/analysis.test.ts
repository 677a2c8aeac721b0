// The language server's analysis in-process: completion by context, the names index behind
// definition/references/rename, and errors of an imported file shown at its `use`.
import test from 'ava';
import { join } from 'node:path';
import { analyze, complete } from '../../src/lsp/index.js';

const dir = '/project';
const file = join(dir, 'model.warden');
const MODEL = `model "Shop" { owner "me" }
boundary Internet { trust untrusted }
boundary Dc "Data centre" { trust high }
data Orders { classification confidential }
actor Shopper in Internet
process Web "Web shop" in Dc { exposure internet  controls [inputValidation] }
store Db in Dc { stores [Orders]  encryptedAtRest true }
flow Shopper -> Web "browse" { protocol https  carries [Orders] }
flow Web -> Db { protocol tls }
mitigate Web.spoofing by inputValidation
`;

const at = (text: string, marker: string): { text: string; offset: number } => ({ text: text.replace(marker, ''), offset: text.indexOf(marker) });
function labels(text: string, marker = '|'): string[] {
  const { text: t, offset } = at(text, marker);
  return complete(analyze(file, t, (p) => (p === file ? t : undefined)), offset).map((c) => c.label);
}

test('completion by context', (t) => {
  const start = labels(MODEL + '|');
  t.true(['model', 'boundary', 'flow', 'mitigate', 'actor', 'process', 'store'].every((k) => start.includes(k)), start.join(' '));
  t.deepEqual(labels(MODEL.replace('store Db in Dc', 'store Db in |Dc')).sort(), ['Dc', 'Internet']);
  t.deepEqual(labels(MODEL + 'mitigate Web.|'), ['spoofing', 'tampering', 'repudiation', 'informationDisclosure', 'denialOfService', 'elevationOfPrivilege']);
  t.true(labels(MODEL + 'accept |').includes('Shopper'));
  t.deepEqual(labels(MODEL.replace('encryptedAtRest true', 'encryptedAtRest |')), ['true', 'false']);
  const controls = labels(MODEL.replace('controls [inputValidation]', 'controls [inputValidation, |]'));
  t.true(controls.includes('inputValidation') && controls.length > 5, controls.join(' '));
  const dataAttrs = labels(MODEL.replace('{ classification confidential }', '{ classification confidential  | }'));
  t.true(dataAttrs.includes('pii') && !dataAttrs.includes('protocol'), dataAttrs.join(' '));
  const inBoundary = labels(MODEL.replace('{ trust high }', '{ trust high\n  | }'));
  t.true(inBoundary.includes('namespace') && inBoundary.includes('process'), inBoundary.join(' '));
  t.deepEqual(labels(MODEL.replace('protocol tls', 'protocol tls  |')).includes('authn'), true);
  t.deepEqual(labels(MODEL + '// a comment |'), []);
});

test('names index: declarations and every use, by kind of name', (t) => {
  const a = analyze(file, MODEL, () => undefined);
  const uses = (kind: 'element' | 'data' | 'boundary' | 'control', name: string) => a.symbols.occurrences(kind, name).map((s) => `${s.span.line}:${s.span.column}${s.declaration ? ' decl' : ''}`);
  t.deepEqual(uses('element', 'Web'), ['6:9 decl', '8:17', '9:6', '10:10']);
  t.deepEqual(uses('data', 'Orders'), ['4:6 decl', '7:26', '8:57']);
  t.deepEqual(uses('boundary', 'Dc'), ['3:10 decl', '6:27', '7:13']);
  t.true(uses('control', 'inputValidation').length >= 3, 'the declaration in the library and both uses');
  t.is(a.symbols.at(file, MODEL.indexOf('trust high') + 1), undefined, 'an attribute name is not a name of the model');
});

test('an error in an imported file is shown at its use, with the same code', (t) => {
  const parts = join(dir, 'parts.warden');
  const text = `model "M" { owner "x" }\nuse "./parts.warden"\nactor A\n`;
  const a = analyze(file, text, (p) => (p === parts ? 'data D { classification secret }\n' : p === file ? text : undefined));
  const d = a.diagnostics.find((x) => x.message.startsWith('in ./parts.warden:1:'));
  t.truthy(d, JSON.stringify(a.diagnostics));
  t.is(d!.span.line, 2);
  t.regex(d!.code, /^WD\d{4}$/);
});

test('never throws: completion and hover lookups at every offset, analysis of every prefix', (t) => {
  const full = analyze(file, MODEL, () => undefined);
  for (let i = 0; i <= MODEL.length; i++) {
    complete(full, i);
    full.symbols.at(file, i);
  }
  for (let i = 0; i <= MODEL.length; i += 5) {
    const text = MODEL.slice(0, i);
    const a = analyze(file, text, () => undefined);
    complete(a, text.length);
    for (const d of a.diagnostics) t.regex(d.code, /^WD\d{4}$/);
  }
  t.pass();
});
