// The threat engine: a ResolvedModel in, a ThreatRegister out. Rules (model.rules, written in the
// DSL) are type-checked and compiled once, then run over every element and flow whose kind they
// apply to; the STRIDE-per-element baseline fills the categories no rule covered; statuses come
// from controls on the target and from the model's mitigate / accept / notApplicable statements.
// Linear in the model: one pass over targets, each trying only the rules compiled for its kind.
import type { Element, Flow, ResolvedModel, StrideCategory, ThreatRuleDef } from '../model/types.js';
import { STRIDE } from '../model/types.js';
import type { Diagnostic, Result } from '../diagnostics/index.js';
import { didYouMean, sortDiagnostics } from '../diagnostics/index.js';
import type { RuleInfo, Threat, ThreatRegister } from './types.js';
import { baselineEntry, baselineRuleId, BASELINE_CATEGORIES, BASELINE_CONTROLS, CATEGORY_LABEL } from './baseline.js';
import { ConditionCompiler, toDiagnostic, trustRankOf, type StaticType, type Value } from './conditions.js';
import { applyDecisions } from './decisions.js';
import { assignIds } from './ids.js';
import { buildLookup, compareSource, type ModelLookup } from './lookup.js';
import { levelsFor, severityOf, type Level } from './severity.js';
import { compileTemplate, type Template } from './template.js';
import { deriveFacts } from '../model/derive.js';
import { fitsTarget, threatFingerprint } from './fit.js';

export interface GenerateOptions {
  /** ISO date (yyyy-mm-dd) acceptances are checked against; default today (UTC). */
  today?: string;
}

/** A rule after checking: compiled condition and templates, or skipped when it has errors. */
export interface CompiledRule {
  rule: ThreatRuleDef;
  when: (target: Value) => boolean;
  title: Template;
  statement: Template;
  likelihood: Level;
  impact: Level;
  severity: ThreatRuleDef['severity'];
}

interface CompiledRules {
  rules: CompiledRule[];
  diagnostics: Diagnostic[];
  compiler: ConditionCompiler;
  lookup: ModelLookup;
}

function compileRules(model: ResolvedModel, lookup: ModelLookup): CompiledRules {
  const compiler = new ConditionCompiler(lookup);
  const rules: CompiledRule[] = [];
  for (const rule of model.rules) {
    const before = compiler.diagnostics.length;
    const scope = compiler.scopeFor(rule.appliesTo, rule.source);
    if (!scope) continue;
    const when = rule.when ? compiler.compileCondition(rule.when, scope) : () => true;
    const title = compileTemplate(rule.title, scope, compiler, rule.source);
    const statement = compileTemplate(rule.statement, scope, compiler, rule.source);
    for (const c of rule.controls) {
      if (!lookup.controls.has(c)) {
        const guess = didYouMean(c, lookup.controls.keys());
        compiler.diagnostics.push(
          toDiagnostic('WD3011', `threat rule ${rule.id} lists unknown control "${c}"`, rule.source, guess ? `did you mean "${guess}"?` : 'controls are declared with `control` (see docs/contracts/controls.md)'),
        );
      }
    }
    if (!when || compiler.diagnostics.length > before) continue;
    // NOTE(severity): the front end fills `severity` from likelihood x impact (the matrix in
    // severity.ts) unless the rule states one, which wins; a rule that gives only a severity is
    // shown with the likelihood and impact that yield it.
    const fallback = levelsFor(rule.severity);
    rules.push({ rule, when, title, statement, likelihood: rule.likelihood ?? fallback.likelihood, impact: rule.impact ?? fallback.impact, severity: rule.severity });
  }
  return { rules, diagnostics: compiler.diagnostics, compiler, lookup };
}

/**
 * Type-checks the model's threat rules: kinds in `on`, paths, comparisons, enum members, functions
 * and arities in `when`, placeholders in statements, controls listed. WD3001-WD3011.
 */
export function checkRules(model: ResolvedModel): Diagnostic[] {
  return compileRules(model, buildLookup(model)).diagnostics;
}

interface Draft {
  rule: string;
  category: StrideCategory;
  target: Element | Flow;
  isFlow: boolean;
  title: string;
  statement: string;
  severity: Threat['severity'];
  likelihood: Level;
  impact: Level;
  cwe: number[];
  capec: number[];
  phase: Threat['phase'];
  controls: string[];
}

const LEVEL_ORDER: Level[] = ['low', 'medium', 'high'];
const maxLevel = (a: Level, b: Level): Level => (LEVEL_ORDER.indexOf(a) >= LEVEL_ORDER.indexOf(b) ? a : b);

