// GitHub Actions workflow commands: one annotation per finding, shown on the pull request diff.
// Open findings at high/critical are errors, medium warnings, low/info notices; suppressed ones are
// notices saying so (reported, never silent).
// GitHub shows at most 10 annotations of each type (error, warning, notice) per step and drops the
// rest silently, so each type is capped (GITHUB_ANNOTATION_CAP, --max-annotations) and one plain
// summary line says how many were left out of each type and where to see them.
import type { CheckReport, Finding } from '../types.js';
import { visibleControls } from '../../text/escape.js';
import { noModelNote } from '../types.js';
import { escapeGithubData, escapeGithubProperty } from './escape.js';

function level(f: Finding): 'error' | 'warning' | 'notice' {
  if (f.suppressed) return 'notice';
  return f.severity === 'critical' || f.severity === 'high' ? 'error' : f.severity === 'medium' ? 'warning' : 'notice';
}

/** Annotations of one type GitHub shows per step. */
export const GITHUB_ANNOTATION_CAP = 10;

export interface GithubOptions {
  /** Annotations written per type (default GITHUB_ANNOTATION_CAP); the rest are counted in a summary line. */
  maxAnnotations?: number;
}

const RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function formatGithub(report: CheckReport, options: GithubOptions = {}): string {
  const cap = options.maxAnnotations ?? GITHUB_ANNOTATION_CAP;
  const out: string[] = [];
  // Which findings get an annotation: per type, the most severe first (open before suppressed),
  // then in report order; the annotations themselves stay in report order.
  const weight = (f: Finding): number => (f.suppressed ? -1 : RANK[f.severity]!);
  const byType = new Map<string, number[]>();
  report.findings.forEach((f, i) => {
    const list = byType.get(level(f));
    if (list) list.push(i);
    else byType.set(level(f), [i]);
  });
  const shown = new Set<number>();
  const left: Record<string, number> = { error: 0, warning: 0, notice: 0 };
  for (const [type, list] of byType) {
    const ranked = [...list].sort((a, b) => weight(report.findings[b]!) - weight(report.findings[a]!) || a - b);
    ranked.slice(0, cap).forEach((i) => shown.add(i));
    left[type] = Math.max(0, ranked.length - cap);
  }
  for (const [i, f] of report.findings.entries()) {
    if (!shown.has(i)) continue;
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
  const rest = (['error', 'warning', 'notice'] as const).filter((k) => left[k]! > 0).map((k) => `${left[k]} ${k}${left[k] === 1 ? '' : 's'}`);
  if (rest.length > 0) {
    const total = Object.values(left).reduce((a, b) => a + b, 0);
    out.push(`warden: ${total} more finding${total === 1 ? '' : 's'} not annotated (${rest.join(', ')}): GitHub shows ${GITHUB_ANNOTATION_CAP} annotations of each type per step; all ${report.findings.length} are in --format sarif (code scanning) or --format text`);
  }
  // Escapes come after the workflow-command encoding, so a control character in a manifest or model
  // string shows in the CI log instead of driving the terminal that renders it.
  return out.length > 0 ? visibleControls(out.join('\n') + '\n') : '';
}
