import test from 'ava';
import { JSDOM } from 'jsdom';
import {
  escapeGithubData,
  escapeGithubProperty,
  escapeXml,
  formatGithub,
  formatJson,
  formatJunit,
  formatSarif,
  formatText,
  GITHUB_ANNOTATION_CAP,
  groupFindings,
  helpUri,
  threatSummary,
  SECURITY_SEVERITY,
  WAIVER_RULE,
  type CheckReport,
  type Finding,
} from '../../src/check/index.js';

const NASTY = 'bad "name" <x> & \'y\' 100%, a:b\r\nnext\u0001line';

function finding(over: Partial<Finding>): Finding {
  return {
    check: 'K8S-001',
    title: 'Privileged container',
    severity: 'high',
    family: 'library',
    message: 'Container app of Deployment payments/api runs privileged',
    resource: { index: 0, kind: 'Deployment', namespace: 'payments', name: 'api', label: 'Deployment payments/api' },
    location: { file: 'manifests/api.yaml', line: 14, column: 13, path: ['spec'], exact: true },
    element: 'Api',
    elements: ['Api'],
    controls: ['noPrivileged'],
    threats: ['TH-1a2b3c4d'],
    model: { file: 'model.warden', line: 21 },
    fingerprint: '0123456789abcdef0123456789abcdef',
    ...over,
  };
}

function report(findings: Finding[]): CheckReport {
  const open = findings.filter((f) => !f.suppressed);
  return {
    model: 'Contoso',
    modelFile: 'model.warden',
    files: ['manifests/api.yaml'],
    failOn: 'low',
    rules: [
      { id: 'K8S-001', title: 'Privileged container', description: 'A container runs privileged.', severity: 'high', family: 'library', stride: ['E'], remediation: 'Remove privileged.' },
      { id: 'WD-DRIFT-003', title: 'No default deny', description: 'Namespace without default deny.', severity: 'medium', family: 'drift', stride: ['T'] },
      WAIVER_RULE,
    ],
    findings,
    summary: {
      resources: 3,
      findings: findings.length,
      open: open.length,
      suppressed: findings.length - open.length,
      failing: open.length,
      bySeverity: { info: 0, low: 0, medium: open.filter((f) => f.severity === 'medium').length, high: open.filter((f) => f.severity === 'high').length, critical: 0 },
    },
    diagnostics: [],
  };
}

const SAMPLE = report([
  finding({}),
  finding({ suppressed: { kind: 'waiver', owner: 'sec', until: '2027-01-01', reason: 'legacy', file: 'model.warden', line: 40 }, fingerprint: 'ee'.repeat(16) }),
  finding({ message: NASTY, location: { file: 'manifests/odd dir/x,y.yaml', line: 3, column: 1, path: [], exact: false }, fingerprint: 'ff'.repeat(16) }),
  finding({
    check: 'WD-DRIFT-003',
    title: 'No default deny',
    severity: 'medium',
    family: 'drift',
    message: 'namespace ingress has no default-deny NetworkPolicy',
    resource: undefined,
    location: undefined,
    element: undefined,
    elements: [],
    controls: [],
    threats: [],
    boundary: 'Edge',
    model: { file: 'model.warden', line: 6 },
    fingerprint: 'dd'.repeat(16),
  }),
]);

