// Renderers of the register: JSON against its schema, SARIF 2.1.0 structure for code scanning, CSV
// quoting (RFC 4180), Markdown escaping of hostile model strings, text.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateThreats, registerSarif, renderCsv, renderJson, renderMarkdown, renderText, csvField, CSV_COLUMNS } from '../../src/threats/index.js';
import { cat, enumV, ModelBuilder } from './builders.js';
import { validate } from './schema-check.js';

const NASTY = 'Pay|ments `API` <script>alert(1)</script> "quoted", with comma\nand newline';

function register() {
  const m = new ModelBuilder('Shop | <b>bold</b>')
    .boundary('Internet', 'untrusted')
    .boundary('Azure', 'high')
    .control('mtls', ['spoofing'], ['K8S-001'])
    .element('Customer', 'actor', 'Internet')
    .element('Api', 'process', 'Azure', { exposure: enumV('internet') }, [], NASTY)
    .flow('Customer', 'Api', {}, { id: 'Checkout' })
    .rule({ id: 'Exposed', on: 'process', category: 'spoofing', controls: ['mtls'], statement: '{title} is exposed.' })
    .accept(cat('Customer', 'repudiation'), '2020-01-01', 'ops, "night" team', '=HYPERLINK("http://x")')
    .mitigate(cat('Api', 'tampering'), undefined, 'input | validated `strictly`')
    .notApplicable(cat('Checkout', 'denialOfService'), 'internal <only>')
    .build();
  return generateThreats(m, { today: '2026-01-01' }).value;
}

test('JSON output matches docs/threats-schema.json', (t) => {
  const schema = JSON.parse(readFileSync(join(process.cwd(), 'docs', 'threats-schema.json'), 'utf8'));
  const json = JSON.parse(renderJson(register()));
  t.deepEqual(validate(json, schema), []);
  t.is(json.schemaVersion, 1);
  t.deepEqual(json.summary, { total: register().threats.length, open: json.summary.open, mitigated: 1, accepted: 1, expired: 1, notApplicable: 1, generic: register().threats.filter((x) => x.generic).length, outstanding: json.summary.outstanding });
  // The validator itself rejects a wrong document.
  t.notDeepEqual(validate({ ...json, threats: [{ id: 'X' }] }, schema), []);
});

test('SARIF 2.1.0: rules, results at the element line, security-severity, fingerprints', (t) => {
  const reg = register();
  const sarif = registerSarif(reg, { toolVersion: '0.1.0' }) as any;
  t.is(sarif.version, '2.1.0');
  t.is(sarif.runs.length, 1);
  const run = sarif.runs[0];
  const rules = run.tool.driver.rules;
  t.is(run.tool.driver.name, 'warden');
  // Every rule that ran is declared, sorted by id, each with a security-severity in GitHub's format.
  t.deepEqual(rules.map((r: any) => r.id), [...rules.map((r: any) => r.id)].sort());
  t.true(rules.some((r: any) => r.id === 'Exposed'));
  t.true(rules.some((r: any) => r.id === 'stride.elevationOfPrivilege'));
  for (const r of rules) {
    t.regex(r.properties['security-severity'], /^\d+\.\d$/);
    t.true(r.properties.tags.includes('security'));
    t.truthy(r.shortDescription.text);
  }
  // Results: only outstanding threats (open, or expired acceptance), each pointing at the model line.
  const outstanding = reg.threats.filter((x) => x.status === 'open' || (x.status === 'accepted' && x.acceptance?.expired));
  t.is(run.results.length, outstanding.length);
  for (const [i, res] of run.results.entries()) {
    const th = outstanding[i];
    t.is(res.ruleId, th.rule);
    t.is(rules[res.ruleIndex].id, th.rule);
    t.is(res.partialFingerprints.wardenThreatId, th.id);
    t.true(['error', 'warning', 'note'].includes(res.level));
    const loc = res.locations[0].physicalLocation;
    t.is(loc.artifactLocation.uri, 'model.warden');
    t.is(loc.region.startLine, th.source.line);
    t.true(loc.region.startLine >= 1);
  }
  const exposed = run.results.find((r: any) => r.ruleId === 'Exposed');
  t.is(exposed.level, 'error');
  t.is(rules.find((r: any) => r.id === 'Exposed').properties['security-severity'], '8.0');
  // The expired acceptance is a result; the mitigated and not-applicable threats are not.
  t.true(run.results.some((r: any) => r.partialFingerprints.wardenThreatId === reg.threats.find((x) => x.acceptance)!.id));
  t.false(run.results.some((r: any) => r.partialFingerprints.wardenThreatId === reg.threats.find((x) => x.notApplicable)!.id));
});

