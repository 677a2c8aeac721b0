// SARIF 2.1.0 for GitHub code scanning. What GitHub relies on, and this output guarantees:
// - `ruleId` is the check id (stable across releases), with the rule's index into `rules`;
// - every rule has shortDescription, fullDescription, help (text and markdown) and a numeric
//   `security-severity` property (as a string, which is what GitHub parses);
// - `partialFingerprints` so alerts survive line moves; the model line as a related location;
// - `artifactLocation.uri` relative to the git repository root (found by walking up from each file's
//   directory to `.git`, or `baseDir`) with `uriBaseId` %SRCROOT%, so a monorepo run from a
//   subfolder still points at the right file; a file outside that root gets an absolute `file://`
//   URI and no `uriBaseId` (never an absolute path with a base);
// - every rule has a `helpUri`: its anchor in docs/policies.md (K8S-*) or docs/check.md (drift and
//   waiver rules) under `helpBaseUrl`;
// - a clean run is one run with `results: []` (an absent array means "not analysed" to GitHub).
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownWithoutHtml } from '../../text/escape.js';
import type { Severity } from '../../model/types.js';
import { noModelNote } from '../types.js';
import { stringifyNested } from './json.js';
import type { CheckReport, Finding, RuleInfo } from '../types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'wardenFinding/v1';

/** GitHub's bands: critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

function level(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note';
}

/** Where the rules' documentation lives: the repository's docs folder as GitHub shows it. */
export const DEFAULT_HELP_BASE_URL = 'https://github.com/warden-dev/warden/blob/main/docs/';

export interface SarifOptions {
  toolVersion?: string;
  /** Directory the report's file names are relative to (default: the process's working directory). */
  cwd?: string;
  /** Root that artifact URIs are relative to (`--base-dir`); default: the git repository of the first manifest. */
  baseDir?: string;
  /** Absolute file URI of the root, for `originalUriBaseIds` (omitted unless given). */
  srcRoot?: string;
  /** Base URL of the docs folder for `helpUri` (default DEFAULT_HELP_BASE_URL). */
  helpBaseUrl?: string;
}

/** The directory holding `.git` (a directory, or a file in worktrees and submodules) above `dir`. */
export function gitRoot(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(`${d}${sep}.git`)) return d;
    if (dirname(d) === d) return undefined;
  }
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Turns the report's file names into SARIF artifact locations, relative to one root. */
class Artifacts {
  readonly root: string | undefined;
  constructor(
    private readonly cwd: string,
    baseDir: string | undefined,
    firstFile: string | undefined,
  ) {
    this.root = baseDir !== undefined ? resolve(cwd, baseDir) : firstFile !== undefined ? gitRoot(dirname(resolve(cwd, firstFile))) : undefined;
  }
  location(file: string): { uri: string; uriBaseId?: string } {
    // Standard input has no path: a relative reference with no base says so.
    if (file === '<stdin>') return { uri: encodeURIComponent(file) };
    const abs = resolve(this.cwd, file);
    if (this.root !== undefined) {
      const rel = relative(this.root, abs);
      if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return { uri: encodePath(rel.split(sep).join('/')), uriBaseId: '%SRCROOT%' };
    }
    return { uri: pathToFileURL(abs).href };
  }
}

/** The rule's documentation: its anchor in docs/policies.md (library checks) or docs/check.md. */
export function helpUri(id: string, base = DEFAULT_HELP_BASE_URL): string {
  const root = base.endsWith('/') ? base : `${base}/`;
  if (id.startsWith('WD-DRIFT')) return `${root}check.md#drift-checks-policiesmodel`;
  if (id.startsWith('WD-WAIVER')) return `${root}check.md#suppressions`;
  return `${root}policies.md#${id.toLowerCase().replace(/[^a-z0-9-]/g, '')}`;
}

