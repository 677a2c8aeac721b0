// SARIF 2.1.0 for GitHub code scanning. What GitHub relies on, and this output guarantees:
// - `ruleId` is the check id (stable across releases), with the rule's index into `rules`;
// - every rule has shortDescription, fullDescription, help (text and markdown) and a numeric
//   `security-severity` property (as a string, which is what GitHub parses);
// - `partialFingerprints` so alerts survive line moves; repo-relative `artifactLocation.uri` with
//   `uriBaseId` %SRCROOT%; the model line as a related location;
// - a clean run is one run with `results: []` (an absent array means "not analysed" to GitHub).
import { markdownWithoutHtml } from '../../text/escape.js';
import type { Severity } from '../../model/types.js';
import { noModelNote } from '../types.js';
import type { CheckReport, Finding, RuleInfo } from '../types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'wardenFinding/v1';

/** GitHub's bands: critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

function level(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note';
}

export interface SarifOptions {
  toolVersion?: string;
  /** Absolute file URI of the repository root, for `originalUriBaseIds` (omitted when unknown). */
  srcRoot?: string;
}

function uri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function rule(r: RuleInfo) {
  const helpText = [r.description, r.remediation ? `Remediation: ${r.remediation}` : ''].filter(Boolean).join('\n\n');
  const family = r.family === 'drift' ? 'model drift' : r.family === 'waiver' ? 'waiver' : 'kubernetes';
  return {
    id: r.id,
    name: r.id.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description || r.title },
    help: {
      text: helpText || r.title,
      // Rule text may come from a bundle (check --bundle): its Markdown is kept, raw HTML is not.
      markdown: markdownWithoutHtml(`**${r.id}: ${r.title}**\n\n${r.description || r.title}${r.remediation ? `\n\n**Remediation:** ${r.remediation}` : ''}`),
    },
    defaultConfiguration: { level: level(r.severity) },
    properties: {
      'security-severity': SECURITY_SEVERITY[r.severity],
      tags: ['security', family, ...r.stride.map((s) => `stride-${s}`)],
      precision: 'high',
    },
  };
}

function physical(file: string, line: number, column?: number) {
  return {
    artifactLocation: { uri: uri(file), uriBaseId: '%SRCROOT%' },
    region: { startLine: Math.max(1, line), ...(column ? { startColumn: Math.max(1, column) } : {}) },
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function result(f: Finding, ruleIndex: number) {
  const primary = f.location ? physical(f.location.file, f.location.line, f.location.column) : f.model ? physical(f.model.file, f.model.line) : undefined;
  const related =
    f.location && f.model
      ? [
          {
            id: 1,
            physicalLocation: physical(f.model.file, f.model.line),
            message: { text: f.controls.length > 0 ? `Control ${f.controls.join(', ')} promised for ${f.elements.join(', ')} here` : `Model declaration${f.element ? ` of ${f.element}` : ''}` },
          },
        ]
      : [];
  const traced = [
    f.threats.length > 0 ? `Threats: ${f.threats.join(', ')}.` : '',
    f.model && f.location ? `Model: ${f.model.file}:${f.model.line}.` : '',
    f.profile ? `${capitalize(noModelNote(f.profile))}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    ruleId: f.check,
    ruleIndex,
    level: level(f.severity),
    message: { text: traced ? `${f.message}. ${traced}` : f.message },
    ...(primary ? { locations: [{ physicalLocation: primary }] } : {}),
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.suppressed
      ? {
          suppressions: [
            f.suppressed.kind === 'waiver'
              ? { kind: 'external', status: 'accepted', justification: `${f.suppressed.reason ?? ''} (owner ${f.suppressed.owner ?? '?'}, until ${f.suppressed.until ?? '?'})` }
              : { kind: 'inSource', status: 'accepted', justification: 'warden.dev/ignore annotation on the resource' },
          ],
        }
      : {}),
    properties: {
      severity: f.severity,
      threats: f.threats,
      controls: f.controls,
      ...(f.element ? { element: f.element } : {}),
      ...(f.profile ? { profile: f.profile } : {}),
      ...(f.resource ? { resource: f.resource.label } : {}),
      ...(f.location?.template ? { helmTemplate: f.location.template } : {}),
    },
  };
}

export function formatSarif(report: CheckReport, options: SarifOptions = {}): string {
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Warden',
            informationUri: 'https://github.com/warden-dev/warden',
            ...(options.toolVersion ? { version: options.toolVersion, semanticVersion: options.toolVersion } : {}),
            rules: report.rules.map(rule),
          },
        },
        ...(options.srcRoot ? { originalUriBaseIds: { '%SRCROOT%': { uri: options.srcRoot.endsWith('/') ? options.srcRoot : `${options.srcRoot}/` } } } : {}),
        ...(report.modelless ? { properties: { modelless: report.modelless } } : {}),
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => result(f, index.get(f.check) ?? -1)),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
