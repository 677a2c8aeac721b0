// JUnit XML for CI dashboards: one test suite per rule, one test case per finding (failure, or
// skipped when suppressed), and a passing case for a rule with no finding, so a dashboard shows
// what was checked and not only what failed.
import type { CheckReport, Finding } from '../types.js';
import { noModelNote } from '../types.js';
import { escapeXml } from './escape.js';

function caseName(f: Finding): string {
  const where = f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : f.model ? `${f.model.file}:${f.model.line}` : '';
  return `${f.resource?.label ?? f.element ?? f.boundary ?? 'model'}${where ? ` (${where})` : ''}`;
}

export function formatJunit(report: CheckReport): string {
  return [...junitPieces(report)].join('');
}

/** One test case: a failure, or skipped when suppressed. */
function testCase(rule: string, f: Finding): string {
  const attrs = `classname="${escapeXml(rule)}" name="${escapeXml(caseName(f))}"${f.location ? ` file="${escapeXml(f.location.file)}" line="${f.location.line}"` : ''}`;
  if (f.suppressed) {
    const why = f.suppressed.kind === 'waiver' ? `waived by ${f.suppressed.owner} until ${f.suppressed.until}: ${f.suppressed.reason}` : 'ignored by annotation';
    return `    <testcase ${attrs}>\n      <skipped message="${escapeXml(why)}"/>\n    </testcase>`;
  }
  const body = [
    f.message,
    f.threats.length > 0 ? `threats: ${f.threats.join(', ')}` : '',
    f.model ? `model: ${f.model.file}:${f.model.line}` : '',
    f.controls.length > 0 ? `controls: ${f.controls.join(', ')}` : '',
    f.profile ? noModelNote(f.profile) : '',
  ]
    .filter(Boolean)
    .join('\n');
  return `    <testcase ${attrs}>\n      <failure type="${escapeXml(f.severity)}" message="${escapeXml(f.message)}">${escapeXml(body)}</failure>\n    </testcase>`;
}

/**
 * The JUnit XML in pieces, a test case at a time (the counts in the opening tags come from a first
 * pass), so a findings-heavy report is never one string.
 */
export function* junitPieces(report: CheckReport): Generator<string> {
  const byRule = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byRule.get(f.check);
    if (list) list.push(f);
    else byRule.set(f.check, [f]);
  }
  const count = (fs: readonly Finding[]) => {
    const skipped = fs.filter((f) => f.suppressed).length;
    return { tests: Math.max(1, fs.length), failures: fs.length - skipped, skipped };
  };
  const totals = { tests: 0, failures: 0, skipped: 0 };
  for (const rule of report.rules) {
    const c = count(byRule.get(rule.id) ?? []);
    totals.tests += c.tests;
    totals.failures += c.failures;
    totals.skipped += c.skipped;
  }
  const name = `warden check: ${report.modelless ? `no model (profile ${report.modelless.profile})` : report.model}`;
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="${escapeXml(name)}" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}">\n`;
  for (const rule of report.rules) {
    const fs = byRule.get(rule.id) ?? [];
    const c = count(fs);
    yield `  <testsuite name="${escapeXml(`${rule.id}: ${rule.title}`)}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}">\n`;
    if (fs.length === 0) yield `    <testcase classname="${escapeXml(rule.id)}" name="${escapeXml('no findings')}"/>\n`;
    for (const f of fs) yield testCase(rule.id, f) + '\n';
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}
