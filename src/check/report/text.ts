// Human-readable report: findings grouped by manifest file and resource, each with its threats and
// the model line that promised the control; model-only findings after; a summary line last.
import type { CheckReport, Finding } from '../types.js';
import { visibleControls } from '../../text/escape.js';
import { noModelNote } from '../types.js';
import { escapeTerminal } from './escape.js';

export interface TextOptions {
  color?: boolean;
  /** Threat id -> severity, from the model's register: the summary names the most severe threat. */
  threatSeverity?: Readonly<Record<string, string>>;
}

/** Past this many threat ids a finding shows a count and the most severe one (the full list is in JSON and SARIF). */
export const THREATS_LISTED = 3;

const RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** `threats TH-1, TH-2` or, for many, `51 threats, highest TH-0cf20d76 (high); all in --format json`. */
export function threatSummary(threats: readonly string[], severity?: Readonly<Record<string, string>>): string {
  if (threats.length <= THREATS_LISTED) return `threats ${threats.join(', ')}`;
  // Most severe first; ids break ties, so the choice is deterministic.
  const ranked = [...threats].sort((a, b) => (RANK[severity?.[b] ?? ''] ?? -1) - (RANK[severity?.[a] ?? ''] ?? -1) || (a < b ? -1 : a > b ? 1 : 0));
  const top = ranked[0]!;
  const sev = severity?.[top];
  return sev ? `${threats.length} threats, highest ${top} (${sev}); all in --format json` : `${threats.length} threats (${ranked.slice(0, THREATS_LISTED).join(', ')}, …; all in --format json)`;
}

const SEV_COLOR: Record<string, string> = { critical: '35;1', high: '31;1', medium: '33;1', low: '36', info: '2' };

export function formatText(report: CheckReport, options: TextOptions = {}): string {
  return [...textPieces(report, options)].join('');
}

/**
 * The text report in pieces, a line at a time, so a findings-heavy report is never one string.
 * Names from manifests and the model (labels, files, element ids) are shown, never obeyed; the
 * report's own colours pass when colour is on.
 */
export function* textPieces(report: CheckReport, options: TextOptions = {}): Generator<string> {
  for (const line of textLines(report, options)) yield visibleControls(line + '\n', { keepSgr: options.color === true });
}

function* textLines(report: CheckReport, options: TextOptions): Generator<string> {
  const paint = (code: string, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const entry = (f: Finding, where: string) => findingLines(f, where, paint, options);
  if (report.modelless) yield* [paint('1', report.modelless.note), `Controls: ${report.modelless.controls.join(', ')}.`, ''];
  let group = report.modelless ? '-' : '';
  for (const f of report.findings) {
    if (!f.location) continue;
    const head = `${f.location.file}  ${f.resource?.label ?? ''}${f.location.template ? `  (template ${f.location.template})` : ''}`;
    if (head !== group) {
      if (group && group !== '-') yield '';
      yield paint('1', head);
      group = head;
    }
    yield* entry(f, `${f.location.line}:${f.location.column}`);
  }
  const modelOnly = report.findings.filter((f) => !f.location);
  if (modelOnly.length > 0) {
    if (group) yield '';
    yield paint('1', `${report.modelFile}  (model, no manifest location)`);
    for (const f of modelOnly) yield* entry(f, f.model ? `${f.model.line}` : '');
  }
  // every finding printed a line, and only the model-less header ends on a blank one
  if (report.findings.length > 0) yield '';
  yield summaryLine(report);
}

/** A finding's line, its trace line and its suppression line. */
function findingLines(f: Finding, where: string, paint: (code: string, s: string) => string, options: TextOptions): string[] {
  const lines: string[] = [];
  const pad = `  ${' '.repeat(7)} ${' '.repeat(8)} ${' '.repeat(13)} `;
  const sev = paint(SEV_COLOR[f.severity] ?? '0', f.severity.padEnd(8));
  lines.push(`  ${where.padEnd(7)} ${sev} ${f.check.padEnd(13)} ${escapeTerminal(f.message)}`);
  const t = traceOf(f, options);
  if (t) lines.push(pad + paint('2', t));
  if (f.suppressed) {
    const s = f.suppressed;
    const text =
      s.kind === 'waiver'
        ? `waived by ${s.owner ?? '?'} until ${s.until ?? '?'}: ${s.reason ?? ''} (${s.file}:${s.line})`
        : `ignored by annotation on the resource (${s.file}:${s.line}); not a waiver: no owner, no expiry`;
    lines.push(pad + paint('33', `SUPPRESSED: ${escapeTerminal(text)}`));
  }
  return lines;
}

/** Threats, control, elements and model line of a finding, or undefined when it has none. */
function traceOf(f: Finding, options: TextOptions): string | undefined {
  const parts: string[] = [];
  if (f.threats.length > 0) parts.push(threatSummary(f.threats, options.threatSeverity));
  const who = [f.controls.length > 0 ? `control ${f.controls.join(', ')}` : '', f.elements.length > 0 ? `on ${f.elements.join(', ')}` : '', f.flow ? `flow ${f.flow}` : '', f.boundary ? `boundary ${f.boundary}` : '']
    .filter(Boolean)
    .join(' ');
  if (who || f.model) parts.push(`${who}${f.model ? `${who ? ' ' : ''}(${f.model.file}:${f.model.line})` : ''}`);
  if (f.profile) parts.push(noModelNote(f.profile));
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function summaryLine(report: CheckReport): string {
  const s = report.summary;
  const bySev = (['critical', 'high', 'medium', 'low', 'info'] as const).filter((k) => s.bySeverity[k] > 0).map((k) => `${s.bySeverity[k]} ${k}`);
  return (
    `${s.open} open finding${s.open === 1 ? '' : 's'}${bySev.length > 0 ? ` (${bySev.join(', ')})` : ''}, ${s.suppressed} suppressed; ` +
    `${s.resources} resource${s.resources === 1 ? '' : 's'} in ${report.files.length} file${report.files.length === 1 ? '' : 's'}; ` +
    `${s.failing} at or above --fail-on ${report.failOn}`
  );
}
