// `warden trace --format sarif`: SARIF 2.1.0 for GitHub code scanning. Three kinds of results:
// tag problems (WD6xxx, located in the code), open threats (located at the model line of their
// target, level from severity), and threats mitigated in code (kind "pass", located at the code
// evidence), so a reviewer sees in the code view which lines carry a mitigation.
import type { Diagnostic } from '../diagnostics/index.js';
import type { Severity } from '../model/types.js';
import type { TraceResult } from './apply.js';
import { openThreats } from './report-text.js';

type Level = 'error' | 'warning' | 'note' | 'none';
const levelOf = (s: Severity): Level => (s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note');

const location = (file: string, line: number, column?: number, endLine?: number, endColumn?: number) => ({
  physicalLocation: {
    artifactLocation: { uri: file },
    region: { startLine: line, ...(column ? { startColumn: column } : {}), ...(endLine ? { endLine } : {}), ...(endColumn ? { endColumn } : {}) },
  },
});

export function renderTraceSarif(r: TraceResult, diagnostics: readonly Diagnostic[]): string {
  const rules = new Map<string, { id: string; shortDescription: { text: string } }>();
  const rule = (id: string, text: string) => {
    if (!rules.has(id)) rules.set(id, { id, shortDescription: { text } });
    return id;
  };
  const results: object[] = [];
  for (const d of diagnostics) {
    results.push({
      ruleId: rule(d.code, `Warden trace ${d.code}`),
      level: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note',
      message: { text: d.hint ? `${d.message} (${d.hint})` : d.message },
      locations: [location(d.file, d.span.line, d.span.column, d.span.endLine, d.span.endColumn)],
    });
  }
  for (const t of openThreats(r.register)) {
    results.push({
      ruleId: rule(t.rule, `Threat rule ${t.rule}`),
      level: levelOf(t.severity),
      message: { text: `${t.id} (${t.target.id}.${t.category}) is open: ${t.title}` },
      locations: [location(t.source.file, t.source.line, t.source.column)],
      partialFingerprints: { wardenThreatId: t.id },
    });
  }
  const mitigated = r.register.threats
    .filter((t) => t.status === 'mitigated' && t.evidence.some((e) => e.kind === 'code'))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const t of mitigated) {
    const code = t.evidence.flatMap((e) => (e.kind === 'code' ? [e] : []));
    results.push({
      ruleId: rule(t.rule, `Threat rule ${t.rule}`),
      kind: 'pass',
      level: 'none',
      message: { text: `${t.id} (${t.target.id}.${t.category}) is mitigated in code${code[0].control ? ` by ${code[0].control}` : ''}` },
      locations: code.map((e) => location(e.file, e.line)),
      partialFingerprints: { wardenThreatId: t.id },
    });
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'warden', rules: [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
