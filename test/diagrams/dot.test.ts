import test from 'ava';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { JSDOM } from 'jsdom';
import { dotToSvg, renderDot, selectView, svgElementId } from '../../src/diagrams/index.js';
import { isOutstanding } from '../../src/threats/index.js';
import { fixtureThreats, hostileModel, HOSTILE, largeModel, paymentsModel } from './builders.js';
import { golden } from './golden.js';

const { DOMParser } = new JSDOM('').window;
const svgDoc = (svg: string) => new DOMParser().parseFromString(svg, 'image/svg+xml');

function dot(...args: Parameters<typeof renderDot>): string {
  const r = renderDot(...args);
  if (r.value === undefined) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}
const line = (text: string, needle: string) => text.split('\n').find((l) => l.includes(needle)) ?? '';

test('boundaries are nested clusters labelled with their trust level, coloured by trust', (t) => {
  const text = dot(paymentsModel());
  const depth = (id: string) => line(text, `subgraph "cluster_${id}"`).match(/^ */)![0].length / 2;
  t.deepEqual(['Internet', 'Azure', 'Cluster', 'Payments'].map(depth), [1, 1, 2, 3]);
  t.regex(line(text, 'id="b-Internet"'), /trust: untrusted.*color="#c0392b".*style="dashed,rounded,filled"/);
  t.regex(line(text, 'id="b-Payments"'), /trust: high · namespace payments.*color="#1e8449"/);
  // The element sits inside its own cluster: its line comes after the cluster opens and before it closes.
  const lines = text.split('\n');
  const open = lines.findIndex((l) => l.includes('subgraph "cluster_Payments"'));
  const api = lines.findIndex((l) => l.trimStart().startsWith('"Api" ['));
  const close = lines.findIndex((l, i) => i > open && l === '      }');
  t.true(open < api && api < close);
});

test('shapes per kind: actor box, process rounded box, store cylinder', (t) => {
  const text = dot(paymentsModel(), { showThreats: false });
  t.regex(line(text, '"Customer" ['), /shape=box, style=filled\]/);
  t.regex(line(text, '"Api" ['), /shape=box, style="rounded,filled"/);
  t.regex(line(text, '"Ledger" ['), /shape=cylinder/);
  t.regex(line(text, '"Api" ['), /workload · Api/);
});

test('flows: labelled with title, protocol and highest classification; crossings emphasised', (t) => {
  const text = dot(paymentsModel(), { showThreats: false });
  const checkout = line(text, '"Customer" -> "Gateway"');
  t.regex(checkout, /label=<checkout<BR\/><I>https · restricted<\/I>>/);
  t.regex(checkout, /color="#c0392b", penwidth=2.2/, 'into a more trusted boundary: red and thick');
  t.regex(line(text, '"Gateway" -> "Api"'), /restricted.*color="#2c3e50", penwidth=1.8/, 'crossing at equal trust: thick, dark');
  t.notRegex(line(text, '"Api" -> "Worker"'), /penwidth/, 'inside one boundary: plain');
  t.regex(line(text, '"Api" -> "Ledger"'), /tls · confidential/);
});

test('threat badges count open/total per element and flow; open elements are outlined red', (t) => {
  const model = paymentsModel();
  const threats = fixtureThreats(model);
  const text = dot(model, { threats });
  for (const id of ['Customer', 'Gateway', 'Api', 'Worker', 'Ledger']) {
    const mine = threats.threats.filter((x) => x.target.id === id);
    const open = mine.filter(isOutstanding).length;
    const l = line(text, `"${id}" [`);
    t.true(l.includes(open > 0 ? `⚠ ${open}/${mine.length}` : `✓ ${mine.length}`), `${id}: ${l}`);
    t.is(l.includes('color="#b00020"'), open > 0);
  }
  // All handled: a green tick, no red outline.
  const handled = { ...threats, threats: threats.threats.map((x) => (x.target.id === 'Ledger' ? { ...x, status: 'mitigated' as const } : x)) };
  t.regex(line(dot(model, { threats: handled }), '"Ledger" ['), /✓ 4.*shape=cylinder, style=filled\]/);
  t.notRegex(dot(model, { threats, showThreats: false }), /⚠|✓|#b00020/);
});

test('direction option sets rankdir', (t) => {
  t.regex(dot(paymentsModel()), /rankdir=LR/);
  t.regex(dot(paymentsModel(), { direction: 'TB' }), /rankdir=TB/);
});

test('boundary view: the boundary, its ancestors as frames, outside neighbours greyed', (t) => {
  const model = paymentsModel();
  const v = selectView(model, { kind: 'boundary', boundary: 'Payments' }).value!;
  t.deepEqual(v.elements.map((e) => e.id), ['Api', 'Worker']);
  t.deepEqual(v.context.map((e) => e.id), ['Gateway', 'Ledger']);
  t.deepEqual(v.boundaries.map((b) => b.id), ['Azure', 'Cluster', 'Payments']);
  t.deepEqual(v.flows.map((f) => f.id), ['Gateway->Api', 'ApiToLedger', 'Api->Worker']);
  const text = dot(model, { view: { kind: 'boundary', boundary: 'Payments' }, threats: fixtureThreats(model) });
  t.regex(line(text, '"Gateway" ['), /style="rounded,dashed"/);
  t.notRegex(line(text, '"Gateway" ['), /⚠/, 'no badges on context nodes');
  t.regex(line(text, '"Gateway" -> "Api"'), /style=dashed/);
  t.false(text.includes('"Customer"'));
  t.regex(text, /rankdir=LR.*Contoso Payments on AKS — boundary Payments/);
});