test('SARIF artifact URIs are relative to the base directory and percent-encoded', (t) => {
  const reg = register();
  for (const th of reg.threats) th.source = { ...th.source, file: '/repo/models/my model.warden' };
  const sarif = registerSarif(reg, { baseDir: '/repo' }) as any;
  t.is(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'models/my%20model.warden');
});

test('CSV quoting follows RFC 4180 and defuses formulas', (t) => {
  t.is(csvField('plain'), 'plain');
  t.is(csvField('a,b'), '"a,b"');
  t.is(csvField('say "hi"'), '"say ""hi"""');
  t.is(csvField('two\nlines'), '"two\nlines"');
  t.is(csvField('cr\rhere'), '"cr\rhere"');
  t.is(csvField('=1+1'), "'=1+1");
  t.is(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  const csv = renderCsv(register());
  t.true(csv.endsWith('\r\n'));
  const header = csv.split('\r\n')[0];
  t.is(header, CSV_COLUMNS.join(','));
  // The nasty title survives a round trip through a minimal RFC 4180 parser.
  const rows = parseCsv(csv);
  t.true(rows.every((r) => r.length === CSV_COLUMNS.length));
  const api = rows.find((r) => r[6] === 'Api' && r[4] === 'Exposed')!;
  t.is(api[8], `${NASTY} is exposed.`);
  const accepted = rows.find((r) => r[17] !== '' && r[17] !== 'accepted_by')!;
  t.is(accepted[17], 'ops, "night" team');
  t.is(accepted[20], `'=HYPERLINK("http://x")`);
});

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

test('Markdown escapes pipes, backticks and HTML in model strings', (t) => {
  const md = renderMarkdown(register());
  t.false(md.includes('<script>'), 'raw <script> must not appear');
  t.true(md.includes('&lt;script&gt;'));
  t.false(md.includes('<b>'));
  t.true(md.includes('Pay\\|ments'));
  t.true(md.includes('\\`API\\`'));
  t.true(md.includes('input \\| validated \\`strictly\\`'));
  // Newlines inside a model string do not start a new Markdown block.
  t.false(/\nand newline/.test(md));
  // Grouped by element then STRIDE category.
  const api = md.indexOf('## Element `Api`');
  t.true(api > 0 && md.indexOf('### Spoofing', api) > api && md.indexOf('### Tampering', api) > md.indexOf('### Spoofing', api));
  t.regex(md, /\*\*accepted, EXPIRED\*\*/);
});

test('text output names file:line, id, severity and status of each threat', (t) => {
  const reg = register();
  const text = renderText(reg);
  const first = reg.threats[0];
  t.true(text.includes(`${first.source.file}:${first.source.line}:${first.source.column}: ${first.id} ${first.severity.toUpperCase()} ${first.status}`));
  t.regex(text, /accepted \(EXPIRED\)/);
  t.regex(text, /1 accepted \(1 expired\)/);
});

test('renderers are deterministic', (t) => {
  t.is(renderJson(register()), renderJson(register()));
  t.is(renderMarkdown(register()), renderMarkdown(register()));
  t.is(renderCsv(register()), renderCsv(register()));
  t.is(JSON.stringify(registerSarif(register())), JSON.stringify(registerSarif(register())));
});
