// warden import/export threagile: the fixtures in test/fixtures/interop/threagile are our own
// models (clinic.yaml has the size of Threagile's public example: 14 assets, 20 links, 8 trust
// boundaries). Exports are validated against Threagile's published schema (support/schema.json).
import test from 'ava';
import { parse } from 'yaml';
import { dotToSvg, renderDot, renderMermaid } from '../../src/diagrams/index.js';
import { loadModel } from '../../src/dsl/index.js';
import { exportThreagile, importThreagile } from '../../src/interop/index.js';
import { generateThreats } from '../../src/threats/index.js';
import { body, fixture, importAndLoad, located, TODAY } from './harness.js';
import { schemaErrors } from './schema.js';

const clinic = fixture('threagile/clinic.yaml');

test('the clinic model (14 assets, 20 links, 8 boundaries) imports with no error and the Warden model validates', (t) => {
  const r = importAndLoad(importThreagile, clinic.file, clinic.text);
  t.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
  t.deepEqual(r.modelDiagnostics.filter((d) => d.severity === 'error'), []);
  t.is(r.model.elements.length, 14);
  t.is(r.model.flows.length, 20);
  t.is(r.model.boundaries.length, 8);
  t.is(r.model.data.length, 8);
  // Nesting and membership come from trust_boundaries_nested and technical_assets_inside.
  t.is(r.model.boundaries.find((b) => b.id === 'PortalNamespace')?.parent, 'AppCluster');
  t.is(r.model.elements.find((e) => e.id === 'BookingApi')?.boundary, 'ApiNamespace');
  t.is(r.model.elements.find((e) => e.id === 'BookingApi')?.kind, 'webService');
});

test('the clinic model gives threats, with its tracked risks as decisions, and diagrams', async (t) => {
  const r = importAndLoad(importThreagile, clinic.file, clinic.text);
  t.true(r.register.threats.length > 100);
  const byRule = (rule: string) => r.register.threats.filter((x) => x.rule === rule);
  t.deepEqual(byRule('UnencryptedCommunication').map((x) => [x.target.id, x.status, x.acceptance?.owner]), [['PortalTraffic', 'accepted', 'Ana Ruiz']]);
  t.deepEqual(byRule('MissingWaf').map((x) => [x.target.id, x.status]), [['BookingApi', 'notApplicable']]);
  t.deepEqual(byRule('SqlNosqlInjection').map((x) => [x.target.id, x.status]), [['AppointmentQueries', 'mitigated']]);
  // The individual risk category, still in progress in Threagile: an open custom threat.
  const kept = byRule('DocumentsKeptForever');
  t.deepEqual(kept.map((x) => [x.target.id, x.status, x.severity, x.cwe]), [['DocumentStore', 'open', 'high', [212]]]);
  const dot = renderDot(r.model).value!;
  const mermaid = renderMermaid(r.model).value!;
  for (const e of r.model.elements) {
    t.true(dot.includes(e.title), e.title);
    t.true(mermaid.includes(e.title), e.title);
  }
  const svg = await dotToSvg(dot);
  t.regex(svg, /^<\?xml|<svg/);
  t.true(svg.includes('Booking API'));
});

test('every clinic construct Warden cannot hold is reported at its line', (t) => {
  const r = importThreagile(clinic.text, { file: clinic.file, today: TODAY });
  t.deepEqual(located(r.diagnostics), [
    'WD8010@8:3', // author.homepage
    'WD8010@9:1', // management_summary_comment
    'WD8010@14:1', // business_overview
    'WD8010@16:1', // technical_overview
    'WD8010@18:1', // questions
    'WD8010@20:1', // abuse_cases
    'WD8010@22:1', // security_requirements
    'WD8010@45:5', // justification_cia_rating
    'WD8010@292:9', // diagram_tweak_weight
    'WD8010@415:5', // diagram_tweak_order
    'WD8011@854:3', // shared runtime kept as tags only
    'WD8010@866:3', // fields of the risk category a threat rule has no place for
    'WD8010@883:7', // likelihood, impact, breach fields of the identified risk
    'WD8014@893:3', // accepted without expiry: until filled in
    'WD8013@917:3', // wildcard risk tracking
    'WD8013@923:3', // risk of an asset the model lacks
  ]);
  t.true(r.diagnostics.every((d) => d.file === clinic.file && d.severity === 'warning' && d.message.length > 0));
  t.regex(r.source!, /accept PortalTraffic\.informationDisclosure\.UnencryptedCommunication owner "Ana Ruiz" until 2027-06-01/);
});

