import test from 'ava';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMermaid, type ViewSpec } from '../../src/diagrams/index.js';
import { mermaidId } from '../../src/text/escape.js';
import type { ResolvedModel } from '../../src/model/types.js';
import { fixtureThreats, hostileModel, largeModel, paymentsModel } from './builders.js';
import { launch } from './browser.js';
import { golden } from './golden.js';
import { mermaidError } from './mermaid-node.js';

const here = dirname(fileURLToPath(import.meta.url));
const mm = (model: ResolvedModel, view: ViewSpec = { kind: 'model' }, direction: 'LR' | 'TB' = 'LR') => {
  const r = renderMermaid(model, { threats: fixtureThreats(model), view, direction });
  if (r.value === undefined) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
};

test('structure: nested subgraphs, shapes per kind, thick crossing links, classes for open threats', (t) => {
  const text = mm(paymentsModel());
  t.true(text.startsWith('flowchart LR\n'));
  t.regex(text, /\n {2}subgraph b_Azure\["Azure subscription · high"\]\n/);
  t.regex(text, /\n {4}subgraph b_Cluster\[/);
  t.regex(text, /\n {6}subgraph b_Payments\["Payments · high"\]\n {8}el_Api\("Payments API<br\/>workload · Api<br\/>⚠ \d+\/6"\)/);
  t.regex(text, /el_Customer\["Customer browser/);
  t.regex(text, /el_Ledger\[\("Cosmos DB/);
  t.regex(text, /el_Customer ==>\|"checkout<br\/>https · restricted<br\/>⚠ \d\/3"\| el_Gateway/);
  t.regex(text, /el_Api -->\|"grpc/);
  t.regex(text, /\n {2}class [a-zA-Z_,]*el_Api[a-zA-Z_,]* open\n/);
  t.regex(text, /linkStyle 0 stroke:#c0392b/, 'the one flow into a more trusted boundary is red');
  t.is(mm(paymentsModel(), { kind: 'model' }, 'TB').split('\n')[0], 'flowchart TB');
});

test('mermaid parser accepts every generated text: examples, views, hostile names, large models', async (t) => {
  const cases: [string, string][] = [
    ['payments', mm(paymentsModel())],
    ['payments boundary', mm(paymentsModel(), { kind: 'boundary', boundary: 'Payments' })],
    ['payments focus TB', mm(paymentsModel(), { kind: 'focus', element: 'Api', depth: 1 }, 'TB')],
    ['hostile', mm(hostileModel())],
    ['hostile boundary', mm(hostileModel(), { kind: 'boundary', boundary: 'end' })],
    ['large 50', mm(largeModel(50))],
    ['large 200', mm(largeModel(200, 7))],
  ];
  for (const [name, text] of cases) t.is(await mermaidError(text), undefined, name);
  // The test can fail: a broken text is rejected.
  t.truthy(await mermaidError(mm(paymentsModel()).replace('Cosmos DB', 'Cosmos "DB')));
});

test('hostile names never reach Mermaid syntax: ids generated, labels entity-encoded', (t) => {
  const text = mm(hostileModel());
  t.false(text.includes('<script>'));
  t.false(text.includes('%%'));
  t.regex(text, new RegExp(`\\n +${mermaidId('el_', 'end')}\\("`), 'an element named "end" gets a prefixed id');
  for (const l of text.split('\n')) {
    // Outside quoted labels only ids, arrows, keywords and style text remain.
    if (/^ {2}(style|classDef|linkStyle) /.test(l)) continue; // fixed colours, no model text
    const bare = l.replace(/"[^"]*"/g, '""').replace(/ (-->|==>|-\.->)/, ' ');
    t.notRegex(bare, /[<>#`;{}]/, l);
  }
});

test('a diagram beyond Mermaid\'s default limits gets warning WD7004 with a hint to use a view', (t) => {
  t.deepEqual(renderMermaid(paymentsModel()).diagnostics, []);
  const big = largeModel(600);
  const r = renderMermaid(big, { threats: fixtureThreats(big) });
  t.true(r.value!.length > 50000);
  t.like(r.diagnostics[0], { code: 'WD7004', severity: 'warning' });
  t.regex(r.diagnostics[0].hint!, /--boundary/);
  t.deepEqual(renderMermaid(big, { view: { kind: 'boundary', boundary: 'B3' } }).diagnostics, []);
});

test('golden: payments Mermaid', (t) => {
  golden(t, 'payments.mmd', mm(paymentsModel()));
  golden(t, 'hostile.mmd', mm(hostileModel()));
});

test('renders to SVG in headless Chromium with mermaid\'s own bundle; hostile labels read back literally', async (t) => {
  const browser = await launch();
  if (typeof browser === 'string') {
    t.log(`skipped: ${browser}`);
    console.log(`[mermaid browser test] skipped: ${browser}`);
    t.pass();
    return;
  }
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => errors.push(e.message));
    // Offline: any request leaving the page fails the test.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent('<!doctype html><html><body></body></html>');
    const require = createRequire(import.meta.url);
    await page.addScriptTag({ path: join(dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js') });
    await page.evaluate(() => (window as any).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
    const render = (text: string, id: string) =>
      page.evaluate(async ([t, i]) => {
        const { svg } = await (window as any).mermaid.render(i, t);
        const div = document.createElement('div');
        div.innerHTML = svg;
        document.body.appendChild(div);
        return {
          nodes: div.querySelectorAll('g.node').length,
          clusters: div.querySelectorAll('g.cluster').length,
          // U+2060 is the invisible separator mermaidLabel puts between \\ and " (see escape.ts).
          labels: [...div.querySelectorAll('g.node .nodeLabel, g.cluster .nodeLabel')].map((e) => (e as HTMLElement).innerText.replace(/\u2060/g, '')),
          scripts: div.querySelectorAll('script').length,
        };
      }, [text, id] as const);
    const model = hostileModel();
    const r = await render(mm(model), 'hostile');
    t.is(r.nodes, model.elements.length);
    t.is(r.clusters, model.boundaries.length);
    t.is(r.scripts, 0);
    for (const e of model.elements) {
      const first = r.labels.find((l) => l.split('\n')[0] === (e.title || e.id).split('\n')[0]);
      if (!first) t.log(r.labels);
      t.truthy(first, `label of ${JSON.stringify(e.id)} shows its title literally: ${JSON.stringify(e.title)}`);
    }
    t.true(r.labels.some((l) => l === 'A --> B [x] (y) {z} %% end · untrusted'), 'boundary title literal');
    const p = await render(mm(paymentsModel()), 'payments');
    t.is(p.nodes, 5);
    t.deepEqual(errors, []);
    mkdirSync(join(here, '..', '.tmp'), { recursive: true });
    await page.locator('body > div').last().screenshot({ path: join(here, '..', '.tmp', 'mermaid-payments.png') });
  } finally {
    await browser.close();
  }
});
