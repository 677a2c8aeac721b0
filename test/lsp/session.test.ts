// The scripted editor session of the issue, through a real LSP client over the server's stdio:
// open a broken model and get the diagnostic at the right place, complete an attribute, fix it,
// hover, go to definition, find references, rename an element across an import, outline, format.
import test from 'ava';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompletionItem, DocumentSymbol, Hover, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { formatSource } from '../../src/dsl/index.js';
import { startClient, uriOf } from './client.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const PARTS = `// Shared pieces of the shop.
data Orders "Orders" { classification confidential }
boundary Dc "Data centre" { trust high }
process Api "Orders API" in Dc { exposure internal }
`;
const MODEL = `model "Shop" { owner "me" }
use "./parts.warden"

boundary Internet { trust untrusted }
actor Shopper in Internet
process Web "Web shop" in Dc { exposure internet }
store Db in Dc { stores [Orders] }

flow Shopper -> Web "browse" { protocl https  carries [Orders] }
flow Web -> Api { protocol grpc }
flow Api -> Db { protocol tls  carries [Orders] }
accept Api.tampering owner "team" until 2030-01-01 because "internal only"
`;

const labels = (items: CompletionItem[] | { items: CompletionItem[] } | null): string[] => (Array.isArray(items) ? items : (items?.items ?? [])).map((i) => i.label);

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

test('scripted session: diagnostics, completion, hover, definition, references, rename, outline, format', async (t) => {
  mkdirSync(join(root, 'test', '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, 'test', '.tmp', 'lsp-'));
  writeFileSync(join(dir, 'parts.warden'), PARTS);
  writeFileSync(join(dir, 'model.warden'), MODEL);
  const uri = uriOf(join(dir, 'model.warden'));
  const partsUri = uriOf(join(dir, 'parts.warden'));
  const client = await startClient();
  const c = client.connection;
  try {
    // 1. Open a broken model: WD2003 on `protocl`, line 9 (0-based 8), columns of the word.
    const first = client.diagnostics(uri);
    c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'warden', version: 1, text: MODEL } });
    const diags = await first;
    t.is(diags.length, 1, JSON.stringify(diags));
    t.is(diags[0].code, 'WD2003');
    const col = MODEL.split('\n')[8].indexOf('protocl');
    t.deepEqual(diags[0].range, { start: { line: 8, character: col }, end: { line: 8, character: col + 'protocl'.length } });
    t.regex(diags[0].message, /hint: did you mean "protocol"\?/);

    // 2. Complete an attribute: replace the typo by `pro` and ask at its end.
    const typing = MODEL.replace('protocl https', 'pro');
    c.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typing }] });
    const at = { line: 8, character: typing.split('\n')[8].indexOf('pro') + 3 };
    const attrs = labels(await c.sendRequest('textDocument/completion', { textDocument: { uri }, position: at }));
    t.true(attrs.includes('protocol'), attrs.join(' '));
    t.true(attrs.includes('authn'), 'every flow attribute is offered');
    // Values, names and statement starts.
    const values = MODEL.replace('{ trust untrusted }', '{ trust  }');
    c.sendNotification('textDocument/didChange', { textDocument: { uri }, contentChanges: [{ text: values }], version: 3 } as never);
    t.deepEqual(labels(await c.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: values.split('\n')[3].indexOf('trust') + 6 } })).sort(), ['high', 'low', 'medium', 'system', 'untrusted']);
    const names = labels(await c.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 'flow '.length } }));
    t.true(names.includes('Api') && names.includes('Shopper'), names.join(' '));
    const inBoundary = labels(await c.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 'actor Shopper in '.length } }));
    t.deepEqual(inBoundary.sort(), ['Dc', 'Internet']);
    const carries = labels(await c.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 'store Db in Dc { stores ['.length } }));
    t.deepEqual(carries, ['Orders']);

    // 3. Fix the typo: the diagnostics clear.
    const fixed = MODEL.replace('protocl', 'protocol');
    const cleared = client.diagnostics(uri, (d) => d.length === 0);
    c.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: fixed }] });
    t.deepEqual(await cleared, []);

    // 4. Hover: an element's threats; a kind's attributes.
    const hover = (await c.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 'flow Web -> A'.length } })) as Hover;
    const text = (hover.contents as { value: string }).value;
    t.regex(text, /Orders API/);
    t.regex(text, /\*\*Threats:\*\* \d+ outstanding of \d+/);
    t.regex(text, /accepted/, 'the acceptance shows');
    const kindHover = (await c.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 2 } })) as Hover;
    t.regex((kindHover.contents as { value: string }).value, /\| `exposure`/);
    const attrHover = (await c.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: fixed.split('\n')[9].indexOf('protocol') + 2 } })) as Hover;
    t.regex((attrHover.contents as { value: string }).value, /^`protocol`: `/);

    // 5. Definition (into the import) and references.
    const def = (await c.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 9, character: 'flow Web -> A'.length } })) as Location;
    t.is(def.uri, partsUri);
    t.is(def.range.start.line, 3);
    const refs = (await c.sendRequest('textDocument/references', { textDocument: { uri }, position: { line: 9, character: 'flow Web -> A'.length }, context: { includeDeclaration: true } })) as Location[];
    t.is(refs.length, 4, JSON.stringify(refs));

    // 6. Rename Api -> OrdersApi: the declaration in the import, the flows and the decision.
    const prep = await c.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position: { line: 10, character: 'flow A'.length } });
    t.truthy(prep);
    const edit = (await c.sendRequest('textDocument/rename', { textDocument: { uri }, position: { line: 10, character: 'flow A'.length }, newName: 'OrdersApi' })) as WorkspaceEdit;
    const renamedModel = applyEdits(fixed, edit.changes![uri]);
    const renamedParts = applyEdits(PARTS, edit.changes![partsUri]);
    t.regex(renamedParts, /process OrdersApi "Orders API"/);
    t.regex(renamedModel, /flow Web -> OrdersApi/);
    t.regex(renamedModel, /flow OrdersApi -> Db/);
    t.regex(renamedModel, /accept OrdersApi\.tampering/);
    t.notRegex(renamedModel + renamedParts, /\bApi\b/);
    await t.throwsAsync(c.sendRequest('textDocument/rename', { textDocument: { uri }, position: { line: 10, character: 'flow A'.length }, newName: 'Web' }), { message: /already exists/ });
    // Apply it as an editor would (open the import too) and check the result is valid.
    c.sendNotification('textDocument/didOpen', { textDocument: { uri: partsUri, languageId: 'warden', version: 1, text: renamedParts } });
    const valid = client.diagnostics(uri, (d) => d.length === 0);
    c.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: renamedModel }] });
    t.deepEqual(await valid, []);

    // 7. Outline and formatting.
    const symbols = (await c.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    t.deepEqual(symbols.map((s) => s.name), ['Shop', 'Internet', 'Shopper', 'Web', 'Db', 'Shopper -> Web', 'Web -> OrdersApi', 'OrdersApi -> Db']);
    const messy = renamedModel.replace('store Db in Dc { stores [Orders] }', 'store   Db in Dc {stores [Orders]}');
    c.sendNotification('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ text: messy }] });
    const formatEdits = (await c.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })) as TextEdit[];
    t.is(formatEdits.length, 1);
    t.is(applyEdits(messy, formatEdits), formatSource(messy).value);
    t.regex(formatEdits[0].newText, /store Db in Dc \{ stores \[Orders\] \}/);
  } finally {
    t.is(await client.stop(), 0, 'the server exits 0 after shutdown and exit');
    rmSync(dir, { recursive: true, force: true });
  }
  t.is(readFileSync(join(root, 'package.json'), 'utf8').includes('"vscode-languageserver"'), true);
});