export function generateThreats(stated: ResolvedModel, options: GenerateOptions = {}): Result<ThreatRegister> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  // Rules see the derived view: exposure, authn and authz implied by incoming flows (model/derive.ts).
  const model = deriveFacts(stated).model;
  const lookup = buildLookup(model);
  const compiled = compileRules(model, lookup);
  const { compiler } = compiled;

  // Rules per kind, in declaration order; computed once per kind seen.
  const rulesByKind = new Map<string, CompiledRule[]>();
  const rulesFor = (kind: string): CompiledRule[] => {
    let list = rulesByKind.get(kind);
    if (!list) {
      const chain = lookup.ancestry.get(kind) ?? [kind];
      list = compiled.rules.filter((r) => chain.includes(r.rule.appliesTo));
      rulesByKind.set(kind, list);
    }
    return list;
  };

  // Baseline templates, checked against the base family (built-in fields only).
  const baseline = new Map<string, { title: Template; statement: Template; controls: string[] }>();
  const baselineFor = (base: 'actor' | 'process' | 'store' | 'flow', category: StrideCategory) => {
    const key = `${base}:${category}`;
    let t = baseline.get(key);
    if (!t) {
      const entry = baselineEntry(base, category)!;
      const scope: StaticType = base === 'flow' ? { t: 'flow', kind: 'flow' } : { t: 'element', kind: base };
      const source = { file: model.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
      t = {
        title: compileTemplate(entry.title, scope, compiler, source),
        statement: compileTemplate(entry.statement, scope, compiler, source),
        controls: (BASELINE_CONTROLS[base][category] ?? []).filter((c) => lookup.controls.has(c)),
      };
      baseline.set(key, t);
    }
    return t;
  };

  const drafts: Draft[] = [];
  const visit = (target: Element | Flow, isFlow: boolean) => {
    const covered = new Set<StrideCategory>();
    for (const r of rulesFor(target.kind)) {
      if (!r.when(target)) continue;
      covered.add(r.rule.category);
      drafts.push({
        rule: r.rule.id,
        category: r.rule.category,
        target,
        isFlow,
        title: r.title(target),
        statement: r.statement(target),
        severity: r.severity,
        likelihood: r.likelihood,
        impact: r.impact,
        cwe: r.rule.cwe,
        capec: r.rule.capec,
        phase: r.rule.phase,
        controls: r.rule.controls.filter((c) => fitsTarget(lookup, c, target, isFlow)),
      });
    }
    const base = isFlow ? 'flow' : (target as Element).base;
    for (const category of BASELINE_CATEGORIES[base]) {
      if (covered.has(category)) continue;
      const entry = baselineEntry(base, category)!;
      const t = baselineFor(base, category);
      const { likelihood, impact } = baselineLevels(lookup, target, isFlow, entry.impact, category);
      drafts.push({
        rule: baselineRuleId(category),
        category,
        target,
        isFlow,
        title: t.title(target),
        statement: t.statement(target),
        // A generic threat never rates critical: that takes a rule that knows the specific weakness.
        severity: capSeverity(severityOf(likelihood, impact)),
        likelihood,
        impact,
        cwe: entry.cwe,
        capec: entry.capec,
        phase: entry.phase,
        controls: t.controls.filter((c) => fitsTarget(lookup, c, target, isFlow)),
      });
    }
  };
  for (const e of model.elements) visit(e, false);
  for (const f of model.flows) visit(f, true);

  const ids = assignIds(drafts.map((d) => ({ rule: d.rule, target: (d.isFlow ? (d.target as Flow).key : undefined) ?? d.target.id })));
  const threats: Threat[] = drafts.map((d, i) => {
    const baselineThreat = d.rule.startsWith('stride.');
    // NOTE(mitigation): a rule threat is mitigated by one of the rule's own candidate controls on
    // the target; a baseline threat by any applied control declared to mitigate its category.
    const evidence: Threat['evidence'] = d.target.controls
      .filter((c) => (baselineThreat ? lookup.controls.get(c.control)?.mitigates.includes(d.category) : d.controls.includes(c.control)))
      .map((c) => ({ kind: 'control' as const, control: c.control, source: c.source }));
    return {
      id: ids[i],
      rule: d.rule,
      generic: baselineThreat,
      category: d.category,
      target: { kind: d.isFlow ? 'flow' : 'element', id: d.target.id },
      title: d.title,
      statement: d.statement,
      severity: d.severity,
      likelihood: d.likelihood,
      impact: d.impact,
      cwe: [...d.cwe],
      capec: [...d.capec],
      phase: d.phase,
      controls: [...d.controls],
      assets: d.isFlow ? [...(d.target as Flow).data] : [...(lookup.assets.get(d.target.id) ?? [])],
      status: evidence.length > 0 ? 'mitigated' : 'open',
      evidence,
      fingerprint: threatFingerprint(d.rule, d.target, d.isFlow, d.statement),
      source: d.target.source,
    };
  });

  const decided = applyDecisions(model, lookup, threats, today);
  // Order: target source position, then STRIDE category, then rule id. Keys are computed once so
  // the sort compares numbers, not map lookups (a million threats at 100k elements).
  const catIndex = new Map(STRIDE.map((c, i) => [c, i]));
  const position = new Map<string, number>();
  [...model.elements, ...model.flows]
    .map((t, i) => ({ t, i }))
    .sort((a, b) => compareSource(lookup, a.t.source, b.t.source) || a.i - b.i)
    .forEach(({ t }, i) => position.set(t.id, i));
  const keyOf = threats.map((t) => position.get(t.target.id)! * 8 + catIndex.get(t.category)!);
  const order = threats.map((_, i) => i);
  order.sort((a, b) => keyOf[a] - keyOf[b] || (threats[a].rule < threats[b].rule ? -1 : threats[a].rule > threats[b].rule ? 1 : 0));
  const sorted = order.map((i) => threats[i]);
  const rules: RuleInfo[] = compiled.rules.map(({ rule, severity }) => ({
    id: rule.id,
    title: rule.title,
    category: rule.category,
    severity,
    cwe: [...rule.cwe],
    capec: [...rule.capec],
    phase: rule.phase,
    controls: [...rule.controls],
    ...(rule.description !== undefined ? { description: rule.description } : {}),
    source: rule.source,
  }));
  for (const category of STRIDE) {
    const entry = baselineEntry('process', category)!;
    rules.push({
      id: baselineRuleId(category),
      title: `${CATEGORY_LABEL[category]} (STRIDE per element)`,
      category,
      severity: 'medium',
      cwe: [...entry.cwe],
      capec: [...entry.capec],
      phase: entry.phase,
      controls: [...new Set((['actor', 'process', 'store', 'flow'] as const).flatMap((b) => BASELINE_CONTROLS[b][category] ?? []))].filter((c) => lookup.controls.has(c)).sort(),
      description: `Generic ${CATEGORY_LABEL[category].toLowerCase()} threat for an element no specific rule covers in this category.`,
    });
  }
  return {
    value: { model: model.model.name, file: model.file, asOf: today, threats: sorted, rules },
    diagnostics: sortDiagnostics([...compiled.diagnostics, ...decided]),
  };
}

