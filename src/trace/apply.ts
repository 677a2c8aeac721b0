// Resolves annotations against a model and its threat register, and folds them into the register.
//
// Precedence (docs/trace.md): decisions written in the model (accept, notApplicable) are never
// overridden by code. `@mitigates` moves an open threat to mitigated and always adds code
// evidence; `@accepts` moves an open threat to accepted; a threat both mitigated and accepted in
// code is mitigated (a mitigation is stronger than an accepted risk), whatever the file order.
import { createHash } from 'node:crypto';
import { didYouMean, sortDiagnostics, type Diagnostic, type DiagnosticSeverity, type Result } from '../diagnostics/index.js';
import type { ResolvedModel, SourceRef, StrideCategory } from '../model/types.js';
import type { Threat, ThreatRegister } from '../threats/types.js';
import { TRACE_CODES } from './codes.js';
import { modelConstants, threatConstants } from './constants.js';
import type { Annotation } from './types.js';

export interface ApplyOptions {
  /** ISO date used to decide whether an `@accepts` has expired; default: today (UTC). */
  today?: string;
}

/** An annotation with the ids of the threats it applies to (empty when it did not resolve). */
export interface ResolvedAnnotation extends Annotation {
  threats: string[];
}

export interface TraceResult {
  register: ThreatRegister;
  annotations: ResolvedAnnotation[];
}

/** Rule id given to threats declared with `@exposes`. */
export const EXPOSES_RULE = 'code.exposes';

/**
 * Stable id of a threat declared with `@exposes`: a hash of the element, the category and the
 * text (whitespace collapsed), so it survives moving the comment to another file or line and
 * changes only when what is exposed changes.
 */
