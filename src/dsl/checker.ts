// The checker: loaded files (ASTs) -> ResolvedModel, with WD2xxx diagnostics for names and types.
// Passes, in order, so that declarations may appear in any order and in any file:
//   1. kinds (so boundary blocks can tell `actor Customer` from `trust high`)
//   2. every named thing: elements, flows, data, boundaries, controls, threat rules
//   3. kinds resolved (inheritance, attribute types), then controls' parameter types
//   4. every value checked against its type; references looked up; defaults applied
//   5. mitigate / accept / notApplicable / waive statements
// Lookups are Map-based so checking is linear in the model's size.
import { parseSelector, readWorkload, SELECTOR_HINT, WORKLOAD_HINT } from '../model/bindings.js';
import { didYouMean, type Diagnostic, type RelatedInformation, type Span } from '../diagnostics/index.js';
import {
  CLASSIFICATIONS,
  CONTROL_PROFILES,
  MODEL_SCHEMA_VERSION,
  PHASES,
  SEVERITIES,
  STRIDE,
  TRUST_LEVELS,
  type Acceptance,
  type AttrDef,
  type AttrType,
  type AttrValue,
  type BaseKind,
  type Boundary,
  type Classification,
  type ConditionExpr,
  type ControlDef,
  type ControlProfile,
  type ControlParam,
  type ControlUse,
  type DataAsset,
  type Element,
  type Flow,
  type KindDef,
  type Mitigation,
  type NotApplicable,
  type Phase,
  type ResolvedModel,
  type Severity,
  type StrideCategory,
  type ThreatRef,
  type ThreatRuleDef,
  type TrustLevel,
  type Waiver,
} from '../model/types.js';
import type * as A from './ast.js';
import { BOUNDARY_ATTRS, DATA_ATTRS, describeType, MODEL_ATTRS } from './builtins.js';
import type { LoadedFile } from './loader.js';
import { sourceRef } from './span.js';

const BASE_KINDS: readonly BaseKind[] = ['actor', 'process', 'store', 'flow'];
const LEVELS = ['low', 'medium', 'high'] as const;
type Level = (typeof LEVELS)[number];

type NameWhat = 'element' | 'flow' | 'data' | 'boundary';
const WHAT_LABEL: Record<NameWhat | 'control', string> = {
  element: 'an element',
  flow: 'a flow',
  data: 'a data asset',
  boundary: 'a boundary',
  control: 'a control',
};

interface Named {
  what: NameWhat;
  name: string;
  file: string;
  span: Span;
}

interface ElementSite {
  decl: A.ElementDecl;
  file: string;
  boundary?: string;
}

interface BoundarySite {
  decl: A.BoundaryDecl;
  file: string;
  parent?: string;
  /** Span of the `in` reference (or of the enclosing block's name when nested). */
  parentSpan?: Span;
  attributes: A.Attribute[];
}

interface Site<T> {
  decl: T;
  file: string;
  boundary?: string;
}

/** `YYYY-MM-DD` that names a real calendar day. */
export function isValidDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

export function checkProgram(files: readonly LoadedFile[], entry: LoadedFile | undefined, resolutionOrder: string[]): { model?: ResolvedModel; diagnostics: Diagnostic[] } {
  return new Checker(files, entry, resolutionOrder).run();
}

class Checker {
  private diags: Diagnostic[] = [];
  private kindDecls = new Map<string, { decl: A.KindDecl; file: string }>();
  private kinds = new Map<string, KindDef>();
  private names = new Map<string, Named>();
  private controlDecls = new Map<string, { decl: A.ControlDecl; file: string }>();
  private controls = new Map<string, ControlDef>();
  private ruleDecls = new Map<string, { decl: A.ThreatDecl; file: string }>();
  private elementSites: ElementSite[] = [];
  private flowSites: Site<A.FlowDecl>[] = [];
  private dataSites: Site<A.DataDecl>[] = [];
  private boundarySites: BoundarySite[] = [];
  private elementKind = new Map<string, string>();
  private modelDecl?: { decl: A.ModelDecl; file: string };

  constructor(
    private files: readonly LoadedFile[],
    private entry: LoadedFile | undefined,
    private resolutionOrder: string[],
  ) {}

  private error(code: string, file: string, span: Span, message: string, hint?: string, related?: RelatedInformation[]): void {
    this.diags.push({ code, severity: 'error', message, file, span, ...(hint ? { hint } : {}), ...(related ? { related } : {}) });
  }

  private warn(code: string, file: string, span: Span, message: string, hint?: string): void {
    this.diags.push({ code, severity: 'warning', message, file, span, ...(hint ? { hint } : {}) });
  }

  private suggest(name: string, candidates: Iterable<string>, fallback?: string): string | undefined {
    const g = didYouMean(name, candidates);
    return g ? `did you mean "${g}"?` : fallback;
  }

  run(): { model?: ResolvedModel; diagnostics: Diagnostic[] } {
    for (const f of this.files) for (const s of f.ast.statements) if (s.kind === 'kind') this.declareKind(s, f.file);
    for (const f of this.files) for (const s of f.ast.statements) this.collect(s, f);
    this.resolveKinds();
    this.resolveControls();
    const boundaries = this.checkBoundaries();
    const data = this.dataSites.map((s) => this.checkData(s));
    const elements = this.elementSites.flatMap((s) => this.checkElement(s) ?? []);
    const flows = this.checkFlows();
    const rules = [...this.ruleDecls.values()].map(({ decl, file }) => this.checkRule(decl, file)).filter((r): r is ThreatRuleDef => r !== undefined);
    const mitigations: Mitigation[] = [];
    const acceptances: Acceptance[] = [];
    const notApplicable: NotApplicable[] = [];
    const waivers: Waiver[] = [];
    for (const f of this.files) {
      for (const s of f.ast.statements) {
        if (s.kind === 'mitigate') {
          const target = this.threatRef(s.target, f.file);
          if (s.control && !this.controls.has(s.control.name)) this.unknownControl(s.control, f.file);
          if (target) mitigations.push({ target, ...(s.control ? { control: s.control.name } : {}), ...(s.text ? { text: s.text.value } : {}), source: sourceRef(f.file, s.span) });
        } else if (s.kind === 'accept') {
          const target = this.threatRef(s.target, f.file);
          const okDate = this.checkDate(s.until, f.file);
          if (s.owner.value.trim() === '') this.error('WD2030', f.file, s.owner.span, 'an acceptance needs an owner', 'name the team or person who owns the risk');
          if (s.reason.value.trim() === '') this.error('WD2030', f.file, s.reason.span, 'an acceptance needs a reason', 'say why the risk is acceptable');
          if (target && okDate) acceptances.push({ target, owner: s.owner.value, until: s.until.value, reason: s.reason.value, source: sourceRef(f.file, s.span) });
        } else if (s.kind === 'notApplicable') {
          const target = this.threatRef(s.target, f.file);
          if (target) notApplicable.push({ target, reason: s.reason.value, source: sourceRef(f.file, s.span) });
        } else if (s.kind === 'waive') {
          const okDate = this.checkDate(s.until, f.file);
          if (s.check.value.trim() === '') this.error('WD2030', f.file, s.check.span, 'a waiver needs a check id', 'e.g. waive "K8S-013" for "deployment/legacy" ...');
          if (okDate)
            waivers.push({ check: s.check.value, resource: s.resource.value, owner: s.owner.value, until: s.until.value, reason: s.reason.value, source: sourceRef(f.file, s.span) });
        }
      }
    }
    const model = this.checkModelInfo();
    const kinds: Record<string, KindDef> = {};
    for (const k of [...this.kinds.keys()].sort()) kinds[k] = this.kinds.get(k)!;
    const resolved: ResolvedModel = {
      schemaVersion: MODEL_SCHEMA_VERSION,
      file: this.entry?.file ?? '',
      files: this.resolutionOrder,
      model,
      kinds,
      data,
      boundaries,
      elements,
      flows,
      controls: [...this.controls.values()],
      rules,
      mitigations,
      acceptances,
      notApplicable,
      waivers,
    };
    return { model: resolved, diagnostics: this.diags };
  }