test('SARIF 2.1.0: required structure, stable rule ids, severities, fingerprints, related model line', (t) => {
  const log = JSON.parse(formatSarif(SAMPLE, { toolVersion: '0.1.0', srcRoot: 'file:///repo' }));
  t.is(log.version, '2.1.0');
  t.is(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  t.is(log.runs.length, 1);
  const run = log.runs[0];
  t.is(run.tool.driver.name, 'Warden');
  t.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///repo/' } });
  const rules = run.tool.driver.rules;
  t.deepEqual(
    rules.map((r: { id: string }) => r.id),
    ['K8S-001', 'WD-DRIFT-003', 'WD-WAIVER-001'],
  );
  for (const r of rules) {
    t.truthy(r.shortDescription.text);
    t.truthy(r.fullDescription.text);
    t.truthy(r.help.text);
    t.truthy(r.help.markdown);
    t.regex(r.properties['security-severity'], /^\d+\.\d$/);
    t.true(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));
  }
  t.is(rules[0].properties['security-severity'], SECURITY_SEVERITY.high);
  t.is(run.results.length, 4);
  for (const res of run.results) {
    t.is(rules[res.ruleIndex].id, res.ruleId);
    t.is(typeof res.message.text, 'string');
    t.is(res.locations.length, 1);
    const loc = res.locations[0].physicalLocation;
    t.is(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    t.false(loc.artifactLocation.uri.startsWith('/'));
    t.true(loc.region.startLine >= 1);
    t.regex(res.partialFingerprints['wardenFinding/v1'], /^[0-9a-f]{32}$/);
  }
  const first = run.results[0];
  t.is(first.level, 'error');
  t.deepEqual(first.locations[0].physicalLocation.region, { startLine: 14, startColumn: 13 });
  t.is(first.relatedLocations[0].physicalLocation.artifactLocation.uri, 'model.warden');
  t.is(first.relatedLocations[0].physicalLocation.region.startLine, 21);
  t.deepEqual(first.properties.threats, ['TH-1a2b3c4d']);
  // Spaces and commas in paths are percent-encoded in the URI.
  t.is(run.results[2].locations[0].physicalLocation.artifactLocation.uri, 'manifests/odd%20dir/x%2Cy.yaml');
  t.deepEqual(run.results[1].suppressions, [{ kind: 'external', status: 'accepted', justification: 'legacy (owner sec, until 2027-01-01)' }]);
  // A model-only finding is located at its model line.
  t.deepEqual(run.results[3].locations[0].physicalLocation, { artifactLocation: { uri: 'model.warden', uriBaseId: '%SRCROOT%' }, region: { startLine: 6 } });
  t.is(run.results[3].level, 'warning');
});

test('SARIF of a clean run has an empty results array and still lists the rules', (t) => {
  const log = JSON.parse(formatSarif(report([])));
  t.deepEqual(log.runs[0].results, []);
  t.is(log.runs[0].tool.driver.rules.length, 3);
  t.false('originalUriBaseIds' in log.runs[0]);
});

test('XML escaping covers markup characters and characters XML cannot hold', (t) => {
  t.is(escapeXml('<a href="x">&\'</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  t.is(escapeXml('a\u0001b\u0000c\td\r\n'), 'a\uFFFDb\uFFFDc&#9;d&#13;&#10;');
  t.is(escapeXml('\uD83D\uDE00 ok \uD800 lone'), '\uD83D\uDE00 ok \uFFFD lone');
});

test('JUnit XML is well-formed, counts right, and keeps nasty messages intact', (t) => {
  const xml = formatJunit(SAMPLE);
  const dom = new JSDOM(xml, { contentType: 'text/xml' });
  const doc = dom.window.document;
  t.is(doc.getElementsByTagName('parsererror').length, 0);
  const root = doc.documentElement;
  t.is(root.tagName, 'testsuites');
  t.is(root.getAttribute('tests'), '5'); // 3 K8S-001 cases, 1 drift, 1 passing waiver rule
  t.is(root.getAttribute('failures'), '3');
  t.is(root.getAttribute('skipped'), '1');
  const failures = [...doc.getElementsByTagName('failure')];
  t.is(failures[1].getAttribute('message'), NASTY.replace('\u0001', '\uFFFD'));
  t.true(failures[1].textContent!.includes('bad "name" <x> & \'y\' 100%'));
  t.is(doc.getElementsByTagName('skipped')[0].getAttribute('message'), 'waived by sec until 2027-01-01: legacy');
  const suites = [...doc.getElementsByTagName('testsuite')].map((s) => [s.getAttribute('name'), s.getAttribute('tests'), s.getAttribute('failures')]);
  t.deepEqual(suites, [
    ['K8S-001: Privileged container', '3', '2'],
    ['WD-DRIFT-003: No default deny', '1', '1'],
    ['WD-WAIVER-001: Expired waiver', '1', '0'],
  ]);
});

test('GitHub annotations escape data and properties per the workflow-command rules', (t) => {
  t.is(escapeGithubData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
  t.is(escapeGithubProperty('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext%3A a%2Cb');
  const lines = formatGithub(SAMPLE).trimEnd().split('\n');
  t.is(lines.length, 4);
  t.is(
    lines[0],
    '::error file=manifests/api.yaml,line=14,col=13,title=K8S-001 Privileged container::Container app of Deployment payments/api runs privileged%0AThreats: TH-1a2b3c4d%0AModel: model.warden:21 (Api, noPrivileged)',
  );
  t.true(lines[2].startsWith('::error file=manifests/odd dir/x%2Cy.yaml,line=3,col=1,title=K8S-001 Privileged container::bad "name" <x> & \'y\' 100%25, a:b%0D%0Anext'));
  t.true(lines[1].startsWith('::notice file=manifests/api.yaml,line=14,col=13,title=K8S-001 Privileged container (waived)::'));
  t.is(lines[3], '::warning file=model.warden,line=6,title=WD-DRIFT-003 No default deny::namespace ingress has no default-deny NetworkPolicy%0AModel: model.warden:6');
  // No raw line breaks can split an annotation.
  for (const l of lines) t.false(/[\r]/.test(l));
});

test('GitHub annotations are capped per type (GitHub shows 10 per step) with one summary line of the rest', (t) => {
  const base = SAMPLE.findings[0]!;
  const many = (n: number, severity: Finding['severity']) =>
    Array.from({ length: n }, (_, i) => ({ ...base, severity, suppressed: undefined, message: `${severity} ${i}`, location: { ...base.location!, line: i + 1 } }));
  const report = { ...SAMPLE, findings: [...many(12, 'low'), ...many(3, 'medium'), ...many(11, 'high'), ...many(1, 'critical')] };
  const lines = formatGithub(report).trimEnd().split('\n');
  const count = (type: string) => lines.filter((l) => l.startsWith(`::${type} `)).length;
  t.is(count('error'), GITHUB_ANNOTATION_CAP);
  t.is(count('warning'), 3);
  t.is(count('notice'), GITHUB_ANNOTATION_CAP);
  // The critical one is among the errors shown, though it comes last in the report.
  t.true(lines.some((l) => l.startsWith('::error ') && l.includes('::critical 0')));
  t.is(lines[lines.length - 1], 'warden: 4 more findings not annotated (2 errors, 2 notices): GitHub shows 10 annotations of each type per step; all 27 are in --format sarif (code scanning) or --format text');
  t.is(formatGithub(report, { maxAnnotations: 100 }).trimEnd().split('\n').length, 27);
});

test('text report groups by resource and shows threats, model lines and suppressions', (t) => {
  const text = formatText(SAMPLE);
  t.is(
    text,
    [
      'manifests/api.yaml  Deployment payments/api',
      '  14:13   high     K8S-001       Container app of Deployment payments/api runs privileged',
      '                                 threats TH-1a2b3c4d; control noPrivileged on Api (model.warden:21)',
      '  14:13   high     K8S-001       Container app of Deployment payments/api runs privileged',
      '                                 threats TH-1a2b3c4d; control noPrivileged on Api (model.warden:21)',
      '                                 SUPPRESSED: waived by sec until 2027-01-01: legacy (model.warden:40)',
      '',
      'manifests/odd dir/x,y.yaml  Deployment payments/api',
      '  3:1     high     K8S-001       bad "name" <x> & \'y\' 100%, a:b\\r\\nnext\\u0001line',
      '                                 threats TH-1a2b3c4d; control noPrivileged on Api (model.warden:21)',
      '',
      'model.warden  (model, no manifest location)',
      '  6       medium   WD-DRIFT-003  namespace ingress has no default-deny NetworkPolicy',
      '                                 boundary Edge (model.warden:6)',
      '',
      '3 open findings (2 high, 1 medium), 1 suppressed; 3 resources in 1 file; 3 at or above --fail-on low',
      '',
    ].join('\n'),
  );
});

test('JSON report is the report, versioned', (t) => {
  const parsed = JSON.parse(formatJson(SAMPLE));
  t.is(parsed.version, 1);
  t.deepEqual(parsed.findings, JSON.parse(JSON.stringify(SAMPLE.findings)));
});

test('K8S-038 is folded to one finding per file, naming the objects; suppressed ones and other checks stay', (t) => {
  const ns = (name: string, line: number, over: Partial<Finding> = {}) =>
    finding({
      check: 'K8S-038',
      severity: 'low',
      message: `Deployment ${name} has no namespace (it will land in the current context's namespace)`,
      resource: { index: line, kind: 'Deployment', name, label: `Deployment ${name}` },
      location: { file: 'k8s/app.yaml', line, column: 3, path: ['metadata', 'namespace'], exact: false },
      ...over,
    });
  const findings = [ns('a', 3), finding({}), ns('b', 20), ns('c', 40), ns('d', 60, { suppressed: { kind: 'annotation', file: 'k8s/app.yaml', line: 62 } }), ns('e', 5, { location: { file: 'k8s/other.yaml', line: 5, column: 3, path: [], exact: false } })];
  const report = { ...SAMPLE, failOn: 'low' as const, findings };
  const grouped = groupFindings(report);
  t.deepEqual(grouped.findings.map((f) => `${f.check} ${f.location?.file}:${f.location?.line}`), ['K8S-038 k8s/app.yaml:3', 'K8S-001 manifests/api.yaml:14', 'K8S-038 k8s/app.yaml:60', 'K8S-038 k8s/other.yaml:5']);
  const first = grouped.findings[0]!;
  t.is(first.message, '3 resources in k8s/app.yaml have no namespace: Deployment a (line 3), Deployment b (line 20), Deployment c (line 40). Set metadata.namespace in the file (or apply it with -n <namespace>)');
  t.deepEqual(first.related?.map((r) => r.line), [3, 20, 40]);
  t.is(grouped.findings[3]!.message, findings[5]!.message, 'a file with one such object keeps its own message');
  t.is(grouped.summary.findings, 4);
  t.is(grouped.summary.open, 3);
  t.is(grouped.summary.suppressed, 1);
  t.deepEqual(groupFindings(grouped), grouped, 'folding twice changes nothing');
  t.is(report.findings.length, 6, 'the input report is not changed');
});

test('text shows a count and the most severe threat past three threats; JSON keeps the full list', (t) => {
  t.is(threatSummary(['TH-1', 'TH-2']), 'threats TH-1, TH-2');
  const ids = ['TH-a', 'TH-b', 'TH-c', 'TH-d', 'TH-e'];
  t.is(threatSummary(ids, { 'TH-a': 'low', 'TH-d': 'critical', 'TH-b': 'critical' }), '5 threats, highest TH-b (critical); all in --format json');
  t.is(threatSummary(ids), '5 threats (TH-a, TH-b, TH-c, …; all in --format json)');
  const report = { ...SAMPLE, findings: [finding({ threats: ids })] };
  t.regex(formatText(report, { threatSeverity: { 'TH-e': 'high' } }), /5 threats, highest TH-e \(high\)/);
  t.deepEqual((JSON.parse(formatJson(report)) as CheckReport).findings[0]!.threats, ids);
});

test('helpUri: library checks anchor in policies.md, drift and waiver rules in check.md, under a base URL', (t) => {
  t.is(helpUri('K8S-069'), 'https://github.com/warden-dev/warden/blob/main/docs/policies.md#k8s-069');
  t.is(helpUri('WD-DRIFT-003', 'https://x.example/docs'), 'https://x.example/docs/check.md#drift-checks-policiesmodel');
  t.is(helpUri('WD-WAIVER-001'), 'https://github.com/warden-dev/warden/blob/main/docs/check.md#suppressions');
});

test('the JSON report written in pieces is JSON.stringify of the report, byte for byte', async (t) => {
  const { formatJson, jsonPieces } = await import('../../src/check/report/json.js');
  const finding = { check: 'K8S-001', title: 'T "q"', severity: 'high', family: 'library', message: 'line\nbreak \u2028 é', elements: [], controls: ['a'], threats: [], fingerprint: 'f' };
  const base = { model: 'm', modelFile: 'm.warden', files: ['a.yaml'], failOn: 'low', rules: [], summary: { resources: 1 }, diagnostics: [], extra: undefined };
  for (const findings of [[], [finding], [finding, { ...finding, location: { file: 'a', line: 1, column: 1, path: ['x', 0], exact: true } }]]) {
    const report = { ...base, findings } as never;
    const expected = JSON.stringify({ version: 1, ...(report as object) }, null, 2) + '\n';
    t.is([...jsonPieces(report)].join(''), expected);
    t.is(formatJson(report), expected);
  }
});

test('SARIF, JUnit and text reports are written a finding at a time, and the SARIF pieces are JSON.stringify of the whole log', async (t) => {
  const { reportPieces } = await import('../../src/check/report/index.js');
  const finding = { check: 'K8S-001', title: 'T "q"', severity: 'high', family: 'library', message: 'line\nbreak \u2028 é "results": []', elements: [], controls: ['a'], threats: ['TH-1'], fingerprint: 'f' };
  const rule = { id: 'K8S-001', title: 'T', description: '"results": [] in a description', severity: 'high', family: 'library', stride: ['E'], file: 'p.rego' };
  const base = { model: 'm', modelFile: 'm.warden', files: ['a.yaml'], failOn: 'low', rules: [rule], summary: { resources: 1, open: 0, suppressed: 0, failing: 0, bySeverity: {} }, diagnostics: [] };
  const located = (i: number) => ({ ...finding, fingerprint: `f${i}`, location: { file: 'a.yaml', line: i + 1, column: 1, path: ['x', i], exact: true } });
  for (const n of [0, 1, 5]) {
    const report = { ...base, findings: Array.from({ length: n }, (_, i) => located(i)) } as never;
    const sarif = [...reportPieces(report, 'sarif', { cwd: '/' })];
    const text = sarif.join('');
    t.is(JSON.stringify(JSON.parse(text), null, 2) + '\n', text, `SARIF with ${n} results`);
    t.is((JSON.parse(text) as { runs: Array<{ results: unknown[] }> }).runs[0]!.results.length, n);
    for (const format of ['sarif', 'junit', 'text'] as const) {
      const pieces = [...reportPieces(report, format, { cwd: '/' })];
      t.true(pieces.length >= n, `${format}: ${pieces.length} pieces for ${n} findings`);
    }
  }
});

test('stringifyNested is JSON.stringify(value, null, 2) indented to its depth', async (t) => {
  const { stringifyNested } = await import('../../src/check/report/json.js');
  const values: unknown[] = [{ a: [1, { b: 'x\ny' }], c: {} }, [], {}, 'text "q"', 42, null, [[]], { toJSON: () => ({ z: 1 }) }];
  for (const v of values)
    for (const depth of [0, 1, 2, 4]) {
      const pad = ' '.repeat(2 * depth);
      t.is(stringifyNested(v, depth), JSON.stringify(v, null, 2).replace(/\n/g, `\n${pad}`), `${JSON.stringify(v)} at ${depth}`);
    }
  t.is(stringifyNested(undefined, 2), 'null');
});