test('--accept-until sets the expiry of accepted risks', (t) => {
  const r = importThreagile(clinic.text, { file: clinic.file, today: TODAY, acceptUntil: '2026-12-31' });
  t.regex(r.source!, /until 2026-12-31 because/);
});

test('edge cases: dangling references, unknown values and patterns are reported, the rest imports', (t) => {
  const { file, text } = fixture('threagile/edge-cases.yaml');
  const r = importAndLoad(importThreagile, file, text);
  t.deepEqual(located(r.diagnostics), [
    'WD8012@39:9', // data asset "calibration" not defined
    'WD8011@46:9', // unknown protocol
    'WD8012@56:9', // link to an undefined asset
    'WD8011@68:5', // unknown type
    'WD8010@89:9', // data format protobuf
    'WD8012@100:9', // nested boundary not defined
    'WD8010@106:9', // asset in two boundaries
    'WD8013@110:3', // wildcard
    'WD8013@122:3', // unknown risk category
  ]);
  // Ids that are Warden names already are kept as they are.
  t.is(r.model.elements.find((e) => e.id === 'collector')?.boundary, 'site');
  t.regex(r.source, /flow Upload: sensor -> collector \{\n  description "Readings upload."\n  protocol other\n/);
});

test('not a Threagile model, and unreadable YAML: errors at a location, no model', (t) => {
  const a = importThreagile('otmVersion: 0.2.0\nproject: {}\n', { file: 'x.yaml' });
  t.is(a.source, undefined);
  t.deepEqual(located(a.diagnostics), ['WD8002@1:1']);
  const b = importThreagile('title: x\ntechnical_assets: [\n', { file: 'y.yaml' });
  t.is(b.source, undefined);
  t.is(b.diagnostics[0].code, 'WD8001');
  t.is(b.diagnostics[0].span.line, 3);
});

test('a YAML alias bomb is refused with a clear error, not expanded', (t) => {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push('technical_assets: *a11');
  const r = importThreagile(lines.join('\n') + '\n', { file: 'bomb.yaml' });
  t.is(r.source, undefined);
  t.deepEqual(r.diagnostics.map((d) => d.code), ['WD8001']);
  t.regex(r.diagnostics[0].message, /alias/);
});

for (const name of ['clinic', 'build-farm', 'edge-cases']) {
  test(`${name}: the export is valid for Threagile's schema, and import -> export -> import is stable`, (t) => {
    const { file, text } = fixture(`threagile/${name}.yaml`);
    const first = importAndLoad(importThreagile, file, text);
    const exported = exportThreagile(first.model, first.register);
    t.deepEqual(schemaErrors('threagile', parse(exported.text)), []);
    const second = importAndLoad(importThreagile, file, exported.text);
    t.is(body(second.source), body(first.source));
    t.deepEqual(
      second.register.threats.map((x) => [x.id, x.status]),
      first.register.threats.map((x) => [x.id, x.status]),
    );
  });
}

test('the input fixtures are valid Threagile models (except the edge cases), and the validator is not vacuous', (t) => {
  for (const name of ['clinic', 'build-farm']) t.deepEqual(schemaErrors('threagile', parse(fixture(`threagile/${name}.yaml`).text)), [], name);
  t.not(schemaErrors('threagile', parse(fixture('threagile/edge-cases.yaml').text)).length, 0);
  const doc = parse(fixture('threagile/build-farm.yaml').text) as Record<string, Record<string, Record<string, unknown>>>;
  doc.technical_assets['CI Runner'].technology = 'quantum-computer';
  t.not(schemaErrors('threagile', doc).length, 0);
});

test('the example Warden models export to valid Threagile YAML that imports back, stable from then on', (t) => {
  for (const ex of ['aks-devsecops', 'webapp', 'minimal']) {
    const loaded = loadModel(`examples/${ex}/model.warden`);
    t.truthy(loaded.value, ex);
    const reg = generateThreats(loaded.value!, { today: TODAY }).value;
    const text = exportThreagile(loaded.value!, reg).text;
    t.deepEqual(schemaErrors('threagile', parse(text)), [], ex);
    const back = importAndLoad(importThreagile, `${ex}.yaml`, text);
    t.deepEqual(back.diagnostics.filter((d) => d.severity === 'error'), [], ex);
    t.is(back.model.elements.length, loaded.value!.elements.length, ex);
    t.is(back.model.flows.length, loaded.value!.flows.length, ex);
    const again = importAndLoad(importThreagile, `${ex}.yaml`, exportThreagile(back.model, back.register).text);
    t.is(body(again.source), body(back.source), ex);
  }
});