function rule(r: RuleInfo, helpBase: string | undefined) {
  const helpText = [r.description, r.remediation ? `Remediation: ${r.remediation}` : ''].filter(Boolean).join('\n\n');
  const family = r.family === 'drift' ? 'model drift' : r.family === 'waiver' ? 'waiver' : 'kubernetes';
  return {
    id: r.id,
    name: r.id.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: r.title },
    helpUri: helpUri(r.id, helpBase),
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

function physical(art: Artifacts, file: string, line: number, column?: number) {
  return {
    artifactLocation: art.location(file),
    region: { startLine: Math.max(1, line), ...(column ? { startColumn: Math.max(1, column) } : {}) },
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function result(art: Artifacts, f: Finding, ruleIndex: number) {
  const primary = f.location ? physical(art, f.location.file, f.location.line, f.location.column) : f.model ? physical(art, f.model.file, f.model.line) : undefined;
  const related =
    f.location && f.model
      ? [
          {
            id: 1,
            physicalLocation: physical(art, f.model.file, f.model.line),
            message: { text: f.controls.length > 0 ? `Control ${f.controls.join(', ')} promised for ${f.elements.join(', ')} here` : `Model declaration${f.element ? ` of ${f.element}` : ''}` },
          },
        ]
      : [];
  // A finding folded per file (K8S-038) points at each object it stands for.
  for (const [k, r] of (f.related ?? []).entries()) {
    if (k === 0 || !f.location) continue;
    related.push({ id: related.length + 1, physicalLocation: physical(art, f.location.file, r.line, r.column), message: { text: r.message } });
  }
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
  return [...sarifPieces(report, options)].join('');
}

/** The run's `results` key as JSON.stringify(log, null, 2) indents it (runs[0] is at depth 2). */
const RESULTS_KEY = '\n      "results": ';
const RESULTS_PAD = '        ';

/**
 * The SARIF log in pieces, a result at a time, so a findings-heavy log is never one string: the
 * log is stringified with an empty results array, which is then written out result by result.
 * Joined, byte for byte JSON.stringify(log, null, 2) plus a newline.
 */
export function* sarifPieces(report: CheckReport, options: SarifOptions = {}): Generator<string> {
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  const firstFile = report.files.find((f) => f !== '<stdin>') ?? (report.modelFile || undefined);
  const art = new Artifacts(options.cwd ?? process.cwd(), options.baseDir, firstFile);
  const text = JSON.stringify(sarifLog(report, options), null, 2) + '\n';
  // `results` is the run's last key, so its (empty) array is the last `[]` after the last such key
  const at = text.lastIndexOf(RESULTS_KEY + '[]');
  if (at < 0 || report.findings.length === 0) {
    yield text;
    return;
  }
  yield text.slice(0, at + RESULTS_KEY.length) + '[\n';
  const last = report.findings.length - 1;
  for (let i = 0; i <= last; i++) {
    const f = report.findings[i]!;
    yield RESULTS_PAD + stringifyNested(result(art, f, index.get(f.check) ?? -1), RESULTS_PAD.length / 2) + (i < last ? ',\n' : '\n');
  }
  yield '      ]' + text.slice(at + RESULTS_KEY.length + 2);
}

/** The log with no results (sarifPieces writes them). */
function sarifLog(report: CheckReport, options: SarifOptions) {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Warden',
            informationUri: 'https://github.com/warden-dev/warden',
            ...(options.toolVersion ? { version: options.toolVersion, semanticVersion: options.toolVersion } : {}),
            rules: report.rules.map((r) => rule(r, options.helpBaseUrl)),
          },
        },
        // The root's absolute path is left out unless asked for: the same repository checked out
        // elsewhere gives the same log, and GitHub resolves %SRCROOT% to the checkout itself.
        ...(options.srcRoot ? { originalUriBaseIds: { '%SRCROOT%': { uri: options.srcRoot.endsWith('/') ? options.srcRoot : `${options.srcRoot}/` } } } : {}),
        ...(report.modelless ? { properties: { modelless: report.modelless } } : {}),
        columnKind: 'utf16CodeUnits',
        results: [] as unknown[],
      },
    ],
  };
}
