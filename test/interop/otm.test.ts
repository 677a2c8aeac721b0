// warden import/export otm: our own OTM fixtures (JSON and YAML, 0.2.0 and 0.1.0), exports
// validated against the published OTM schema (otm_schema.json, iriusrisk/OpenThreatModel).
import test from 'ava';
import { parse } from 'yaml';
import { renderMermaid } from '../../src/diagrams/index.js';
import { loadModel } from '../../src/dsl/index.js';
import { exportOtm, importOtm } from '../../src/interop/index.js';
import { generateThreats } from '../../src/threats/index.js';
import { body, fixture, importAndLoad, located, TODAY } from './harness.js';
import { schemaErrors } from './schema.js';

const FIXTURES = ['otm/fleet-telemetry.otm.json', 'otm/payroll.otm.yaml', 'otm/minimal.otm.json'];

test('fleet telemetry: imports with no error, keeps zones, nesting, kinds, threats and their states', (t) => {
  const { file, text } = fixture('otm/fleet-telemetry.otm.json');
  const r = importAndLoad(importOtm, file, text);
  t.deepEqual(r.modelDiagnostics.filter((d) => d.severity === 'error'), []);
  t.is(r.model.elements.length, 8);
  t.is(r.model.flows.length, 7); // six flows, one of them bidirectional (two), the one to a trust zone dropped
  t.deepEqual(
    r.model.boundaries.map((b) => [b.id, b.trust, b.parent ?? null]),
    [
      ['internet', 'untrusted', null],
      ['cloud', 'high', null],
      ['PrivateSubnet', 'system', 'cloud'],
    ],
  );
  // The plug-in inside the stream processor lands in the processor's zone.
  t.is(r.model.elements.find((e) => e.title === 'Enrichment plug-in')?.boundary, 'PrivateSubnet');
  t.is(r.model.elements.find((e) => e.title === 'Time-series database')?.kind, 'database');
  const status = (rule: string) => r.register.threats.filter((x) => x.rule === rule).map((x) => [x.target.id, x.status]);
  t.deepEqual(status('DeviceImpersonation'), [['IngestionGateway', 'mitigated']]);
  t.deepEqual(status('PoisonedReadings'), [['StreamProcessor', 'accepted']]);
  const tsdb = r.model.elements.find((e) => e.title === 'Time-series database')!.id;
  t.deepEqual(status('TelemetryLeakFromBackups'), [[tsdb, 'notApplicable']]);
  t.deepEqual(status('MessageFlood'), [['IngestionGateway', 'open']]);
  t.truthy(renderMermaid(r.model).value);
});

test('every construct OTM has and Warden does not is reported at its line', (t) => {
  const expected: Record<string, string[]> = {
    'otm/fleet-telemetry.otm.json': [
      'WD8010@5:5', // project id other than the one the export derives
      'WD8010@11:3', // representations
      'WD8010@25:77', // asset risk comment
      'WD8010@49:7', // trust zone representations
      'WD8014@92:20', // accepted threat: expiry filled in
      'WD8011@99:7', // component inside a component
      'WD8011@137:123', // bidirectional flow
      'WD8012@140:71', // flow to a trust zone
      'WD8011@177:7', // non-STRIDE category
      'WD8010@187:5', // threat no component refers to
    ],
    'otm/payroll.otm.yaml': ['WD8010@11:3', 'WD8010@31:7', 'WD8010@67:7', 'WD8014@74:9', 'WD8010@85:7'],
    'otm/minimal.otm.json': ['WD8012@8:58', 'WD8012@11:101', 'WD8010@13:3'],
  };
  for (const f of FIXTURES) {
    const { file, text } = fixture(f);
    const r = importOtm(text, { file, today: TODAY });
    t.deepEqual(located(r.diagnostics), expected[f], f);
  }
});

test('OTM attributes the kind declares become Warden attributes; others are reported', (t) => {
  const { file, text } = fixture('otm/payroll.otm.yaml');
  const r = importAndLoad(importOtm, file, text);
  const portal = r.model.elements.find((e) => e.id === 'portal')!;
  t.is(portal.kind, 'webApplication');
  t.deepEqual([portal.attributes.waf, portal.attributes.exposure, portal.attributes.language], [
    { type: 'bool', value: true },
    { type: 'enum', value: 'internet' },
    { type: 'string', value: 'Kotlin' },
  ]);
  t.true(r.diagnostics.some((d) => d.message.includes('attribute colour dropped')));
  t.true(r.diagnostics.some((d) => d.message.includes('attribute backup dropped: its value does not fit')));
  t.is(r.model.flows.find((f) => f.id === 'ViewPayslip')?.attributes.authn?.type, 'enum');
});

for (const f of FIXTURES) {
  test(`${f}: the input and the export validate against the OTM schema; import -> export -> import is stable`, (t) => {
    const { file, text } = fixture(f);
    t.deepEqual(schemaErrors('otm-0.2.0', parse(text)), []);
    const first = importAndLoad(importOtm, file, text);
    for (const format of ['json', 'yaml'] as const) {
      const exported = exportOtm(first.model, first.register, format);
      t.deepEqual(schemaErrors('otm-0.2.0', parse(exported.text)), [], format);
      const second = importAndLoad(importOtm, file, exported.text);
      t.is(body(second.source), body(first.source), format);
      t.deepEqual(second.register.threats.map((x) => [x.id, x.status]), first.register.threats.map((x) => [x.id, x.status]), format);
    }
  });
}

test('the OTM validator is not vacuous', (t) => {
  const doc = JSON.parse(fixture('otm/fleet-telemetry.otm.json').text) as { components: Record<string, unknown>[] };
  delete doc.components[0].parent;
  t.not(schemaErrors('otm-0.2.0', doc).length, 0);
});

test('the example Warden models export to valid OTM and come back with every threat and decision', (t) => {
  for (const ex of ['aks-devsecops', 'webapp', 'minimal']) {
    const loaded = loadModel(`examples/${ex}/model.warden`);
    const reg = generateThreats(loaded.value!, { today: TODAY }).value;
    const text = exportOtm(loaded.value!, reg).text;
    t.deepEqual(schemaErrors('otm-0.2.0', JSON.parse(text)), [], ex);
    const back = importAndLoad(importOtm, `${ex}.otm.json`, text);
    t.deepEqual(back.diagnostics.filter((d) => d.code === 'WD8013' || d.severity === 'error'), [], ex);
    // Same element and flow ids, so the same threat ids, with the same statuses.
    t.deepEqual(
      back.register.threats.map((x) => [x.id, x.status]).sort(),
      reg.threats.map((x) => [x.id, x.status]).sort(),
      ex,
    );
  }
});
