// warden import/export threat-dragon: our own Threat Dragon v2 fixtures; exports validated against
// Threat Dragon's own v2 schema (td.vue/src/assets/schema/threat-dragon-v2.schema.json), which is
// what Threat Dragon checks a file against when it opens it.
import test from 'ava';
import { loadModel } from '../../src/dsl/index.js';
import { exportThreatDragon, importThreatDragon } from '../../src/interop/index.js';
import { generateThreats } from '../../src/threats/index.js';
import { body, fixture, importAndLoad, located, TODAY } from './harness.js';
import { schemaErrors } from './schema.js';

const FIXTURES = ['threat-dragon/bookshop.json', 'threat-dragon/ward-systems.json', 'threat-dragon/blank.json'];

test('bookshop: boxes become nested boundaries by geometry, threats keep their status', (t) => {
  const { file, text } = fixture('threat-dragon/bookshop.json');
  const r = importAndLoad(importThreatDragon, file, text);
  t.deepEqual(r.modelDiagnostics.filter((d) => d.severity === 'error'), []);
  t.deepEqual(r.model.boundaries.map((b) => [b.id, b.parent ?? null]), [
    ['ShopVPC', null],
    ['PaymentZone', 'ShopVPC'],
  ]);
  const where = (title: string) => r.model.elements.find((e) => e.title === title)?.boundary ?? null;
  t.deepEqual(['Customer', 'Storefront', 'Payment Adapter', 'Payment Provider'].map(where), [null, 'ShopVPC', 'PaymentZone', null]);
  t.is(r.model.elements.find((e) => e.title === 'Storefront')?.kind, 'webApplication');
  t.is(r.model.flows.length, 7); // six attached flows, one of them bidirectional (two); the loose end dropped
  const status = (title: string) => r.register.threats.filter((x) => x.title === title).map((x) => [x.target.id, x.status, x.severity]);
  t.deepEqual(status('Account takeover by credential stuffing'), [['Customer', 'mitigated', 'high']]);
  t.deepEqual(status('Verbose error pages'), [['Storefront', 'notApplicable', 'low']]);
  t.deepEqual(status('Price tampering'), [['OrderService', 'accepted', 'medium']]);
  t.deepEqual(status('Unencrypted backups'), [['OrdersDB', 'open', 'critical']]);
  t.deepEqual(status('Card data in logs'), [['PaymentAdapter', 'mitigated', 'high']]);
});

test('every Threat Dragon construct Warden does not hold is reported at its line', (t) => {
  const expected: Record<string, string[]> = {
    'threat-dragon/bookshop.json': [
      'WD8010@10:5', // contributors
      'WD8010@19:7', // positions and styles
      'WD8014@225:19', // accepted: expiry filled in
      'WD8014@237:19', // transferred: accepted with an expiry
      'WD8011@431:11', // bidirectional flow
      'WD8012@744:11', // flow with a loose end
      'WD8010@795:11', // trust boundary curve
      'WD8010@830:11', // text block
      'WD8010@858:5', // reviewer
    ],
    'threat-dragon/ward-systems.json': ['WD8010@12:7', 'WD8011@169:19', 'WD8011@179:19', 'WD8011@229:19', 'WD8011@240:19', 'WD8010@367:11', 'WD8010@406:7', 'WD8011@406:7', 'WD8010@533:11'],
    'threat-dragon/blank.json': [],
  };
  for (const f of FIXTURES) {
    const { file, text } = fixture(f);
    t.deepEqual(located(importThreatDragon(text, { file, today: TODAY }).diagnostics), expected[f], f);
  }
});

test('the same threat on several cells is one custom rule over all of them', (t) => {
  const { file, text } = fixture('threat-dragon/ward-systems.json');
  const r = importAndLoad(importThreatDragon, file, text);
  t.regex(r.source, /threat GenericDenialOfService "Generic denial of service" \{\n {2}on process\n {2}category denialOfService\n {2}when name in \["ChartingApp", "InfusionPumpGateway"\]/);
  t.is(r.register.threats.filter((x) => x.rule === 'GenericDenialOfService').length, 2);
});

for (const f of FIXTURES) {
  test(`${f}: the input and the export are valid Threat Dragon v2; import -> export -> import is stable`, (t) => {
    const { file, text } = fixture(f);
    t.deepEqual(schemaErrors('threat-dragon-v2', JSON.parse(text)), []);
    const first = importAndLoad(importThreatDragon, file, text);
    const exported = exportThreatDragon(first.model, first.register);
    t.deepEqual(schemaErrors('threat-dragon-v2', JSON.parse(exported.text)), []);
    const second = importAndLoad(importThreatDragon, file, exported.text);
    t.is(body(second.source), body(first.source));
    t.deepEqual(second.register.threats.map((x) => [x.id, x.status]), first.register.threats.map((x) => [x.id, x.status]));
  });
}

test('the Threat Dragon validator is not vacuous', (t) => {
  const doc = JSON.parse(fixture('threat-dragon/bookshop.json').text) as { detail: { diagrams: { cells: Record<string, unknown>[] }[] } };
  delete doc.detail.diagrams[0].cells[2].zIndex;
  t.not(schemaErrors('threat-dragon-v2', doc).length, 0);
});

test('the example Warden models export to Threat Dragon v2: boxes hold their elements, threats on their cells', (t) => {
  for (const ex of ['aks-devsecops', 'webapp', 'minimal']) {
    const loaded = loadModel(`examples/${ex}/model.warden`);
    const reg = generateThreats(loaded.value!, { today: TODAY }).value;
    const doc = JSON.parse(exportThreatDragon(loaded.value!, reg).text) as { detail: { diagrams: { cells: Record<string, unknown>[] }[]; threatTop: number } };
    t.deepEqual(schemaErrors('threat-dragon-v2', doc), [], ex);
    const cells = doc.detail.diagrams[0].cells;
    t.is(cells.filter((c) => c.shape === 'flow').length, loaded.value!.flows.length, ex);
    t.is(cells.filter((c) => c.shape === 'trust-boundary-box').length, loaded.value!.boundaries.length, ex);
    t.is(doc.detail.threatTop, reg.threats.length, ex);
    // Reading the file back puts every element in its boundary again (membership by geometry),
    // with its kind and attributes, so the same threats arise with the same decisions.
    const back = importAndLoad(importThreatDragon, `${ex}.json`, JSON.stringify(doc));
    for (const e of loaded.value!.elements) {
      const x = back.model.elements.find((y) => y.id === e.id);
      t.deepEqual([x?.boundary, x?.kind], [e.boundary, e.kind], `${ex} ${e.id}`);
    }
    t.deepEqual(back.diagnostics.filter((d) => d.code === 'WD8013' || d.severity === 'error'), [], ex);
    t.deepEqual(back.register.threats.map((x) => [x.id, x.status]).sort(), reg.threats.map((x) => [x.id, x.status]).sort(), ex);
  }
});
