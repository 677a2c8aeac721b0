// Reporters: pure functions from a CheckReport to text. One model, many presenters.
import type { CheckReport } from '../types.js';
import { formatGithub, type GithubOptions } from './github.js';
import { formatJson, jsonPieces } from './json.js';
import { formatJunit, junitPieces } from './junit.js';
import { formatSarif, sarifPieces, type SarifOptions } from './sarif.js';
import { formatText, textPieces, type TextOptions } from './text.js';
import { groupFindings } from './group.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Renders a report; per-file checks (K8S-038) are folded first (report/group.ts), in every format. */
export function formatReport(input: CheckReport, format: ReportFormat, options: TextOptions & SarifOptions & GithubOptions = {}): string {
  return [...reportPieces(input, format, options)].join('');
}

/**
 * The same text as formatReport, in pieces to write one after another: a findings-heavy report is
 * never held as one string (the GitHub format, capped at a few annotations, is one piece).
 */
export function reportPieces(input: CheckReport, format: ReportFormat, options: TextOptions & SarifOptions & GithubOptions = {}): Iterable<string> {
  const report = groupFindings(input);
  switch (format) {
    case 'text':
      return textPieces(report, options);
    case 'json':
      return jsonPieces(report);
    case 'sarif':
      return sarifPieces(report, options);
    case 'junit':
      return junitPieces(report);
    case 'github':
      return [formatGithub(report, options)];
  }
}

export { groupFindings, PER_FILE_CHECKS } from './group.js';
export { threatSummary, THREATS_LISTED, type TextOptions } from './text.js';
export { GITHUB_ANNOTATION_CAP, type GithubOptions } from './github.js';
export { formatText, formatJson, formatSarif, formatJunit, formatGithub };
export { escapeXml, escapeGithubData, escapeGithubProperty } from './escape.js';
export { SECURITY_SEVERITY, FINGERPRINT_KEY, SARIF_SCHEMA, DEFAULT_HELP_BASE_URL, gitRoot, helpUri, type SarifOptions } from './sarif.js';
