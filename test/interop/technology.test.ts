// Foreign technology names: kept verbatim in `product`, and mapped onto the base attributes the
// threat rule packs select on (`technology` of a process, `storeType` of a store) where the name
// clearly means one value; exports give the verbatim name back, or map the base attributes back.
// Controls applied to elements survive OTM and Threat Dragon round trips (rules look at them).
import test from 'ava';
import { parse } from 'yaml';
import { checkSource } from '../../src/dsl/index.js';
import { exportOtm, exportThreagile, exportThreatDragon, importOtm, importThreagile, importThreatDragon } from '../../src/interop/index.js';
import { generateThreats } from '../../src/threats/index.js';
import { importAndLoad, TODAY } from './harness.js';

const threagile = (technology: string, type = 'process') => `
title: Tech
date: "2026-01-01"
author: { name: A }
technical_assets:
  App:
    id: app
    type: ${type}
    technology: ${technology}
    communication_links:
      Query:
        target: db
        protocol: jdbc-encrypted
  Db:
    id: db
    type: datastore
    technology: database
`;

test('Threagile technologies set product and, where they map, technology / storeType; specific rules fire', (t) => {
  const r = importAndLoad(importThreagile, 'tech.yaml', threagile('web-application'));
  const app = r.model.elements.find((e) => e.id === 'app')!;
  const db = r.model.elements.find((e) => e.id === 'db')!;
  t.deepEqual([app.attributes.product?.value, app.attributes.technology?.value], ['web-application', 'webApplication']);
  t.deepEqual([db.attributes.product?.value, db.attributes.storeType?.value], ['database', 'sql']);
  const rules = r.register.threats.filter((x) => x.target.id === 'app').map((x) => x.rule);
  t.true(rules.includes('CrossSiteScripting'));
  t.true(rules.includes('SqlInjection'));
});

test('a Threagile technology with no clear value sets only product', (t) => {
  const r = importAndLoad(importThreagile, 'tech.yaml', threagile('identity-provider'));
  const app = r.model.elements.find((e) => e.id === 'app')!;
  t.is(app.attributes.product?.value, 'identity-provider');
  t.false('technology' in app.attributes);
});

test('exports prefer the verbatim product, else map technology / storeType back', (t) => {
  const src = `model "m"
use "warden/kinds/technologies"
component Bot { technology llm }
datastore Docs { storeType search }
component Gw { product "gateway"  technology apiGateway }
component Odd { product "quantum-computer"  technology webServer }
flow Bot -> Docs { protocol https }
`;
  const m = checkSource('m.warden', src).value!;
  const reg = generateThreats(m, { today: TODAY }).value;
  const out = exportThreagile(m, reg);
  const assets = (parse(out.text) as { technical_assets: Record<string, { technology: string }> }).technical_assets;
  t.deepEqual(Object.fromEntries(Object.entries(assets).map(([k, v]) => [k, v.technology])), { Bot: 'ai', Docs: 'search-index', Gw: 'gateway', Odd: 'web-server' });
  t.true(out.diagnostics.some((d) => /product "quantum-computer" of Odd is not a Threagile technology: written as web-server/.test(d.message)));
  const otm = JSON.parse(exportOtm(m, reg).text) as { components: { id: string; type: string; attributes: Record<string, unknown> }[] };
  const gw = otm.components.find((c) => c.id === 'Gw')!;
  t.is(gw.type, 'gateway');
  t.is(gw.attributes.technology, 'apiGateway');
});

test('an OTM component type that maps sets product and technology / storeType; the component attributes win', (t) => {
  const doc = {
    otmVersion: '0.2.0',
    project: { name: 'p', id: 'p' },
    trustZones: [{ id: 'z', name: 'Z', risk: { trustRating: 50 } }],
    components: [
      { id: 'a', name: 'A', type: 'web-server', parent: { trustZone: 'z' } },
      { id: 'b', name: 'B', type: 'PostgreSQL', parent: { trustZone: 'z' } },
      { id: 'c', name: 'C', type: 'web-server', parent: { trustZone: 'z' }, attributes: { technology: 'reverseProxy' } },
    ],
    dataflows: [],
  };
  const r = importAndLoad(importOtm, 'p.otm.json', JSON.stringify(doc));
  const get = (title: string) => r.model.elements.find((e) => e.title === title)!.attributes;
  t.deepEqual([get('A').product?.value, get('A').technology?.value], ['web-server', 'webServer']);
  t.deepEqual([get('B').product?.value, get('B').storeType?.value], ['PostgreSQL', 'sql']);
  t.is(get('C').technology?.value, 'reverseProxy');
});

test('controls applied to elements and flows survive OTM and Threat Dragon round trips', (t) => {
  const src = `model "m"
use "warden/kubernetes"
boundary Ns { trust high  namespace "web" }
ingress Edge in Ns { controls [waf, trustedRegistry("r.example")] }
workload App in Ns { exposure internet }
flow Edge -> App { protocol https  controls [mtls] }
`;
  const m = checkSource('m.warden', src);
  t.truthy(m.value, m.diagnostics.map((d) => d.message).join('; '));
  const reg = generateThreats(m.value!, { today: TODAY }).value;
  for (const [name, back] of [
    ['otm', importAndLoad(importOtm, 'm.otm.json', exportOtm(m.value!, reg).text)],
    ['td', importAndLoad(importThreatDragon, 'm.json', exportThreatDragon(m.value!, reg).text)],
  ] as const) {
    const edge = back.model.elements.find((e) => e.id === 'Edge')!;
    const uses = (e: typeof edge) => e.controls.map((c) => [c.control, c.args]);
    t.deepEqual(uses(edge), uses(m.value!.elements.find((e) => e.id === 'Edge')!), name);
    t.deepEqual(uses(edge).map(([c]) => c), ['waf', 'trustedRegistry'], name);
    t.deepEqual(back.model.flows[0].controls.map((c) => c.control), ['mtls'], name);
  }
});
