// Reporters: pure functions from a CheckReport to text. One model, many presenters.
import type { CheckReport } from '../types.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif, type SarifOptions } from './sarif.js';
import { formatText } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function formatReport(report: CheckReport, format: ReportFormat, options: { color?: boolean } & SarifOptions = {}): string {
  switch (format) {
    case 'text':
      return formatText(report, options);
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, options);
    case 'junit':
      return formatJunit(report);
    case 'github':
      return formatGithub(report);
  }
}

export { formatText, formatJson, formatSarif, formatJunit, formatGithub };
export { escapeXml, escapeGithubData, escapeGithubProperty } from './escape.js';
export { SECURITY_SEVERITY, FINGERPRINT_KEY, SARIF_SCHEMA, type SarifOptions } from './sarif.js';
