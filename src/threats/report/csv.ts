// CSV for spreadsheets, RFC 4180: CRLF line ends, every field that holds a comma, quote, CR or LF
// is quoted with inner quotes doubled. A field that a spreadsheet would read as a formula (leading
// = + - @, tab or CR) gets a leading apostrophe: model text is user input (CWE-1236).
import { visibleControls } from '../../text/escape.js';
import type { Threat, ThreatRegister } from '../types.js';

export const CSV_COLUMNS = [
  'id', 'status', 'severity', 'category', 'rule', 'target_kind', 'target', 'title', 'statement', 'likelihood', 'impact',
  'cwe', 'capec', 'phase', 'controls', 'assets', 'evidence', 'accepted_by', 'accepted_until', 'expired', 'reason', 'file', 'line', 'generic',
] as const;

export function csvField(value: string): string {
  // Control characters are shown (ESC as ␛, src/text/escape.ts), except CR and LF, which RFC 4180
  // allows inside a quoted field.
  let v = value.replace(/[^\r]+/g, (part) => visibleControls(part));
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function row(t: Threat): string[] {
  const evidence = t.evidence.map((e) => (e.kind === 'code' ? `code ${e.file}:${e.line}` : e.kind === 'control' ? `control ${e.control}` : `statement ${[e.control, e.text].filter(Boolean).join(': ')}`));
  return [
    t.id, t.status, t.severity, t.category, t.rule, t.target.kind, t.target.id, t.title, t.statement, t.likelihood, t.impact,
    t.cwe.map((n) => `CWE-${n}`).join(' '), t.capec.map((n) => `CAPEC-${n}`).join(' '), t.phase, t.controls.join(' '), t.assets.join(' '),
    evidence.join('; '), t.acceptance?.owner ?? '', t.acceptance?.until ?? '', t.acceptance ? String(t.acceptance.expired) : '',
    t.acceptance?.reason ?? t.notApplicable?.reason ?? '', t.source.file, String(t.source.line), String(t.generic === true),
  ];
}

export function renderCsv(register: ThreatRegister): string {
  return [CSV_COLUMNS.join(','), ...register.threats.map((t) => row(t).map(csvField).join(','))].join('\r\n') + '\r\n';
}