test('focus view: neighbourhood by flows in both directions, to the given depth', (t) => {
  const model = paymentsModel();
  const ids = (depth: number) => selectView(model, { kind: 'focus', element: 'Api', depth }).value!.elements.map((e) => e.id);
  t.deepEqual(ids(0), ['Api']);
  t.deepEqual(ids(1), ['Gateway', 'Api', 'Worker', 'Ledger']);
  t.deepEqual(ids(2), ['Customer', 'Gateway', 'Api', 'Worker', 'Ledger']);
  const v = selectView(model, { kind: 'focus', element: 'Api', depth: 1 }).value!;
  t.deepEqual(v.flows.map((f) => f.id), ['Gateway->Api', 'ApiToLedger', 'Api->Worker']);
  t.deepEqual(v.boundaries.map((b) => b.id), ['Azure', 'Cluster', 'Payments']);
});

test('unknown boundary or element: WD7001/WD7002 with a did-you-mean hint, no output', (t) => {
  const model = paymentsModel();
  const b = renderDot(model, { view: { kind: 'boundary', boundary: 'Paymnts' } });
  t.is(b.value, undefined);
  t.like(b.diagnostics[0], { code: 'WD7001', severity: 'error', file: 'model.warden', hint: 'did you mean "Payments"?' });
  const e = renderDot(model, { view: { kind: 'focus', element: 'Apu', depth: 1 } });
  t.like(e.diagnostics[0], { code: 'WD7002', hint: 'did you mean "Api"?' });
  t.like(renderDot(model, { view: { kind: 'focus', element: 'Api', depth: -1 } }).diagnostics[0], { code: 'WD7003' });
});

test('SVG: one node per element with stable ids, clusters per boundary, byte-identical across runs', async (t) => {
  const model = paymentsModel();
  const text = dot(model, { threats: fixtureThreats(model) });
  const [a, b] = [await dotToSvg(text), await dotToSvg(text)];
  t.is(a, b);
  const doc = svgDoc(a);
  t.is(doc.getElementsByTagName('parsererror').length, 0);
  t.deepEqual(
    [...doc.querySelectorAll('g.node')].map((g) => g.id).sort(),
    model.elements.map((e) => svgElementId(e.id)).sort(),
  );
  t.deepEqual([...doc.querySelectorAll('g.cluster')].map((g) => g.id).sort(), ['b-Azure', 'b-Cluster', 'b-Internet', 'b-Payments']);
  t.is(doc.querySelectorAll('g.edge').length, model.flows.length);
});

test('hostile names: DOT lays out, SVG is well-formed, texts literal, nothing injected', async (t) => {
  const model = hostileModel();
  const svg = await dotToSvg(dot(model, { threats: fixtureThreats(model) }));
  const doc = svgDoc(svg);
  t.is(doc.getElementsByTagName('parsererror').length, 0);
  t.is(doc.getElementsByTagName('script').length, 0);
  t.is(doc.querySelectorAll('g.node').length, model.elements.length);
  t.is(doc.querySelectorAll('g.edge').length, model.flows.length);
  const texts = [...doc.getElementsByTagName('text')].map((x) => x.textContent);
  t.true(texts.includes('<script>alert(1)</script>'));
  t.true(texts.includes('cdata ]]> end'));
  t.true(texts.includes('A --> B [x] (y) {z} %% end'));
  t.false(svg.includes('<script>'));
  golden(t, 'hostile.dot', dot(model, { threats: fixtureThreats(model) }));
  t.truthy(HOSTILE.length);
});

test('readable at 50 elements: no two nodes overlap and every node lies inside its boundary box', async (t) => {
  const model = largeModel(50);
  t.true(model.elements.length >= 45 && model.elements.length <= 55);
  const gv = await Graphviz.load();
  const layout = JSON.parse(gv.dot(dot(model, { threats: fixtureThreats(model) }), 'json')) as {
    objects: { name: string; nodes?: number[]; bb?: string; pos?: string; width?: string; height?: string }[];
  };
  const boxes = layout.objects
    .filter((o) => o.pos)
    .map((o) => {
      const [x, y] = o.pos!.split(',').map(Number);
      const w = (Number(o.width) * 72) / 2;
      const h = (Number(o.height) * 72) / 2;
      return { name: o.name, x0: x - w, x1: x + w, y0: y - h, y1: y + h };
    });
  t.is(boxes.length, model.elements.length);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      t.false(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1, `${a.name} overlaps ${b.name}`);
    }
  }
  const byName = new Map(boxes.map((b) => [b.name, b]));
  for (const e of model.elements) {
    const cluster = layout.objects.find((o) => o.name === `cluster_${e.boundary}`)!;
    const [x0, y0, x1, y1] = cluster.bb!.split(',').map(Number);
    const n = byName.get(e.id)!;
    t.true(n.x0 >= x0 && n.x1 <= x1 && n.y0 >= y0 && n.y1 <= y1, `${e.id} inside ${e.boundary}`);
  }
});

test('golden: payments model DOT and SVG', async (t) => {
  const model = paymentsModel();
  const text = dot(model, { threats: fixtureThreats(model) });
  golden(t, 'payments.dot', text);
  golden(t, 'payments.svg', await dotToSvg(text));
  golden(t, 'payments-focus-tb.dot', dot(model, { direction: 'TB', view: { kind: 'focus', element: 'Worker', depth: 1 }, showThreats: false }));
});
