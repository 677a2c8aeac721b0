// SARIF 2.1.0 for GitHub code scanning. Results are the outstanding threats (open, or accepted on
// an expired acceptance), located at the model line of their element or flow; every rule that ran
// is declared in the driver, so an alert closes when its threat is mitigated or accepted. Rule
// ids are the threat rule ids (stable); `partialFingerprints` carry the threat id, so an alert
// follows its threat when lines move. `security-severity` follows GitHub's bands (severity.ts).
import type { Severity } from '../../model/types.js';
import type { RuleInfo, Threat, ThreatRegister } from '../types.js';
import { isOutstanding } from '../decisions.js';
import { securityScore, severityRank } from '../severity.js';
import { CATEGORY_LABEL } from '../baseline.js';

export interface SarifOptions {
  toolVersion?: string;
  /** Directory the artifact URIs are relative to (the repository root); paths stay as given when absent. */
  baseDir?: string;
}

const level = (s: Severity): 'error' | 'warning' | 'note' => (s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note');

/** A relative URI with forward slashes, percent-encoded where a URI needs it. */
function artifactUri(file: string, baseDir?: string): string {
  let p = file.replace(/\\/g, '/');
  if (baseDir) {
    const base = baseDir.replace(/\\/g, '/').replace(/\/?$/, '/');
    if (p.startsWith(base)) p = p.slice(base.length);
  }
  return p.split('/').map((seg) => encodeURIComponent(seg)).join('/');
}

function rulesOf(register: ThreatRegister): RuleInfo[] {
  const byId = new Map<string, RuleInfo>();
  for (const r of register.rules ?? []) byId.set(r.id, r);
  // Registers built without `rules` (older JSON): derive them from the threats.
  for (const t of register.threats) {
    if (!byId.has(t.rule)) byId.set(t.rule, { id: t.rule, title: t.title, category: t.category, severity: t.severity, cwe: t.cwe, capec: t.capec, phase: t.phase, controls: t.controls });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function registerSarif(register: ThreatRegister, options: SarifOptions = {}): Record<string, unknown> {
  const rules = rulesOf(register);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = register.threats.filter(isOutstanding);
  // A rule's security-severity is the highest severity it has in this register (baseline threats vary by element).
  const worst = new Map<string, Severity>();
  for (const t of register.threats) {
    const w = worst.get(t.rule);
    if (!w || severityRank(t.severity) > severityRank(w)) worst.set(t.rule, t.severity);
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'warden',
            informationUri: 'https://github.com/warden-threat-modeling/warden',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            rules: rules.map((r) => {
              const sev = worst.get(r.id) ?? r.severity;
              return {
                id: r.id,
                name: r.id.replace(/[^A-Za-z0-9]/g, ''),
                shortDescription: { text: r.title },
                fullDescription: { text: r.description ?? `${CATEGORY_LABEL[r.category]}: ${r.title}` },
                help: {
                  text: `Candidate controls: ${r.controls.join(', ') || 'none'}. Best handled in the ${r.phase} phase.`,
                  markdown: `Candidate controls: ${r.controls.map((c) => `\`${c}\``).join(', ') || 'none'}. Best handled in the **${r.phase}** phase.`,
                },
                defaultConfiguration: { level: level(sev) },
                properties: {
                  tags: ['security', 'threat-model', `stride/${r.category}`, ...r.cwe.map((n) => `external/cwe/cwe-${n}`), ...r.capec.map((n) => `external/capec/capec-${n}`)],
                  'security-severity': securityScore(sev),
                  precision: 'medium',
                },
              };
            }),
          },
        },
        results: results.map((t: Threat) => ({
          ruleId: t.rule,
          ruleIndex: index.get(t.rule),
          level: level(t.severity),
          message: { text: `${t.title} (${t.id}, ${t.status === 'accepted' ? 'acceptance expired' : 'open'}): ${t.statement}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(t.source.file, options.baseDir), uriBaseId: '%SRCROOT%' },
                region: { startLine: t.source.line, startColumn: t.source.column, endLine: t.source.endLine, endColumn: t.source.endColumn },
              },
              logicalLocations: [{ name: t.target.id, kind: t.target.kind === 'flow' ? 'flow' : 'element' }],
            },
          ],
          partialFingerprints: { wardenThreatId: t.id },
          properties: {
            threatId: t.id,
            severity: t.severity,
            'security-severity': securityScore(t.severity),
            category: t.category,
            generic: t.generic === true,
            phase: t.phase,
            controls: t.controls,
          },
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

export function renderSarif(register: ThreatRegister, options: SarifOptions = {}): string {
  return JSON.stringify(registerSarif(register, options), null, 2) + '\n';
}
