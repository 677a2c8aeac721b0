// Findings that say the same thing about every object of a file are folded into one before any
// presenter sees them. K8S-038 (no namespace, or the default one) fires on every namespaced object,
// and a file without `namespace:` lines is one mistake with one fix (a namespace per file, or
// `kubectl apply -n`): one finding per file, at its first object, naming the others. Suppressed
// findings stay as they are (each names its own waiver or annotation). The summary is recounted, so
// every format and the exit code see the same numbers.
import { SEVERITY_RANK, type CheckReport, type CheckSummary, type Finding } from '../types.js';
import type { Severity } from '../../model/types.js';

/** Checks reported once per manifest file. */
export const PER_FILE_CHECKS: ReadonlySet<string> = new Set(['K8S-038']);

/** How many of the folded objects the message names before "and N more". */
const NAMED = 5;

function fold(group: Finding[]): Finding {
  const [first, ...rest] = group;
  if (rest.length === 0) return first!;
  const named = group.slice(0, NAMED).map((f) => `${f.resource?.label ?? '?'} (line ${f.location!.line})`);
  const more = group.length > NAMED ? ` and ${group.length - NAMED} more` : '';
  const noNamespace = group.filter((f) => !f.resource?.namespace).length;
  const what = noNamespace === group.length ? 'have no namespace' : noNamespace === 0 ? 'are in the default namespace' : 'have no namespace or use the default one';
  return {
    ...first!,
    message: `${group.length} resources in ${first!.location!.file} ${what}: ${named.join(', ')}${more}. Set metadata.namespace in the file (or apply it with -n <namespace>)`,
    elements: [...new Set(group.flatMap((f) => f.elements))].sort(),
    controls: [...new Set(group.flatMap((f) => f.controls))].sort(),
    threats: [...new Set(group.flatMap((f) => f.threats))].sort(),
    related: group.map((f) => ({ label: f.resource?.label ?? '', message: f.message, line: f.location!.line, column: f.location!.column })),
  };
}

/** The report with per-file checks folded; the input is not changed. */
export function groupFindings(report: CheckReport): CheckReport {
  const groups = new Map<string, Finding[]>();
  const findings: Finding[] = [];
  for (const f of report.findings) {
    if (!PER_FILE_CHECKS.has(f.check) || f.suppressed || !f.location) {
      findings.push(f);
      continue;
    }
    const key = `${f.check}\u0000${f.location.file}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else {
      groups.set(key, [f]);
      findings.push(f); // placeholder at the first one's position, so the order stays the report's
    }
  }
  if (groups.size === 0) return report;
  const folded = new Map([...groups.values()].map((g) => [g[0]!, fold(g)]));
  const out = findings.map((f) => folded.get(f) ?? f);
  return { ...report, findings: out, summary: recount(report, out) };
}

function recount(report: CheckReport, findings: readonly Finding[]): CheckReport['summary'] {
  return { ...report.summary, ...countFindings(findings, report.failOn) };
}

/** The summary's counts: open (not suppressed) findings by severity, and those at or above failOn. */
export function countFindings(findings: readonly Finding[], failOn: Severity): Omit<CheckSummary, 'resources'> {
  const bySeverity: Record<Severity, number> = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
  let open = 0;
  let failing = 0;
  for (const f of findings) {
    if (f.suppressed) continue;
    open++;
    bySeverity[f.severity]++;
    if (SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) failing++;
  }
  return { findings: findings.length, open, suppressed: findings.length - open, failing, bySeverity };
}