  // ---------------------------------------------------------------------------------------------
  // Pass 1 and 2: declarations

  private declareKind(s: A.KindDecl, file: string): void {
    const prev = this.kindDecls.get(s.name.name);
    if (prev) {
      this.error('WD2002', file, s.name.span, `kind "${s.name.name}" is already declared`, 'rename one of them', [
        { message: 'first declared here', file: prev.file, span: prev.decl.name.span },
      ]);
      return;
    }
    this.kindDecls.set(s.name.name, { decl: s, file });
  }

  private declareName(what: NameWhat, id: A.Ident, file: string): boolean {
    const prev = this.names.get(id.name);
    if (prev) {
      this.error(
        'WD2002',
        file,
        id.span,
        `"${id.name}" is already declared as ${WHAT_LABEL[prev.what]}`,
        'names of elements, flows, data assets and boundaries share one namespace; rename one of them',
        [{ message: 'first declared here', file: prev.file, span: prev.span }],
      );
      return false;
    }
    this.names.set(id.name, { what, name: id.name, file, span: id.span });
    return true;
  }

  private collect(s: A.Statement, f: LoadedFile, boundary?: { name: string }): void {
    switch (s.kind) {
      case 'model':
        if (f !== this.entry) {
          this.warn('WD2027', f.file, s.span, 'model declaration in an imported file is ignored', 'only the entry file names the model');
        } else if (this.modelDecl) {
          this.error('WD2002', f.file, s.name.span, 'the model is already declared', 'keep one model declaration per entry file', [
            { message: 'first declared here', file: this.modelDecl.file, span: this.modelDecl.decl.name.span },
          ]);
        } else this.modelDecl = { decl: s, file: f.file };
        return;
      case 'data':
        if (this.declareName('data', s.name, f.file)) this.dataSites.push({ decl: s, file: f.file });
        return;
      case 'element':
        if (this.declareName('element', s.name, f.file)) {
          this.elementSites.push({ decl: s, file: f.file, boundary: boundary?.name });
          this.elementKind.set(s.name.name, s.kindName.name);
        }
        return;
      case 'flow':
        if (s.name && !this.declareName('flow', s.name, f.file)) return;
        this.flowSites.push({ decl: s, file: f.file });
        return;
      case 'boundary': {
        const ok = this.declareName('boundary', s.name, f.file);
        const attributes: A.Attribute[] = [];
        const site: BoundarySite = {
          decl: s,
          file: f.file,
          parent: s.parent?.name ?? boundary?.name,
          parentSpan: s.parent?.span,
          attributes,
        };
        if (ok) this.boundarySites.push(site);
        for (const m of s.members) {
          if (m.kind !== 'attribute') {
            this.collect(m, f, ok ? { name: s.name.name } : boundary);
            continue;
          }
          // `actor Customer` inside a boundary block parses like an attribute; a kind name with a
          // bare name after it is an element.
          if (!Object.hasOwn(BOUNDARY_ATTRS, m.name.name) && this.kindDecls.has(m.name.name) && m.value.kind === 'ident') {
            const el: A.ElementDecl = { kind: 'element', kindName: m.name, name: { name: m.value.name, span: m.value.span }, attributes: [], span: m.span };
            this.collect(el, f, ok ? { name: s.name.name } : boundary);
          } else attributes.push(m);
        }
        return;
      }
      case 'control': {
        const prev = this.controlDecls.get(s.name.name);
        if (prev) {
          this.error('WD2002', f.file, s.name.span, `control "${s.name.name}" is already declared`, 'rename one of them', [
            { message: 'first declared here', file: prev.file, span: prev.decl.name.span },
          ]);
        } else this.controlDecls.set(s.name.name, { decl: s, file: f.file });
        return;
      }
      case 'threat': {
        const prev = this.ruleDecls.get(s.name.name);
        if (prev) {
          this.error('WD2002', f.file, s.name.span, `threat rule "${s.name.name}" is already declared`, 'rule ids are global; rename one of them', [
            { message: 'first declared here', file: prev.file, span: prev.decl.name.span },
          ]);
        } else this.ruleDecls.set(s.name.name, { decl: s, file: f.file });
        return;
      }
      default:
        return;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Pass 3: kinds and controls

  private resolveKinds(): void {
    const visiting = new Set<string>();
    const resolveOne = (name: string): KindDef | undefined => {
      const done = this.kinds.get(name);
      if (done) return done;
      const entry = this.kindDecls.get(name);
      if (!entry) return undefined;
      const { decl, file } = entry;
      if (visiting.has(name)) {
        this.error('WD2023', file, decl.extends?.span ?? decl.name.span, `kind "${name}" extends itself through a cycle`, 'break the cycle of extends');
        return undefined;
      }
      visiting.add(name);
      let parent: KindDef | undefined;
      let base: BaseKind;
      if (decl.extends) {
        if (!this.kindDecls.has(decl.extends.name)) {
          this.error('WD2023', file, decl.extends.span, `kind "${name}" extends unknown kind "${decl.extends.name}"`, this.suggest(decl.extends.name, this.kindDecls.keys()));
          visiting.delete(name);
          return undefined;
        }
        parent = resolveOne(decl.extends.name);
        if (!parent) {
          visiting.delete(name);
          return undefined;
        }
        base = parent.base;
      } else if ((BASE_KINDS as readonly string[]).includes(name)) {
        base = name as BaseKind;
      } else {
        this.error('WD2023', file, decl.name.span, `kind "${name}" must extend another kind`, 'only actor, process, store and flow are base kinds; write `kind ' + name + ' extends process { ... }`');
        visiting.delete(name);
        return undefined;
      }
      const attributes: Record<string, AttrDef> = { ...(parent?.attributes ?? {}) };
      let requiresBoundary = parent?.requiresBoundary ?? false;
      let doc: string | undefined;
      const own = new Map<string, Span>();
      for (const it of decl.items) {
        if (it.kind === 'requiresBoundary') requiresBoundary = true;
        else if (it.kind === 'attribute') {
          if (it.name.name === 'doc' && it.value.kind === 'string') doc = it.value.value;
          else if (it.name.name === 'doc') this.typeError(file, it.value, 'string', 'doc');
          else this.error('WD2003', file, it.name.span, `unknown item "${it.name.name}" in kind declaration`, this.suggest(it.name.name, ['doc', 'attr', 'requires']) ?? 'a kind holds doc "...", requires boundary and attr lines');
        } else {
          const prevOwn = own.get(it.name.name);
          if (prevOwn) {
            this.error('WD2010', file, it.name.span, `attribute "${it.name.name}" is declared twice in kind "${name}"`, undefined, [{ message: 'first declared here', file, span: prevOwn }]);
            continue;
          }
          own.set(it.name.name, it.name.span);
          if (it.name.name === 'controls') {
            this.error('WD2024', file, it.name.span, '"controls" is built in and cannot be declared', 'every element and flow accepts controls [...]');
            continue;
          }
          const valueType = this.typeOf(it.type, file);
          if (!valueType) continue;
          const inherited = Object.hasOwn(attributes, it.name.name) ? attributes[it.name.name] : undefined;
          if (inherited && describeType(inherited.valueType) !== describeType(valueType)) {
            this.error(
              'WD2024',
              file,
              it.type.span,
              `attribute "${it.name.name}" is inherited as ${describeType(inherited.valueType)} and cannot become ${describeType(valueType)}`,
              'a sub-kind may change an inherited attribute\'s default or make it required, not its type',
            );
            continue;
          }
          const def = it.default ? this.value(it.default, valueType, file, it.name.name) : undefined;
          attributes[it.name.name] = {
            name: it.name.name,
            valueType,
            ...(def ? { default: def } : inherited?.default ? { default: inherited.default } : {}),
            required: it.required || (inherited?.required ?? false),
            source: sourceRef(file, it.span),
          };
        }
      }
      const kd: KindDef = {
        name,
        ...(decl.extends ? { extends: decl.extends.name } : {}),
        base,
        requiresBoundary,
        attributes,
        ...(doc !== undefined ? { doc } : {}),
        source: sourceRef(file, decl.span),
      };
      visiting.delete(name);
      this.kinds.set(name, kd);
      return kd;
    };
    // Attribute types may name kinds (`ref<workload>`); those are checked against the declarations.
    for (const name of this.kindDecls.keys()) resolveOne(name);
  }

  /** `string`, `enum(a, b)`, `list<T>`, `ref<element>` ... to an AttrType. */
  private typeOf(t: A.TypeExpr, file: string): AttrType | undefined {
    const n = t.name.name;
    const simple = ['string', 'number', 'bool', 'date'];
    const bad = (msg: string, hint?: string) => {
      this.error('WD2025', file, t.span, msg, hint);
      return undefined;
    };
    if (simple.includes(n)) {
      if (t.members || t.of) return bad(`type "${n}" takes no arguments`);
      return { type: n as 'string' };
    }
    if (n === 'enum') {
      if (!t.members || t.members.length === 0) return bad('enum needs its members: enum(a, b, c)');
      const seen = new Set<string>();
      for (const m of t.members) {
        if (seen.has(m.name)) this.error('WD2025', file, m.span, `enum member "${m.name}" is listed twice`);
        seen.add(m.name);
      }
      return { type: 'enum', members: [...seen] };
    }
    if (n === 'list') {
      if (!t.of) return bad('list needs its element type: list<string>');
      const of = this.typeOf(t.of, file);
      return of ? { type: 'list', of } : undefined;
    }
    if (n === 'ref') {
      if (!t.of || t.of.of || t.of.members) return bad('ref needs a target: ref<element>, ref<data>, ref<boundary>, ref<control> or ref<KindName>');
      const to = t.of.name.name;
      if (to === 'element' || to === 'data' || to === 'boundary' || to === 'control') return { type: 'ref', to };
      if (this.kindDecls.has(to)) return { type: 'ref', to: 'element', kind: to };
      return bad(`unknown reference target "${to}"`, this.suggest(to, ['element', 'data', 'boundary', 'control', ...this.kindDecls.keys()]));
    }
    return bad(`unknown type "${n}"`, this.suggest(n, [...simple, 'enum', 'list', 'ref']) ?? 'types: string number bool date enum(a, b) list<T> ref<element|data|boundary|control|Kind>');
  }

  private resolveControls(): void {
    for (const [id, { decl, file }] of this.controlDecls) {
      const params: ControlParam[] = [];
      let description: string | undefined;
      let policies: string[] = [];
      let mitigates: StrideCategory[] = [];
      let phase: Phase | undefined;
      let profile: ControlProfile | undefined;
      let title = decl.title?.value;
      const seen = new Map<string, Span>();
      for (const it of decl.items) {
        const key = it.name.name;
        const prev = seen.get(key);
        if (prev) {
          this.error('WD2010', file, it.name.span, `"${key}" is given twice`, undefined, [{ message: 'first given here', file, span: prev }]);
          continue;
        }
        seen.set(key, it.name.span);
        if (it.kind === 'paramDecl') {
          const valueType = this.typeOf(it.type, file);
          if (!valueType) continue;
          if (valueType.type === 'ref' && valueType.to !== 'control') {
            // Params may name model things; they are resolved like attributes.
          }
          const def = it.default ? this.value(it.default, valueType, file, key) : undefined;
          params.push({ name: key, valueType, ...(def ? { default: def } : {}), ...(it.required ? { required: true } : {}) });
          continue;
        }
        const v = it.value;
        switch (key) {
          case 'description':
          case 'title':
            if (v.kind !== 'string') this.typeError(file, v, 'string', key);
            else if (key === 'title') title = v.value;
            else description = v.value;
            break;
          case 'policies': {
            const r = this.value(v, { type: 'list', of: { type: 'string' } }, file, key);
            if (r?.type === 'list') policies = r.items.map((i) => (i.type === 'string' ? i.value : ''));
            break;
          }
          case 'mitigates':
            mitigates = this.categoryList(v, file);
            break;
          case 'phase':
            phase = this.enumOf(v, PHASES, file, 'phase') as Phase | undefined;
            break;
          case 'profile':
            profile = this.enumOf(v, CONTROL_PROFILES, file, 'profile') as ControlProfile | undefined;
            break;
          default:
            this.error('WD2003', file, it.name.span, `unknown field "${key}" in control "${id}"`, this.suggest(key, ['description', 'title', 'policies', 'mitigates', 'phase', 'profile', 'param']) ?? 'a control has description, policies, mitigates, phase, profile and param lines');
        }
      }
      if (!phase) {
        this.error('WD2009', file, decl.name.span, `control "${id}" needs a phase`, `add: phase ${PHASES.join('|')}`);
        phase = 'plan';
      }
      this.controls.set(id, { id, title: title ?? id, ...(description !== undefined ? { description } : {}), policies, mitigates, phase, ...(profile ? { profile } : {}), params, source: sourceRef(file, decl.span) });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Pass 4: values

  private typeError(file: string, v: A.Value, expected: string, attr: string, hint?: string): void {
    const got = v.kind === 'ident' ? `name "${v.name}"` : v.kind === 'call' ? `control call ${v.name.name}(...)` : v.kind === 'threatId' ? 'threat id' : v.kind;
    this.error('WD2004', file, v.span, `"${attr}" expects ${expected}, got ${got}`, hint);
  }

  private enumOf(v: A.Value, members: readonly string[], file: string, attr: string): string | undefined {
    if (v.kind !== 'ident') {
      this.typeError(file, v, `one of ${members.join(', ')}`, attr, v.kind === 'string' && members.includes(v.value) ? `write ${v.value} without quotes` : undefined);
      return undefined;
    }
    if (!members.includes(v.name)) {
      this.error('WD2005', file, v.span, `"${v.name}" is not a valid ${attr}`, this.suggest(v.name, members, `expected one of: ${members.join(', ')}`));
      return undefined;
    }
    return v.name;
  }

  private categoryList(v: A.Value, file: string): StrideCategory[] {
    const items = v.kind === 'list' ? v.items : [v];
    if (v.kind !== 'list') {
      this.typeError(file, v, 'a list of STRIDE categories', 'mitigates', 'write [tampering, elevationOfPrivilege]');
      return [];
    }
    const out: StrideCategory[] = [];
    for (const i of items) {
      const c = this.enumOf(i, STRIDE, file, 'STRIDE category');
      if (c) out.push(c as StrideCategory);
    }
    return out;
  }

  private checkDate(d: { value: string; span: Span }, file: string): boolean {
    if (isValidDate(d.value)) return true;
    this.error('WD2006', file, d.span, `${d.value} is not a valid date`, 'dates are yyyy-mm-dd and must name a real day');
    return false;
  }

  /** Checks `v` against `t`; returns the typed value, or undefined after reporting why not. */
  private value(v: A.Value, t: AttrType, file: string, attr: string): AttrValue | undefined {
    switch (t.type) {
      case 'string':
        if (v.kind === 'string') return { type: 'string', value: v.value };
        this.typeError(file, v, 'a string', attr, v.kind === 'ident' ? `write "${v.name}" in quotes` : undefined);
        return undefined;
      case 'number':
        if (v.kind === 'number') return { type: 'number', value: v.value };
        this.typeError(file, v, 'a number', attr);
        return undefined;
      case 'bool':
        if (v.kind === 'bool') return { type: 'bool', value: v.value };
        this.typeError(file, v, 'true or false', attr, v.kind === 'string' && (v.value === 'true' || v.value === 'false') ? `write ${v.value} without quotes` : undefined);
        return undefined;
      case 'date':
        if (v.kind === 'date') return this.checkDate(v, file) ? { type: 'date', value: v.value } : undefined;
        this.typeError(file, v, 'a date (yyyy-mm-dd)', attr, v.kind === 'string' ? 'write the date without quotes' : undefined);
        return undefined;
      case 'enum': {
        const m = this.enumOf(v, t.members, file, attr);
        return m !== undefined ? { type: 'enum', value: m } : undefined;
      }
      case 'list': {
        if (v.kind !== 'list') {
          this.typeError(file, v, `a list of ${describeType(t.of)}`, attr, v.kind !== 'call' ? `write [${sourceOfSimple(v)}]` : undefined);
          return undefined;
        }
        // Every item is checked (each reports its own error); map keeps the array exactly as long as the list.
        let ok = true;
        const items = v.items.map((i) => {
          const r = this.value(i, t.of, file, attr);
          if (!r) ok = false;
          return r;
        });
        return ok ? { type: 'list', items: items as AttrValue[] } : undefined;
      }
      case 'ref':
        return this.ref(v, t, file, attr);
    }
  }

  private ref(v: A.Value, t: Extract<AttrType, { type: 'ref' }>, file: string, attr: string): AttrValue | undefined {
    const expected = t.kind ? `an element of kind ${t.kind}` : WHAT_LABEL[t.to];
    if (v.kind !== 'ident') {
      this.typeError(file, v, `a reference to ${expected}`, attr, v.kind === 'string' ? `write ${v.value} without quotes` : undefined);
      return undefined;
    }
    if (t.to === 'control') {
      if (this.controls.has(v.name) || this.controlDecls.has(v.name)) return { type: 'ref', target: v.name, targetKind: 'control' };
      this.unknownControl({ name: v.name, span: v.span }, file);
      return undefined;
    }
    const n = this.names.get(v.name);
    const want: NameWhat = t.to === 'element' ? 'element' : t.to;
    if (!n) {
      const cands = [...this.names.values()].filter((x) => x.what === want).map((x) => x.name);
      this.error('WD2007', file, v.span, `unknown ${want === 'data' ? 'data asset' : want} "${v.name}"`, this.suggest(v.name, cands, `declare it, e.g. \`${want === 'data' ? 'data' : want === 'boundary' ? 'boundary' : 'process'} ${v.name} { ... }\``));
      return undefined;
    }
    if (n.what !== want) {
      this.error('WD2008', file, v.span, `"${v.name}" is ${WHAT_LABEL[n.what]}, but "${attr}" expects ${WHAT_LABEL[want]}`, undefined, [
        { message: `"${v.name}" is declared here`, file: n.file, span: n.span },
      ]);
      return undefined;
    }
    if (t.kind) {
      const k = this.elementKind.get(v.name);
      if (k && !this.isSubKind(k, t.kind)) {
        this.error('WD2008', file, v.span, `"${v.name}" is a ${k}, but "${attr}" expects ${expected}`, undefined, [{ message: `"${v.name}" is declared here`, file: n.file, span: n.span }]);
        return undefined;
      }
    }
    return { type: 'ref', target: v.name, targetKind: t.to };
  }

  private isSubKind(k: string, of: string): boolean {
    for (let cur: string | undefined = k, n = 0; cur && n < 64; n++) {
      if (cur === of) return true;
      cur = this.kinds.get(cur)?.extends;
    }
    return false;
  }

  private unknownControl(id: A.Ident, file: string): void {
    this.error('WD2014', file, id.span, `unknown control "${id.name}"`, this.suggest(id.name, this.controlDecls.keys(), 'controls are declared with `control name { ... }` (see models/warden/controls)'));
  }

  /** A block of attributes checked against a table of definitions; `controls [...]` handled when allowed. */
  private attributes(
    attrs: readonly A.Attribute[],
    defs: Record<string, AttrDef | { valueType: AttrType; required?: boolean; default?: AttrValue }>,
    file: string,
    owner: string,
    allowControls: boolean,
  ): { values: Record<string, AttrValue>; controls: ControlUse[]; given: ReadonlyMap<string, Span> } {
    const values: Record<string, AttrValue> = {};
    const controls: ControlUse[] = [];
    const given = new Map<string, Span>();
    for (const a of attrs) {
      const key = a.name.name;
      const prev = given.get(key);
      if (prev) {
        this.error('WD2010', file, a.name.span, `attribute "${key}" is given twice`, 'keep one', [{ message: 'first given here', file, span: prev }]);
        continue;
      }
      given.set(key, a.name.span);
      if (key === 'controls' && allowControls) {
        controls.push(...this.controlUses(a.value, file));
        continue;
      }
      const def = Object.hasOwn(defs, key) ? defs[key] : undefined;
      if (!def) {
        const names = Object.keys(defs).concat(allowControls ? ['controls'] : []);
        // `process B` read as an attribute of the block above usually means that block lacks its `}`.
        const hint = this.kindDecls.has(key) ? `"${key}" is a kind: is a closing } missing before this line?` : undefined;
        this.error('WD2003', file, a.name.span, `unknown attribute "${key}" on ${owner}`, hint ?? this.suggest(key, names, `known attributes: ${names.sort().join(', ')}`));
        continue;
      }
      const v = this.value(a.value, def.valueType, file, key);
      if (v) values[key] = v;
    }
    return { values, controls, given };
  }

  private withDefaults(values: Record<string, AttrValue>, defs: Record<string, AttrDef>, given: ReadonlyMap<string, unknown>, file: string, span: Span, owner: string): Record<string, AttrValue> {
    const out: Record<string, AttrValue> = {};
    let names = sortedNames.get(defs);
    if (!names) sortedNames.set(defs, (names = Object.keys(defs).sort()));
    for (const name of names) {
      const d = defs[name];
      if (values[name]) out[name] = values[name];
      else if (d.default) out[name] = d.default;
      else if (d.required && !given.has(name)) this.error('WD2009', file, span, `${owner} is missing required attribute "${name}"`, `add: ${name} <${describeType(d.valueType)}>`);
    }
    return out;
  }

  private controlUses(v: A.Value, file: string): ControlUse[] {
    if (v.kind !== 'list') {
      this.typeError(file, v, 'a list of controls', 'controls', 'write controls [nonRoot, trustedRegistry("registry.example")]');
      return [];
    }
    const out: ControlUse[] = [];
    const seen = new Set<string>();
    const profiles: Array<{ profile: ControlProfile | 'all'; span: Span }> = [];
    for (const item of v.items) {
      const profile = this.profileUse(item, file);
      if (profile !== undefined) {
        if (profile) profiles.push({ profile, span: item.span });
        continue;
      }
      const id = item.kind === 'ident' ? { name: item.name, span: item.span } : item.kind === 'call' ? item.name : undefined;
      if (!id) {
        this.typeError(file, item, 'a control name', 'controls');
        continue;
      }
      const def = this.controls.get(id.name);
      if (!def) {
        this.unknownControl(id, file);
        continue;
      }
      if (seen.has(id.name)) this.warn('WD2010', file, id.span, `control "${id.name}" is listed twice`);
      seen.add(id.name);
      const args = this.controlArgs(def, item.kind === 'call' ? item.args : [], item.span, file);
      if (args) out.push({ control: id.name, args, source: sourceRef(file, item.span) });
    }
    // A profile adds its controls with their default arguments; a control also listed by name keeps
    // the listed arguments (so `[profile(restricted), trustedRegistry("r.example")]` narrows one).
    for (const { profile, span } of profiles) {
      for (const def of [...this.controls.values()].filter((c) => inProfile(c, profile)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
        if (seen.has(def.id)) continue;
        seen.add(def.id);
        const args = this.controlArgs(def, [], span, file);
        if (args) out.push({ control: def.id, args, source: sourceRef(file, span) });
      }
    }
    return out;
  }

  /**
   * `profile(baseline|restricted|all)` inside `controls [...]`: the named profile, `null` when it is
   * written wrong (reported), undefined when the item is not a profile (a control named `profile`
   * wins, so a library that declares one keeps it).
   */
  private profileUse(item: A.Value, file: string): ControlProfile | 'all' | null | undefined {
    if (item.kind !== 'call' || item.name.name !== 'profile' || this.controls.has('profile')) return undefined;
    const names = [...CONTROL_PROFILES, 'all'];
    const arg = item.args.length === 1 ? item.args[0]! : undefined;
    const name = arg?.kind === 'ident' ? arg.name : arg?.kind === 'string' ? arg.value : undefined;
    if (name === undefined || !names.includes(name)) {
      const span = arg?.span ?? item.span;
      this.error('WD2015', file, span, `profile(...) takes one profile name: ${names.join(', ')}`, this.suggest(name ?? '', names) ?? 'write controls [profile(restricted)]');
      return null;
    }
    return name as ControlProfile | 'all';
  }

  /**
   * Arguments are positional. A trailing `list<T>` parameter is variadic: `trustedRegistry("a", "b")`
   * and `trustedRegistry(["a", "b"])` mean the same. Parameters are optional unless declared
   * `required param`; a missing argument takes the parameter's default. `args` in the model stops
   * at the first parameter that has neither an argument nor a default, so positions stay meaningful.
   */
  private controlArgs(def: ControlDef, args: readonly A.Value[], span: Span, file: string): AttrValue[] | undefined {
    const ps = def.params;
    const last = ps[ps.length - 1];
    const variadic = last?.valueType.type === 'list';
    const sig = `${def.id}(${ps.map((p) => `${p.name}: ${describeType(p.valueType)}`).join(', ')})`;
    const arity = (message: string) => {
      this.error('WD2015', file, span, message, ps.length === 0 ? `write ${def.id} without parentheses` : `write ${sig}`);
      return undefined;
    };
    if (!variadic && args.length > ps.length)
      return arity(`control "${def.id}" takes ${ps.length === 0 ? 'no arguments' : `at most ${ps.length} argument${ps.length > 1 ? 's' : ''}`}, got ${args.length}`);
    const out: AttrValue[] = [];
    let ok = true;
    let open = true;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i];
      const given = variadic && i === ps.length - 1 ? args.slice(i) : args[i] !== undefined ? [args[i]] : [];
      if (given.length === 0) {
        if (p.required) return arity(`control "${def.id}" needs its "${p.name}" argument`);
        if (p.default && open) out.push(p.default);
        else open = false;
        continue;
      }
      if (variadic && i === ps.length - 1 && !(given.length === 1 && given[0].kind === 'list')) {
        const of = (p.valueType as Extract<AttrType, { type: 'list' }>).of;
        const items: AttrValue[] = [];
        for (const a of given) {
          const r = this.controlArg(a, of, file, def.id, p.name);
          if (r) items.push(r);
          else ok = false;
        }
        out.push({ type: 'list', items });
        continue;
      }
      const r = this.controlArg(given[0], p.valueType, file, def.id, p.name);
      if (r) out.push(r);
      else ok = false;
    }
    return ok ? out : undefined;
  }

  private controlArg(a: A.Value, t: AttrType, file: string, control: string, param: string): AttrValue | undefined {
    const before = this.diags.length;
    // One value where a list parameter is expected means a list of one: `trustedRegistry("a.io", true)`.
    const arg: A.Value = t.type === 'list' && a.kind !== 'list' && a.kind !== 'call' ? { kind: 'list', items: [a], span: a.span } : a;
    const r = this.value(arg, t, file, `${control}(${param})`);
    // Argument type mistakes get their own code, so tooling can tell them from attribute mistakes.
    for (let i = before; i < this.diags.length; i++) if (this.diags[i].code === 'WD2004') this.diags[i].code = 'WD2016';
    return r;
  }

  // ---------------------------------------------------------------------------------------------
  // Boundaries, data, elements, flows

  private checkBoundaries(): Boundary[] {
    const sites = new Map(this.boundarySites.map((s) => [s.decl.name.name, s]));
    const parents = new Map<string, string | undefined>();
    for (const s of this.boundarySites) {
      let parent = s.parent;
      if (s.decl.parent) {
        const n = this.names.get(s.decl.parent.name);
        if (!n) {
          this.error('WD2013', s.file, s.decl.parent.span, `unknown boundary "${s.decl.parent.name}"`, this.suggest(s.decl.parent.name, sites.keys()));
          parent = undefined;
        } else if (n.what !== 'boundary') {
          this.error('WD2008', s.file, s.decl.parent.span, `"${s.decl.parent.name}" is ${WHAT_LABEL[n.what]}, not a boundary`);
          parent = undefined;
        }
      }
      parents.set(s.decl.name.name, parent);
    }
    // `in` on boundaries can form cycles; nesting by blocks cannot.
    for (const s of this.boundarySites) {
      const seen = new Set<string>();
      for (let cur: string | undefined = s.decl.name.name; cur; cur = parents.get(cur)) {
        if (seen.has(cur)) {
          this.error('WD2031', s.file, s.decl.parent?.span ?? s.decl.name.span, `boundary "${s.decl.name.name}" is nested inside itself`, 'remove one of the `in` clauses');
          parents.set(s.decl.name.name, undefined);
          break;
        }
        seen.add(cur);
      }
    }
    const own = new Map<string, { values: Record<string, AttrValue> }>();
    for (const s of this.boundarySites) {
      const { values } = this.attributes(s.attributes, BOUNDARY_ATTRS, s.file, `boundary ${s.decl.name.name}`, false);
      own.set(s.decl.name.name, { values });
    }
    const trustOf = (name: string): TrustLevel => {
      for (let cur: string | undefined = name, n = 0; cur && n < 10_000; cur = parents.get(cur), n++) {
        const t = own.get(cur)?.values.trust;
        if (t?.type === 'enum') return t.value as TrustLevel;
      }
      return 'untrusted';
    };
    return this.boundarySites.map((s) => {
      const id = s.decl.name.name;
      const values = own.get(id)!.values;
      const trust = trustOf(id);
      const ns = values.namespace;
      const parent = parents.get(id);
      return {
        id,
        title: s.decl.title?.value ?? id,
        ...(parent ? { parent } : {}),
        trust,
        trustRank: TRUST_LEVELS.indexOf(trust),
        ...(ns?.type === 'string' ? { namespace: ns.value } : {}),
        attributes: values,
        source: sourceRef(s.file, s.decl.span),
      };
    });
  }

  private checkData(s: Site<A.DataDecl>): DataAsset {
    const id = s.decl.name.name;
    const { values, given } = this.attributes(s.decl.attributes, DATA_ATTRS, s.file, `data ${id}`, false);
    if (!given.has('classification'))
      this.error('WD2009', s.file, s.decl.name.span, `data asset "${id}" needs a classification`, `add: { classification ${CLASSIFICATIONS.join('|')} }`);
    const c = values.classification;
    return {
      id,
      title: s.decl.title?.value ?? id,
      classification: (c?.type === 'enum' ? c.value : 'internal') as Classification,
      attributes: values,
      source: sourceRef(s.file, s.decl.span),
    };
  }

  private boundaryRef(parent: A.Ident | undefined, enclosing: string | undefined, file: string): string | undefined {
    if (!parent) return enclosing;
    const n = this.names.get(parent.name);
    if (!n) {
      const cands = [...this.names.values()].filter((x) => x.what === 'boundary').map((x) => x.name);
      this.error('WD2013', file, parent.span, `unknown boundary "${parent.name}"`, this.suggest(parent.name, cands, `declare it: boundary ${parent.name} { trust ... }`));
      return undefined;
    }
    if (n.what !== 'boundary') {
      this.error('WD2008', file, parent.span, `"${parent.name}" is ${WHAT_LABEL[n.what]}, not a boundary`, undefined, [{ message: 'declared here', file: n.file, span: n.span }]);
      return undefined;
    }
    return parent.name;
  }

  private unknownKind(id: A.Ident, file: string): void {
    const isFlow = id.name === 'flows' || id.name === 'Flow';
    this.error(
      'WD2001',
      file,
      id.span,
      `unknown kind "${id.name}"`,
      this.suggest(id.name, this.kindDecls.keys(), isFlow ? 'flows are written `flow A -> B`' : `declare it with \`kind ${id.name} extends ${likelyBase(id.name)} { ... }\` or import the library that has it (use "warden/kubernetes")`),
    );
  }

  private checkElement(s: ElementSite): Element | undefined {
    const d = s.decl;
    const kind = this.kinds.get(d.kindName.name);
    const boundary = this.boundaryRef(d.parent, s.boundary, s.file);
    if (!kind) {
      if (!this.kindDecls.has(d.kindName.name)) this.unknownKind(d.kindName, s.file);
      return undefined;
    }
    if (kind.base === 'flow') {
      this.error('WD2001', s.file, d.kindName.span, `"${kind.name}" is a flow kind and cannot declare an element`, 'write flows as `flow A -> B { ... }`');
      return undefined;
    }
    const owner = `${kind.name} ${d.name.name}`;
    const { values, controls, given } = this.attributes(d.attributes, kind.attributes, s.file, owner, true);
    this.bindings(d.attributes, values, s.file, owner);
    if (kind.requiresBoundary && !boundary && !d.parent)
      this.error('WD2012', s.file, d.name.span, `${owner} must be inside a boundary`, `kind ${kind.name} requires a boundary: write \`${kind.name} ${d.name.name} in <Boundary>\` or declare it inside a boundary block`);
    return {
      id: d.name.name,
      title: d.title?.value ?? d.name.name,
      kind: kind.name,
      base: kind.base as Exclude<BaseKind, 'flow'>,
      ...(boundary ? { boundary } : {}),
      attributes: this.withDefaults(values, kind.attributes, given, s.file, d.name.span, owner),
      controls,
      source: sourceRef(s.file, d.span),
    };
  }

  /**
   * `workload` and `selector` bind an element to manifests (src/model/bindings.ts): a string policy
   * derivation cannot read is an error here, with the code and message `warden policy build` would
   * give, at the value, so what validates also builds.
   */
  private bindings(attrs: readonly A.Attribute[], values: Record<string, AttrValue>, file: string, owner: string): void {
    const at = (key: string) => attrs.find((a) => a.name.name === key)?.value.span;
    const wl = values.workload;
    if (wl?.type === 'string') {
      const read = readWorkload(wl.value);
      if ('problem' in read) this.error('WD4002', file, at('workload')!, `${owner}: ${read.problem}`, WORKLOAD_HINT);
    }
    const sel = values.selector;
    if (sel?.type === 'string' && !parseSelector(sel.value)) this.error('WD4003', file, at('selector')!, `${owner}: selector "${sel.value}" is not a list of label=value pairs`, SELECTOR_HINT);
  }

  private endpoint(id: A.Ident, file: string): boolean {
    const n = this.names.get(id.name);
    if (!n) {
      const cands = [...this.names.values()].filter((x) => x.what === 'element').map((x) => x.name);
      this.error('WD2011', file, id.span, `flow endpoint "${id.name}" is not declared`, this.suggest(id.name, cands, `declare it, e.g. \`process ${id.name}\``));
      return false;
    }
    if (n.what !== 'element') {
      this.error('WD2011', file, id.span, `flow endpoint "${id.name}" is ${WHAT_LABEL[n.what]}, not an element`, 'flows connect actors, processes and stores', [
        { message: 'declared here', file: n.file, span: n.span },
      ]);
      return false;
    }
    return true;
  }

  private checkFlows(): Flow[] {
    const kind = this.kinds.get('flow');
    const counts = new Map<string, number>();
    const keyCounts = new Map<string, number>();
    // Unnamed flows per ordered pair: a pair with one flow keeps the short id `From->To`.
    const perPair = new Map<string, number>();
    for (const s of this.flowSites) if (!s.decl.name) perPair.set(`${s.decl.from.name}->${s.decl.to.name}`, (perPair.get(`${s.decl.from.name}->${s.decl.to.name}`) ?? 0) + 1);
    const out: Flow[] = [];
    for (const s of this.flowSites) {
      const d = s.decl;
      const okFrom = this.endpoint(d.from, s.file);
      const okTo = this.endpoint(d.to, s.file);
      const label = d.name ? `flow ${d.name.name}` : `flow ${d.from.name} -> ${d.to.name}`;
      const defs = kind?.attributes ?? {};
      const { values, controls, given } = this.attributes(d.attributes, defs, s.file, label, true);
      if (!okFrom || !okTo) continue;
      // NOTE(flow identity): an unnamed flow is identified by its ends and its title, never by its
      // position among the flows between the same pair, so inserting a flow above another does not
      // hand the other's threat ids (and the decisions on them) to the newcomer. `key` feeds the
      // threat ids; `id` is the short display form (the title only appears when the pair has several
      // unnamed flows). Only untitled duplicates fall back to source order (`#2`), and validate warns.
      let id = d.name?.name;
      let key = id;
      if (!id) {
        const base = `${d.from.name}->${d.to.name}`;
        const titled = d.title ? `${base} "${d.title.value}"` : base;
        const n = (keyCounts.get(titled) ?? 0) + 1;
        keyCounts.set(titled, n);
        key = n === 1 ? titled : `${titled}#${n}`;
        if ((perPair.get(base) ?? 0) === 1) id = base;
        else if (d.title) id = key;
        else {
          const m = (counts.get(base) ?? 0) + 1;
          counts.set(base, m);
          id = m === 1 ? base : `${base}#${m}`;
        }
      }
      const attributes = this.withDefaults(values, defs, given, s.file, d.from.span, label);
      const carries = attributes.carries;
      out.push({
        id,
        ...(key !== id ? { key } : {}),
        title: d.title?.value ?? id,
        kind: 'flow',
        from: d.from.name,
        to: d.to.name,
        // filter + map: the array kept in the model is exactly as long as its items.
        data: carries?.type === 'list' ? carries.items.filter((i) => i.type === 'ref').map((i) => (i as { target: string }).target) : [],
        attributes,
        controls,
        source: sourceRef(s.file, d.span),
      });
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Threat rules, threat references, model info

  private checkRule(decl: A.ThreatDecl, file: string): ThreatRuleDef | undefined {
    const id = decl.name.name;
    const seen = new Map<string, Span>();
    let appliesTo: string | undefined;
    let category: StrideCategory | undefined;
    let when: ConditionExpr | undefined;
    let severity: Severity | undefined;
    let likelihood: Level | undefined;
    let impact: Level | undefined;
    let cwe: number[] = [];
    let capec: number[] = [];
    let phase: Phase | undefined;
    let controls: string[] = [];
    let statement: string | undefined;
    let description: string | undefined;
    let bad = false;
    const fields = ['on', 'category', 'when', 'severity', 'likelihood', 'impact', 'cwe', 'capec', 'phase', 'controls', 'statement', 'description'];
    for (const it of decl.items) {
      const key = it.kind === 'when' ? 'when' : it.name.name;
      const keySpan = it.kind === 'when' ? it.span : it.name.span;
      const prev = seen.get(key);
      if (prev) {
        this.error('WD2010', file, keySpan, `"${key}" is given twice in threat rule "${id}"`, undefined, [{ message: 'first given here', file, span: prev }]);
        continue;
      }
      seen.set(key, keySpan);
      if (it.kind === 'when') {
        when = this.condition(it.cond, file);
        continue;
      }
      const v = it.value;
      const before = this.diags.length;
      switch (key) {
        case 'on':
          if (v.kind !== 'ident') this.typeError(file, v, 'a kind name', 'on');
          else if (!this.kindDecls.has(v.name)) this.unknownKind({ name: v.name, span: v.span }, file);
          else appliesTo = v.name;
          break;
        case 'category':
          category = this.enumOf(v, STRIDE, file, 'STRIDE category') as StrideCategory | undefined;
          break;
        case 'severity':
          severity = this.enumOf(v, SEVERITIES, file, 'severity') as Severity | undefined;
          break;
        case 'likelihood':
          likelihood = this.enumOf(v, LEVELS, file, 'likelihood') as Level | undefined;
          break;
        case 'impact':
          impact = this.enumOf(v, LEVELS, file, 'impact') as Level | undefined;
          break;
        case 'cwe':
        case 'capec': {
          const nums = this.idNumbers(v, file, key);
          if (key === 'cwe') cwe = nums;
          else capec = nums;
          break;
        }
        case 'phase':
          phase = this.enumOf(v, PHASES, file, 'phase') as Phase | undefined;
          break;
        case 'controls':
          if (v.kind !== 'list') this.typeError(file, v, 'a list of control names', 'controls');
          else
            for (const c of v.items) {
              if (c.kind !== 'ident') this.typeError(file, c, 'a control name', 'controls');
              else if (!this.controls.has(c.name)) this.unknownControl({ name: c.name, span: c.span }, file);
              else controls.push(c.name);
            }
          break;
        case 'statement':
        case 'description':
          if (v.kind !== 'string') this.typeError(file, v, 'a string', key);
          else if (key === 'statement') statement = v.value;
          else description = v.value;
          break;
        default:
          this.error('WD2003', file, it.name.span, `unknown field "${key}" in threat rule "${id}"`, this.suggest(key, fields, `fields: ${fields.join(', ')}`));
      }
      if (this.diags.length > before) bad = true;
    }
    const missing = (field: string, hint: string) => {
      this.error('WD2009', file, decl.name.span, `threat rule "${id}" needs "${field}"`, hint);
      bad = true;
    };
    if (!seen.has('on')) missing('on', 'add: on <kind> (actor, process, store, flow or a declared kind)');
    if (!seen.has('category')) missing('category', `add: category ${STRIDE.join('|')}`);
    if (!seen.has('phase')) missing('phase', `add: phase ${PHASES.join('|')}`);
    if (!seen.has('statement')) missing('statement', 'add: statement "An attacker ... {name} ..."');
    if (!seen.has('severity') && !(seen.has('likelihood') && seen.has('impact'))) missing('severity', 'add: severity <level>, or both likelihood and impact');
    if (bad || !appliesTo || !category || !phase || statement === undefined) return undefined;
    return {
      id,
      title: decl.title?.value ?? id,
      appliesTo,
      category,
      ...(when ? { when } : {}),
      severity: severity ?? deriveSeverity(likelihood!, impact!),
      ...(likelihood ? { likelihood } : {}),
      ...(impact ? { impact } : {}),
      cwe,
      capec,
      phase,
      controls,
      statement,
      ...(description !== undefined ? { description } : {}),
      source: sourceRef(file, decl.span),
    };
  }

  private idNumbers(v: A.Value, file: string, key: string): number[] {
    if (v.kind !== 'list') {
      this.typeError(file, v, 'a list of numbers', key, v.kind === 'number' ? `write [${v.raw}]` : undefined);
      return [];
    }
    const out: number[] = [];
    for (const i of v.items) {
      if (i.kind !== 'number' || !Number.isInteger(i.value) || i.value <= 0) {
        this.error('WD2029', file, i.span, `${key.toUpperCase()} ids are positive whole numbers`, `e.g. ${key} [${key === 'cwe' ? 306 : 151}]`);
        continue;
      }
      out.push(i.value);
    }
    return out;
  }

  /** Syntax to ConditionExpr; not type-checked here (the threat engine owns the condition language). */
  private condition(c: A.Cond, file: string): ConditionExpr {
    const source = sourceRef(file, c.span);
    switch (c.kind) {
      case 'and':
      case 'or':
        return { op: c.kind, args: c.args.map((a) => this.condition(a, file)), source };
      case 'not':
        return { op: 'not', arg: this.condition(c.arg, file), source };
      case 'compare':
        if (c.op === 'in') return { op: 'in', left: this.condition(c.left, file), right: this.condition(c.right, file), source };
        return { op: c.op, left: this.condition(c.left, file), right: this.condition(c.right, file), source };
      case 'paren':
        return this.condition(c.inner, file);
      case 'path':
        return { op: 'path', path: c.path.map((p) => p.name), source };
      case 'call':
        return { op: 'call', name: c.name.name, args: c.args.map((a) => this.condition(a, file)), source };
      case 'list':
        return { op: 'list', items: c.items.map((i) => this.condition(i, file)), source };
      case 'literal': {
        const v = c.value;
        const value: AttrValue =
          v.kind === 'string' || v.kind === 'threatId'
            ? { type: 'string', value: v.value }
            : v.kind === 'number'
              ? { type: 'number', value: v.value }
              : v.kind === 'bool'
                ? { type: 'bool', value: v.value }
                : { type: 'date', value: (v as { value: string }).value };
        return { op: 'literal', value, source };
      }
    }
  }

  private threatRef(t: A.ThreatRefNode, file: string): ThreatRef | undefined {
    if (t.kind === 'id') return { kind: 'id', id: t.id };
    const n = this.names.get(t.element.name);
    let ok = true;
    if (!n || (n.what !== 'element' && n.what !== 'flow')) {
      const cands = [...this.names.values()].filter((x) => x.what === 'element' || x.what === 'flow').map((x) => x.name);
      this.error(
        'WD2018',
        file,
        t.element.span,
        n ? `"${t.element.name}" is ${WHAT_LABEL[n.what]}; threats belong to elements and named flows` : `unknown element or flow "${t.element.name}"`,
        n ? undefined : this.suggest(t.element.name, cands, 'name a declared element, or a flow declared as `flow Name: A -> B`'),
      );
      ok = false;
    }
    if (!(STRIDE as readonly string[]).includes(t.category.name)) {
      this.error('WD2017', file, t.category.span, `"${t.category.name}" is not a STRIDE category`, this.suggest(t.category.name, STRIDE, `categories: ${STRIDE.join(', ')}`));
      ok = false;
    }
    if (t.rule && !this.ruleDecls.has(t.rule.name)) {
      this.error('WD2032', file, t.rule.span, `unknown threat rule "${t.rule.name}"`, this.suggest(t.rule.name, this.ruleDecls.keys()));
      ok = false;
    }
    if (!ok) return undefined;
    return { kind: 'category', element: t.element.name, category: t.category.name as StrideCategory, ...(t.rule ? { rule: t.rule.name } : {}) };
  }

  private checkModelInfo(): ResolvedModel['model'] {
    const m = this.modelDecl;
    if (!m) {
      const file = this.entry?.file ?? '';
      const name = file.replace(/^.*[\\/]/, '').replace(/\.warden$/, '') || 'model';
      if (this.entry && !this.entry.stdlib)
        this.warn('WD2026', file, { line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0 }, 'the model has no name', 'start the file with: model "My system" { owner "team" }');
      return { name, attributes: {}, source: { file, line: 1, column: 1, endLine: 1, endColumn: 1 } };
    }
    const { values } = this.attributes(m.decl.attributes, MODEL_ATTRS, m.file, 'model', false);
    return { name: m.decl.name.value, attributes: values, source: sourceRef(m.file, m.decl.span) };
  }
}

/** Attribute names of a kind, sorted once (the resolved attributes are written in name order). */
const sortedNames = new WeakMap<object, string[]>();

function deriveSeverity(l: Level, i: Level): Severity {
  const score = LEVELS.indexOf(l) + LEVELS.indexOf(i);
  return (['low', 'low', 'medium', 'high', 'critical'] as const)[score];
}

function sourceOfSimple(v: A.Value): string {
  switch (v.kind) {
    case 'ident':
      return v.name;
    case 'string':
      return JSON.stringify(v.value);
    case 'number':
      return v.raw;
    case 'bool':
      return String(v.value);
    case 'date':
    case 'threatId':
      return v.value;
    default:
      return '...';
  }
}

/** Whether a control belongs to a profile: restricted includes baseline; all is every control that names checks. */
export function inProfile(c: ControlDef, profile: ControlProfile | 'all'): boolean {
  if (c.policies.length === 0) return false;
  if (profile === 'all') return true;
  return c.profile === 'baseline' || (profile === 'restricted' && c.profile === 'restricted');
}

/**
 * The base kind an unknown kind name most likely means, for the hint of WD2001: data at rest is a
 * store, someone or something outside the model is an actor, anything else runs (a process).
 */
export function likelyBase(name: string): 'actor' | 'process' | 'store' {
  const n = name.toLowerCase();
  if (/(store|database|^db$|db$|datastore|bucket|cache|queue|table|disk|file|vault|registry|repo|blob|lake|warehouse|index)/.test(n)) return 'store';
  if (/(actor|external|entity|user|person|human|client|browser|customer|partner|party|admin|operator|device)/.test(n)) return 'actor';
  return 'process';
}