/**
 * Baseline likelihood from exposure (how little the target's boundary is trusted; for a flow, the
 * less trusted end) and impact from the entry raised by the most sensitive data involved.
 */
const lower = (l: Level): Level => (l === 'high' ? 'medium' : 'low');

const ENCRYPTED_PROTOCOLS = new Set(['https', 'tls', 'grpcs', 'amqps', 'ssh', 'ldaps']);

/** A flow the model says is encrypted: an encrypted protocol, `encrypted true` or `mtls true`. */
function flowEncrypted(f: Flow): boolean {
  const a = f.attributes;
  return (a.protocol?.type === 'enum' && ENCRYPTED_PROTOCOLS.has(a.protocol.value)) || (a.encrypted?.type === 'bool' && a.encrypted.value) || (a.mtls?.type === 'bool' && a.mtls.value);
}

const capSeverity = (s: Threat['severity']): Threat['severity'] => (s === 'critical' ? 'high' : s);

/** Categories whose impact grows with the sensitivity of the data involved (not repudiation or availability). */
const DATA_SENSITIVE = new Set<StrideCategory>(['spoofing', 'tampering', 'informationDisclosure', 'elevationOfPrivilege']);

function baselineLevels(lookup: ModelLookup, target: Element | Flow, isFlow: boolean, entryImpact: Level, category: StrideCategory): { likelihood: Level; impact: Level } {
  const rank = isFlow ? Math.min(trustRankOf(lookup, (target as Flow).from), trustRankOf(lookup, (target as Flow).to)) : trustRankOf(lookup, target.id);
  let likelihood: Level = rank <= 1 ? 'high' : rank === 2 ? 'medium' : 'low';
  // What the model states about the target makes the generic threat less likely, but it stays
  // open until a control or decision records the mitigation: a statement of fact is not evidence.
  const attrs = target.attributes;
  const authn = attrs.authn?.type === 'enum' ? attrs.authn.value : undefined;
  if (category === 'spoofing' && authn !== undefined && authn !== 'none') likelihood = lower(likelihood);
  if (isFlow && (category === 'tampering' || category === 'informationDisclosure') && flowEncrypted(target as Flow)) likelihood = 'low';
  const dataIds = isFlow ? (target as Flow).data : (lookup.assets.get(target.id) ?? []);
  let top = -1;
  for (const id of dataIds) {
    const d = lookup.data.get(id);
    if (d) top = Math.max(top, ['public', 'internal', 'confidential', 'restricted'].indexOf(d.classification));
  }
  const fromData: Level = !DATA_SENSITIVE.has(category) ? 'low' : top >= 3 ? 'high' : top === 2 ? 'medium' : 'low';
  return { likelihood, impact: maxLevel(entryImpact, fromData) };
}
