// GitHub Actions workflow commands: one annotation per finding, shown on the pull request diff.
// Open findings at high/critical are errors, medium warnings, low/info notices; suppressed ones are
// notices saying so (reported, never silent).
import type { CheckReport, Finding } from '../types.js';
import { visibleControls } from '../../text/escape.js';
import { noModelNote } from '../types.js';
import { escapeGithubData, escapeGithubProperty } from './escape.js';

function level(f: Finding): 'error' | 'warning' | 'notice' {
  if (f.suppressed) return 'notice';
  return f.severity === 'critical' || f.severity === 'high' ? 'error' : f.severity === 'medium' ? 'warning' : 'notice';
}

export function formatGithub(report: CheckReport): string {
  const out: string[] = [];
  for (const f of report.findings) {
    const props: string[] = [];
    const file = f.location?.file ?? f.model?.file;
    const line = f.location?.line ?? f.model?.line;
    if (file) props.push(`file=${escapeGithubProperty(file)}`);
    if (line) props.push(`line=${line}`);
    if (f.location) props.push(`col=${f.location.column}`);
    const suffix = f.suppressed ? (f.suppressed.kind === 'waiver' ? ' (waived)' : ' (ignored by annotation)') : '';
    props.push(`title=${escapeGithubProperty(`${f.check} ${f.title}${suffix}`)}`);
    const details = [
      f.message,
      f.threats.length > 0 ? `Threats: ${f.threats.join(', ')}` : '',
      f.model ? `Model: ${f.model.file}:${f.model.line}${f.element ? ` (${f.element}${f.controls.length > 0 ? `, ${f.controls.join(', ')}` : ''})` : ''}` : '',
      f.profile ? `Controls: ${f.controls.join(', ')} (${noModelNote(f.profile)})` : '',
      f.suppressed?.kind === 'waiver' ? `Waived by ${f.suppressed.owner} until ${f.suppressed.until}: ${f.suppressed.reason}` : '',
    ].filter(Boolean);
    out.push(`::${level(f)} ${props.join(',')}::${escapeGithubData(details.join('\n'))}`);
  }
  // Escapes come after the workflow-command encoding, so a control character in a manifest or model
  // string shows in the CI log instead of driving the terminal that renders it.
  return out.length > 0 ? visibleControls(out.join('\n') + '\n') : '';
}