export function exposedThreatId(element: string, category: StrideCategory, text: string): string {
  const key = ['exposes', element, category, text.trim().replace(/\s+/g, ' ')].join('\u0000');
  return `TH-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `applyTrace` with the resolution of each annotation kept: which threats each tag applies to. */
export function traceModel(register: ThreatRegister, model: ResolvedModel, annotations: readonly Annotation[], options: ApplyOptions = {}): Result<TraceResult> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const reg: ThreatRegister = structuredClone(register);
  const diagnostics: Diagnostic[] = [];
  const out: ResolvedAnnotation[] = annotations.map((a) => ({ ...a, threats: [] }));

  const consts = modelConstants(model);
  const targets = new Map<string, { kind: 'element' | 'flow'; id: string; boundary?: string; source: SourceRef }>();
  for (const e of model.elements) targets.set(e.id, { kind: 'element', id: e.id, ...(e.boundary ? { boundary: e.boundary } : {}), source: e.source });
  for (const f of model.flows) targets.set(f.id, { kind: 'flow', id: f.id, source: f.source });
  // Constant keys (`Api_to_Ledger` for flow `Api->Ledger`) resolve too, ids first.
  for (const m of [consts.elements, consts.flows]) for (const [k, id] of m) if (!targets.has(k)) targets.set(k, targets.get(id)!);
  const boundaries = new Map(model.boundaries.map((b) => [b.id, b]));
  for (const [k, id] of consts.boundaries) if (!boundaries.has(k)) boundaries.set(k, boundaries.get(id)!);
  const controlIds = new Set(model.controls.map((c) => c.id));
  const constants = threatConstants(register.threats);
  const targetNames = [...model.elements.map((e) => e.id), ...model.flows.map((f) => f.id)];

  const diag = (a: Annotation, code: string, message: string, hint?: string, severity: DiagnosticSeverity = 'warning', related?: Diagnostic['related']) =>
    diagnostics.push({
      code,
      severity,
      message,
      file: a.file,
      span: a.refSpan ?? a.span,
      ...(hint ? { hint } : {}),
      ...(related ? { related } : {}),
    });
  const suggest = (name: string, candidates: Iterable<string>) => {
    const close = didYouMean(name, candidates);
    return close ? `did you mean "${close}"?` : undefined;
  };
  const resolveTarget = (a: Annotation, name: string) => {
    const t = targets.get(name);
    if (!t) {
      const at = diagnostics.length;
      diag(a, TRACE_CODES.unknownElement, `unknown element or flow "${name}"`, suggest(name, targetNames));
      // Underline just the element in `Apii.spoofing` when the reference is written plainly (not
      // inside a {@link} or quotes, where source and value differ).
      const written = a.ref?.kind === 'category' && !a.ref.elementFromScope ? a.ref.written : undefined;
      const sp = a.refSpan;
      if (written && sp && sp.endOffset - sp.offset === written.length && sp.line === sp.endLine) {
        const i = written.indexOf(`${name}.`);
        if (i >= 0) diagnostics[at].span = { ...sp, column: sp.column + i, endColumn: sp.column + i + name.length, offset: sp.offset + i, endOffset: sp.offset + i + name.length };
      }
    }
    return t;
  };

  // @element / @boundary: the names exist, and agree with the model where both are given.
  const checked = new Set<string>();
  const within = (inner: string | undefined, outer: string) => {
    for (let b = inner; b !== undefined; b = boundaries.get(b)?.parent) if (b === outer) return true;
    return false;
  };
  for (const a of out) {
    if (a.tag === 'element' && a.name !== undefined) resolveTarget(a, a.name);
    if (a.tag === 'boundary' && a.name !== undefined && !boundaries.has(a.name)) {
      diag(a, TRACE_CODES.unknownBoundary, `unknown boundary "${a.name}"`, suggest(a.name, model.boundaries.map((b) => b.id)));
    }
    if ((a.tag === 'element' || a.tag === 'boundary') && a.scope.element && a.scope.boundary) {
      const t = targets.get(a.scope.element);
      const b = boundaries.get(a.scope.boundary);
      const key = `${a.file}\u0000${a.scope.element}\u0000${a.scope.boundary}`;
      if (t?.kind === 'element' && b && !checked.has(key) && !within(t.boundary, b.id)) {
        checked.add(key);
        diag(
          a,
          TRACE_CODES.boundaryMismatch,
          `the code says ${t.id} runs in boundary ${b.id}, the model puts it ${t.boundary ? `in ${t.boundary}` : 'in no boundary'}`,
          `fix the @boundary tag, or move ${t.id} in the model`,
          'warning',
          [{ message: `${t.id} is declared here`, file: t.source.file, span: { line: t.source.line, column: t.source.column, endLine: t.source.endLine, endColumn: t.source.endColumn, offset: 0, endOffset: 0 } }],
        );
      }
    }
  }

  // @exposes first, so that code may then mitigate or accept what it exposed, by id.
  const exposed: Threat[] = [];
  for (const a of out) {
    const ref = a.ref;
    if (a.tag !== 'exposes' || ref?.kind !== 'category') continue;
    if (ref.element === undefined) {
      diag(a, TRACE_CODES.missingElement, `whose ${ref.category}? no @element is in scope`, `write Element.${ref.category}, or put @element <Element> on the class or file`);
      continue;
    }
    const t = resolveTarget(a, ref.element);
    if (!t) continue;
    const note = a.note ?? '';
    const id = exposedThreatId(t.id, ref.category, note);
    a.threats.push(id);
    if (reg.threats.some((x) => x.id === id) || exposed.some((x) => x.id === id)) continue;
    const same = reg.threats.filter((x) => x.target.id === t.id);
    const sameCategory = same.filter((x) => x.category === ref.category);
    exposed.push({
      id,
      rule: EXPOSES_RULE,
      category: ref.category,
      target: { kind: t.kind, id: t.id },
      title: `Exposed in code: ${note}`,
      statement: `${note} (declared in ${a.file}:${a.line}${a.declaration ? `, ${a.declaration}` : ''})`,
      severity: a.severity ?? 'medium',
      likelihood: 'medium',
      impact: 'medium',
      cwe: [],
      capec: [],
      phase: 'develop',
      controls: [...new Set(sameCategory.flatMap((x) => x.controls))].sort(byString),
      assets: [...new Set(same.flatMap((x) => x.assets))].sort(byString),
      status: 'open',
      evidence: [],
      source: t.source,
    });
  }
  reg.threats.push(...exposed.sort((x, y) => byString(x.id, y.id)));
  const threatsById = new Map(reg.threats.map((t) => [t.id, t]));
  // By target, so that resolving thousands of tags stays linear in the register's size.
  const threatsByTarget = new Map<string, Threat[]>();
  for (const t of reg.threats) {
    const list = threatsByTarget.get(t.target.id);
    if (list) list.push(t);
    else threatsByTarget.set(t.target.id, [t]);
  }

  const resolveThreats = (a: Annotation): Threat[] => {
    const ref = a.ref;
    if (!ref) return [];
    if (ref.kind === 'id') {
      const t = threatsById.get(ref.id);
      if (!t) diag(a, TRACE_CODES.unknownThreatId, `unknown threat id "${ref.written}"`, suggest(ref.id, threatsById.keys()) ?? 'run warden threats to list the ids');
      return t ? [t] : [];
    }
    if (ref.kind === 'constant') {
      const id = constants.get(ref.name);
      if (!id) diag(a, TRACE_CODES.unknownThreatConstant, `no threat constant "${ref.written}" for this model`, suggest(ref.name, constants.keys()) ?? 'regenerate the constants with warden export ts');
      const t = id ? threatsById.get(id) : undefined;
      return t ? [t] : [];
    }
    if (ref.element === undefined) {
      diag(a, TRACE_CODES.missingElement, `whose ${ref.category}? no @element is in scope`, `write Element.${ref.category}, or put @element <Element> on the class or file`);
      return [];
    }
    const t = resolveTarget(a, ref.element);
    if (!t) return [];
    const onTarget = threatsByTarget.get(t.id) ?? [];
    const mine = onTarget.filter((x) => x.category === ref.category);
    const hits = ref.rule === undefined ? mine : mine.filter((x) => x.rule === ref.rule);
    if (hits.length === 0) {
      const cats = [...new Set(onTarget.map((x) => x.category))];
      const rules = mine.map((x) => x.rule).sort(byString);
      const hint =
        ref.rule !== undefined && rules.length > 0
          ? (suggest(ref.rule, rules) ?? `rules with ${t.id}.${ref.category} threats: ${rules.join(', ')}`)
          : cats.length > 0
            ? `${t.id} has threats in: ${cats.join(', ')}`
            : `${t.id} has no threats in the register`;
      diag(a, TRACE_CODES.noSuchThreat, `${t.id} has no ${ref.category} threat${ref.rule !== undefined ? ` from rule ${ref.rule}` : ''}`, hint);
    }
    return hits;
  };

  for (const a of out) {
    if (a.tag !== 'mitigates') continue;
    if (a.control !== undefined && controlIds.size > 0 && !controlIds.has(a.control)) {
      diagnostics.push({
        code: TRACE_CODES.unknownControl,
        severity: 'warning',
        message: `unknown control "${a.control}"`,
        file: a.file,
        span: a.span,
        hint: suggest(a.control, controlIds) ?? 'controls are declared in the model or its library (docs/contracts/controls.md)',
      });
    }
    for (const t of resolveThreats(a)) {
      a.threats.push(t.id);
      t.evidence.push({
        kind: 'code',
        file: a.file,
        line: a.line,
        ...(a.declaration ? { declaration: a.declaration } : {}),
        ...(a.control ? { control: a.control } : {}),
        ...(a.note ? { text: a.note } : {}),
      });
      if (t.status === 'open') t.status = 'mitigated';
    }
  }

  for (const a of out) {
    if (a.tag !== 'accepts' || !a.owner || !a.until || !a.reason) continue;
    for (const t of resolveThreats(a)) {
      a.threats.push(t.id);
      if (t.status === 'accepted' || t.status === 'notApplicable') {
        const src = t.acceptance?.source ?? t.notApplicable?.source;
        diag(
          a,
          TRACE_CODES.acceptanceIgnored,
          `${t.id} is already ${t.status === 'accepted' ? 'accepted' : 'not applicable'} in the model; the acceptance in code is ignored`,
          'keep risk decisions in one place: remove the tag or the model statement',
          'warning',
          src ? [{ message: 'the model decision', file: src.file, span: { line: src.line, column: src.column, endLine: src.endLine, endColumn: src.endColumn, offset: 0, endOffset: 0 } }] : undefined,
        );
        continue;
      }
      if (t.status === 'mitigated') {
        diag(a, TRACE_CODES.acceptanceIgnored, `${t.id} is mitigated; the acceptance in code is not needed`, undefined, 'info');
        continue;
      }
      const expired = a.until < today;
      t.status = 'accepted';
      t.acceptance = {
        owner: a.owner,
        until: a.until,
        reason: a.reason,
        expired,
        source: { file: a.file, line: a.span.line, column: a.span.column, endLine: a.span.endLine, endColumn: a.span.endColumn },
      };
      if (expired) {
        diag(a, TRACE_CODES.expiredAcceptance, `the acceptance of ${t.id} expired on ${a.until}`, `renew it (owner ${a.owner}) or mitigate the threat`, 'error');
      }
    }
  }

  for (const a of out) a.threats = [...new Set(a.threats)];
  return { value: { register: reg, annotations: out }, diagnostics: sortDiagnostics(diagnostics) };
}

/** Folds code annotations into a threat register; see the precedence note at the top of this file. */
export function applyTrace(register: ThreatRegister, model: ResolvedModel, annotations: readonly Annotation[], options: ApplyOptions = {}): Result<ThreatRegister> {
  const r = traceModel(register, model, annotations, options);
  return { value: r.value.register, diagnostics: r.diagnostics };
}
