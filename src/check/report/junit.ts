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
  const byRule = new Map<string, Finding[]>();
  for (const f of report.findings) byRule.set(f.check, [...(byRule.get(f.check) ?? []), f]);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const rule of report.rules) {
    const fs = byRule.get(rule.id) ?? [];
    const cases: string[] = [];
    let f1 = 0;
    let s1 = 0;
    if (fs.length === 0) cases.push(`    <testcase classname="${escapeXml(rule.id)}" name="${escapeXml('no findings')}"/>`);
    for (const f of fs) {
      const attrs = `classname="${escapeXml(rule.id)}" name="${escapeXml(caseName(f))}"${f.location ? ` file="${escapeXml(f.location.file)}" line="${f.location.line}"` : ''}`;
      if (f.suppressed) {
        s1++;
        const why = f.suppressed.kind === 'waiver' ? `waived by ${f.suppressed.owner} until ${f.suppressed.until}: ${f.suppressed.reason}` : 'ignored by annotation';
        cases.push(`    <testcase ${attrs}>\n      <skipped message="${escapeXml(why)}"/>\n    </testcase>`);
        continue;
      }
      f1++;
      const body = [
        f.message,
        f.threats.length > 0 ? `threats: ${f.threats.join(', ')}` : '',
        f.model ? `model: ${f.model.file}:${f.model.line}` : '',
        f.controls.length > 0 ? `controls: ${f.controls.join(', ')}` : '',
        f.profile ? noModelNote(f.profile) : '',
      ]
        .filter(Boolean)
        .join('\n');
      cases.push(`    <testcase ${attrs}>\n      <failure type="${escapeXml(f.severity)}" message="${escapeXml(f.message)}">${escapeXml(body)}</failure>\n    </testcase>`);
    }
    const n = Math.max(1, fs.length);
    tests += n;
    failures += f1;
    skipped += s1;
    suites.push(
      `  <testsuite name="${escapeXml(`${rule.id}: ${rule.title}`)}" tests="${n}" failures="${f1}" errors="0" skipped="${s1}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`warden check: ${report.modelless ? `no model (profile ${report.modelless.profile})` : report.model}`)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
