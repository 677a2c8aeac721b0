// Derivation: from a resolved model and its threat register to the Rego bundle that enforces the
// model's promises on manifests.
//
// NOTE(safety): nothing the model author writes (names, titles, workload strings, control
// arguments) is ever pasted into Rego source as code. Model facts travel as JSON in `data.warden`;
// the only model-derived text in the generated module is inside METADATA comments, written as JSON
// string literals (JSON escapes quotes, backslashes and line breaks, so a title cannot end the
// comment line and start a rule). Check package names in the generated source come from the
// library's own `package` lines and are validated against a strict pattern.
//
// The data document (`data.warden`):
//   params[checkId]        control arguments, e.g. params["K8S-030"].registries = ["contoso.azurecr.io"]
//   enforce[checkId][eid]  {controls, threats, file, line}: element eid promises the check
//   model.elements[eid]    {id, kind, base, boundary, namespace, workload: {kind, name}, selector, exposure, binding, file, line}
//   model.flows[]          {id, from, to, file, line}
//   model.namespaces[ns]   {boundary, internet}: namespaces bound to boundaries
//   model.boundaries[id]   {file, line}: where each boundary is declared (for findings on it)
//   drift[checkId]         {threats: {eid: [...]}}: threats a drift finding on an element relates to
import { parseSelector, parseWorkload, readWorkload, SELECTOR_HINT, WORKLOAD_HINT } from '../model/bindings.js';
import type { Diagnostic, Result, Span } from '../diagnostics/index.js';
import type { AttrValue, Element, ResolvedModel, SourceRef, StrideCategory } from '../model/types.js';
import type { Threat, ThreatRegister } from '../threats/types.js';
import { loadLibrary, type CheckInfo, type PolicyLibrary, type RegoModule } from './library.js';

/** Entry point the evaluator queries: the joined, traced findings. */
export const FINDINGS_ENTRYPOINT = 'warden/main/findings';
export const MAIN_MODULE_FILE = 'generated/warden/main.rego';

export interface DeriveOptions {
  /** The policy library (default: Warden's own `policies/`). */
  library?: PolicyLibrary;
  /**
   * false: no drift checks (they compare manifests with a model; a model synthesized from the
   * manifests themselves would only confirm them). Default true.
   */
  drift?: boolean;
  /**
   * false: the generated METADATA gives the number of elements per check instead of their ids (a
   * model synthesized with one element per workload would otherwise write megabytes of ids into
   * the source the compiler parses). Default true.
   */
  traceElements?: boolean;
  /**
   * true: every resource is covered by every element that enforces a check, instead of by the
   * elements bound to it (a run without a model applies one profile to everything, so one element
   * stands for all of them). Default false: join by bindings.
   */
  coverAll?: boolean;
}

export interface ElementData {
  id: string;
  title: string;
  kind: string;
  base: string;
  boundary: string;
  namespace: string;
  workload: { kind: string; name: string } | Record<string, never>;
  selector: Record<string, string>;
  exposure: string;
  /** The binding as written (`deployment/payments-api`, `selector app=x`), for messages. */
  binding: string;
  file: string;
  line: number;
}

export interface EnforceEntry {
  controls: string[];
  threats: string[];
  file: string;
  line: number;
}

export interface WardenData {
  params: Record<string, Record<string, unknown>>;
  enforce: Record<string, Record<string, EnforceEntry>>;
  model: {
    name: string;
    elements: Record<string, ElementData>;
    flows: Array<{ id: string; from: string; to: string; file: string; line: number }>;
    namespaces: Record<string, { boundary: string; internet: boolean }>;
    boundaries: Record<string, { file: string; line: number }>;
  };
  drift: Record<string, { threats: Record<string, string[]> }>;
}

/** What `warden policy build` writes as manifest.json: the traceability map of the bundle. */
export interface BundleManifest {
  model: string;
  entrypoints: string[];
  modules: string[];
  controls: Array<{ control: string; checks: string[]; elements: Array<{ element: string; threats: string[]; file: string; line: number }> }>;
  /** Everything a report says about each check, so a bundle can be checked with alone (`warden check --bundle`). */
  checks: Array<CheckInfo & { controls: string[]; threats: string[] }>;
}

export interface DerivedBundle {
  modules: RegoModule[];
  data: { warden: WardenData };
  entrypoints: string[];
  /** Every check the bundle can report (library checks enforced by the model, and the drift checks). */
  checks: CheckInfo[];
  manifest: BundleManifest;
  library: PolicyLibrary;
}

const STRIDE_LETTER: Record<StrideCategory, string> = {
  spoofing: 'S',
  tampering: 'T',
  repudiation: 'R',
  informationDisclosure: 'I',
  denialOfService: 'D',
  elevationOfPrivilege: 'E',
};

const PACKAGE_NAME = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/;

function spanOf(src: SourceRef): Span {
  return { line: src.line, column: src.column, endLine: src.endLine, endColumn: src.endColumn, offset: 0, endOffset: 0 };
}

function attrString(v: AttrValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.type === 'string' || v.type === 'enum' || v.type === 'date') return v.value;
  return undefined;
}

/** The values of two lists, each once, in the order of their JSON text. */
function sortedUnion(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  return [...new Set([...a, ...b].map((x) => JSON.stringify(x)))].sort().map((x) => JSON.parse(x) as unknown);
}

/** An attribute value as plain JSON for `data.warden.params`. */
export function attrToJson(v: AttrValue): unknown {
  switch (v.type) {
    case 'list':
      return v.items.map(attrToJson);
    case 'ref':
      return v.target;
    default:
      return v.value;
  }
}

/** Namespace of an element: its own `namespace` attribute, else the nearest boundary that binds one. */
function namespaceOf(model: ResolvedModel, e: Element): string {
  const own = attrString(e.attributes.namespace);
  if (own) return own;
  const byId = new Map(model.boundaries.map((b) => [b.id, b]));
  const seen = new Set<string>();
  let b = e.boundary ? byId.get(e.boundary) : undefined;
  while (b && !seen.has(b.id)) {
    if (b.namespace) return b.namespace;
    seen.add(b.id);
    b = b.parent ? byId.get(b.parent) : undefined;
  }
  return '';
}

/**
 * Threats on `target` that the control answers: threats whose evidence names it, or that list it as
 * a candidate control; failing both, the target's threats in a STRIDE category the control
 * mitigates (the baseline STRIDE threats name no candidate controls).
 */
function threatsForControl(threats: readonly Threat[], target: string, control: string, mitigates: readonly StrideCategory[]): string[] {
  const mine = threats.filter((t) => t.target.id === target);
  const direct = mine.filter((t) => t.controls.includes(control) || t.evidence.some((e) => e.kind !== 'code' && e.control === control));
  const chosen = direct.length > 0 ? direct : mine.filter((t) => mitigates.includes(t.category));
  return [...new Set(chosen.map((t) => t.id))].sort();
}

/** JSON string literal for METADATA comments: escapes quotes, backslashes, line breaks and U+2028/9. */
function metaString(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function metaList(items: readonly string[]): string {
  return `[${items.map(metaString).join(', ')}]`;
}

export { parseSelector, parseWorkload };

export function derivePolicy(model: ResolvedModel, register: ThreatRegister, options: DeriveOptions = {}): Result<DerivedBundle> {
  const diagnostics: Diagnostic[] = [];
  let library = options.library;
  if (!library) {
    const lib = loadLibrary();
    diagnostics.push(...lib.diagnostics);
    library = lib.value;
  }
  const controlsById = new Map(model.controls.map((c) => [c.id, c]));
  const childrenOf = new Map<string, string[]>();
  for (const b of model.boundaries) if (b.parent) childrenOf.set(b.parent, [...(childrenOf.get(b.parent) ?? []), b.id]);

  // Elements, with their binding to manifests.
  const elements: Record<string, ElementData> = {};
  for (const e of model.elements) {
    const namespace = namespaceOf(model, e);
    const wl = attrString(e.attributes.workload);
    const sel = attrString(e.attributes.selector);
    let workload: ElementData['workload'] = {};
    let selector: Record<string, string> = {};
    let ns = namespace;
    if (wl !== undefined) {
      // The checker reports these first (a model that validates has none); kept for resolved models
      // that come from elsewhere (the API, a JSON export).
      const read = readWorkload(wl);
      if ('problem' in read) {
        diagnostics.push({ code: 'WD4002', severity: 'error', message: `element ${e.id}: ${read.problem}`, file: e.source.file, span: spanOf(e.source), hint: WORKLOAD_HINT });
      } else {
        workload = { kind: read.value.kind, name: read.value.name };
        if (read.value.namespace) ns = read.value.namespace;
      }
    }
    if (sel !== undefined) {
      const parsed = parseSelector(sel);
      if (!parsed) {
        diagnostics.push({
          code: 'WD4003',
          severity: 'error',
          message: `element ${e.id}: selector "${sel}" is not a list of label=value pairs`,
          file: e.source.file,
          span: spanOf(e.source),
          hint: SELECTOR_HINT,
        });
      } else selector = parsed;
    }
    elements[e.id] = {
      id: e.id,
      title: e.title,
      kind: e.kind,
      base: e.base,
      boundary: e.boundary ?? '',
      namespace: ns,
      workload,
      selector,
      exposure: attrString(e.attributes.exposure) ?? '',
      binding: wl ?? (sel !== undefined ? `selector ${sel}` : ''),
      file: e.source.file,
      line: e.source.line,
    };
  }

  // Namespaces bound to boundaries; a boundary is on the internet if an element in it (or below) is.
  const namespaces: WardenData['model']['namespaces'] = {};
  const internetIn = (boundary: string): boolean => {
    const pending = [boundary];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const b = pending.pop()!;
      if (seen.has(b)) continue;
      seen.add(b);
      if (model.elements.some((e) => e.boundary === b && attrString(e.attributes.exposure) === 'internet')) return true;
      pending.push(...(childrenOf.get(b) ?? []));
    }
    return false;
  };
  for (const b of model.boundaries) {
    if (!b.namespace) continue;
    if (namespaces[b.namespace]) {
      diagnostics.push({
        code: 'WD4007',
        severity: 'warning',
        message: `namespace "${b.namespace}" is bound to both boundary ${namespaces[b.namespace].boundary} and ${b.id}; the first is used`,
        file: b.source.file,
        span: spanOf(b.source),
      });
      continue;
    }
    namespaces[b.namespace] = { boundary: b.id, internet: internetIn(b.id) };
  }

  // Control uses: which checks each element promises, with which parameters.
  const params: WardenData['params'] = {};
  const enforce: WardenData['enforce'] = {};
  const manifestControls = new Map<string, BundleManifest['controls'][number]>();
  for (const e of model.elements) {
    for (const use of e.controls) {
      const def = controlsById.get(use.control);
      if (!def || def.policies.length === 0) continue; // process controls, or unknown (the checker reports those)
      const known = def.policies.filter((id) => library!.checks.has(id));
      for (const id of def.policies) {
        if (!library.checks.has(id)) {
          diagnostics.push({
            code: 'WD4001',
            severity: 'warning',
            message: `control ${def.id} names policy check ${id}, which the policy library does not have`,
            file: def.source.file,
            span: spanOf(def.source),
            hint: 'the check is skipped; see docs/policies.md for the library',
          });
        }
      }
      const el = elements[e.id];
      // Checks on workflows and Dockerfiles (policies/pipeline) need no binding to manifests.
      const onManifests = known.length === 0 || known.some((id) => !library!.checks.get(id)!.file.startsWith('policies/pipeline/'));
      if (onManifests && !el.namespace && !el.workload.kind && Object.keys(el.selector).length === 0) {
        diagnostics.push({
          code: 'WD4006',
          severity: 'warning',
          message: `control ${def.id} on ${e.id} cannot be checked on manifests: ${e.id} has no workload, selector or namespace`,
          file: use.source.file,
          span: spanOf(use.source),
          hint: `bind it with workload "deployment/<name>", or place it in a boundary with a namespace`,
        });
      }
      // Parameters: positional arguments to the control's declared params.
      if (use.args.length > def.params.length) {
        diagnostics.push({
          code: 'WD4004',
          severity: 'warning',
          message: `control ${def.id} takes ${def.params.length} argument${def.params.length === 1 ? '' : 's'}, ${use.args.length} given; the extra ones are ignored`,
          file: use.source.file,
          span: spanOf(use.source),
        });
      }
      def.params.forEach((p, k) => {
        const arg = use.args[k] ?? p.default;
        if (!arg) return;
        let value = attrToJson(arg);
        if (p.valueType.type === 'list' && !Array.isArray(value)) value = [value];
        for (const id of known) {
          const slot = (params[id] ??= {});
          const prev = slot[p.name];
          // A list is a set of values, kept sorted: one element's list and the union of several
          // elements' lists (the library reads one value) read the same way in messages.
          if (prev === undefined) slot[p.name] = Array.isArray(value) ? sortedUnion([], value) : value;
          else if (Array.isArray(prev) && Array.isArray(value)) slot[p.name] = sortedUnion(prev, value);
          else if (JSON.stringify(prev) !== JSON.stringify(value)) {
            diagnostics.push({
              code: 'WD4005',
              severity: 'warning',
              message: `parameter ${p.name} of check ${id} is given different values on different elements; the first (${JSON.stringify(prev)}) is used`,
              file: use.source.file,
              span: spanOf(use.source),
            });
          }
        }
      });
      const threats = threatsForControl(register.threats, e.id, def.id, def.mitigates);
      for (const id of known) {
        const slot = (enforce[id] ??= {});
        const entry = (slot[e.id] ??= { controls: [], threats: [], file: use.source.file, line: use.source.line });
        if (!entry.controls.includes(def.id)) entry.controls.push(def.id);
        entry.threats = [...new Set([...entry.threats, ...threats])].sort();
      }
      const mc = manifestControls.get(def.id) ?? { control: def.id, checks: known, elements: [] };
      mc.elements.push({ element: e.id, threats, file: use.source.file, line: use.source.line });
      manifestControls.set(def.id, mc);
    }
  }

  // Drift findings relate to the threats on the element (or flow) they name, in the check's STRIDE letters.
  const driftChecks = options.drift === false ? [] : [...library.checks.values()].filter((c) => c.family === 'drift').sort((a, b) => (a.id < b.id ? -1 : 1));
  const drift: WardenData['drift'] = {};
  for (const c of driftChecks) {
    const byTarget: Record<string, string[]> = {};
    for (const t of register.threats) {
      if (!c.stride.includes(STRIDE_LETTER[t.category])) continue;
      (byTarget[t.target.id] ??= []).push(t.id);
    }
    for (const k of Object.keys(byTarget)) byTarget[k] = [...new Set(byTarget[k])].sort();
    drift[c.id] = { threats: byTarget };
  }

  const enforcedIds = Object.keys(enforce).sort();
  const enforcedChecks = enforcedIds.map((id) => library!.checks.get(id)!);
  for (const c of enforcedChecks) {
    if (!PACKAGE_NAME.test(c.package)) throw new Error(`library check ${c.id} has an invalid package name "${c.package}"`);
  }
  const main = generateMain(model, enforcedChecks, driftChecks, enforce, options.traceElements !== false, options.coverAll === true);
  const modules: RegoModule[] = [
    ...library.libModules,
    ...enforcedChecks.map((c) => library!.checkModules.get(c.id)!),
    ...library.driftModules,
    { file: MAIN_MODULE_FILE, source: main },
  ];

  const data: WardenData = {
    params: sortKeys(params),
    enforce: sortKeys(Object.fromEntries(Object.entries(enforce).map(([k, v]) => [k, sortKeys(v)]))),
    model: {
      name: model.model.name,
      elements: sortKeys(elements),
      flows: model.flows.map((f) => ({ id: f.id, from: f.from, to: f.to, file: f.source.file, line: f.source.line })),
      namespaces: sortKeys(namespaces),
      boundaries: sortKeys(Object.fromEntries(model.boundaries.map((b) => [b.id, { file: b.source.file, line: b.source.line }]))),
    },
    drift,
  };
  const checks = [...enforcedChecks, ...driftChecks];
  const manifest: BundleManifest = {
    model: model.model.name,
    entrypoints: [FINDINGS_ENTRYPOINT],
    modules: modules.map((m) => m.file),
    controls: [...manifestControls.values()].sort((a, b) => (a.control < b.control ? -1 : 1)),
    checks: checks.map((c) => ({
      id: c.id,
      title: c.title,
      description: c.description,
      severity: c.severity,
      family: c.family,
      stride: c.stride,
      ...(c.remediation ? { remediation: c.remediation } : {}),
      aliases: c.aliases,
      file: c.file,
      package: c.package,
      controls: [...new Set(Object.values(enforce[c.id] ?? {}).flatMap((e) => e.controls))].sort(),
      threats: [...new Set(Object.values(enforce[c.id] ?? {}).flatMap((e) => e.threats))].sort(),
    })),
  };
  return { value: { modules, data: { warden: data }, entrypoints: [FINDINGS_ENTRYPOINT], checks, manifest, library }, diagnostics };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The generated top-level package. One `findings` definition per enforced library check (so each
 * carries METADATA naming its controls, elements and threats), and one per drift check.
 */
function generateMain(model: ResolvedModel, enforced: readonly CheckInfo[], drift: readonly CheckInfo[], enforce: WardenData['enforce'], traceElements: boolean, coverAll: boolean): string {
  const elementsMeta = (ids: string[]): string => (traceElements ? `#   elements: ${metaList(ids)}` : `#   elementCount: ${ids.length}`);
  const allThreats = [...new Set(Object.values(enforce).flatMap((byEl) => Object.values(byEl).flatMap((e) => e.threats)))].sort();
  const allElements = [...new Set(Object.values(enforce).flatMap((byEl) => Object.keys(byEl)))].sort();
  const out: string[] = [
    '# Generated by `warden policy build`; do not edit. Model facts live in data.warden (data.json),',
    '# never in this source: only check package names from the policy library appear below.',
    '# METADATA',
    '# title: Findings of the threat model, traced to threats and model lines',
    '# custom:',
    `#   model: ${metaString(model.model.name)}`,
    elementsMeta(allElements),
    `#   threats: ${metaList(allThreats)}`,
    'package warden.main',
    '',
    'import data.warden.model.bindings',
    '',
  ];
  for (const c of enforced) {
    const byEl = enforce[c.id];
    const controls = [...new Set(Object.values(byEl).flatMap((e) => e.controls))].sort();
    const threats = [...new Set(Object.values(byEl).flatMap((e) => e.threats))].sort();
    out.push(
      '# METADATA',
      `# title: ${metaString(`${c.id}: ${c.title}`)}`,
      '# custom:',
      `#   check: ${metaString(c.id)}`,
      `#   controls: ${metaList(controls)}`,
      elementsMeta(Object.keys(byEl).sort()),
      `#   threats: ${metaList(threats)}`,
      'findings contains finding if {',
      `\tsome raw in data.${c.package}.deny`,
      coverAll ? '\tsome eid, _ in data.warden.enforce[raw.check]' : '\tsome eid in bindings.covering(raw.resource)',
      '\tuse := data.warden.enforce[raw.check][eid]',
      '\tfinding := {',
      '\t\t"check": raw.check, "severity": raw.severity, "msg": raw.msg,',
      '\t\t"resource": raw.resource, "path": raw.path,',
      '\t\t"element": eid, "controls": use.controls, "threats": use.threats,',
      '\t\t"modelFile": use.file, "modelLine": use.line, "flow": "", "boundary": "",',
      '\t}',
      '}',
      '',
    );
  }
  for (const c of drift) {
    out.push(
      '# METADATA',
      `# title: ${metaString(`${c.id}: ${c.title}`)}`,
      '# custom:',
      `#   check: ${metaString(c.id)}`,
      '#   drift: true',
      'findings contains finding if {',
      `\tsome raw in data.${c.package}.deny`,
      '\tfinding := {',
      '\t\t"check": raw.check, "severity": raw.severity, "msg": raw.msg,',
      '\t\t"resource": raw.resource, "path": raw.path,',
      '\t\t"element": raw.element, "controls": [], "threats": drift_threats(raw),',
      '\t\t"modelFile": "", "modelLine": 0, "flow": raw.flow, "boundary": raw.boundary,',
      '\t}',
      '}',
      '',
    );
  }
  out.push(
    '# Threats a drift finding relates to: those on the element or flow it names, in its STRIDE letters.',
    'drift_threats(raw) := ts if {',
    '\ttarget := drift_target(raw)',
    '\tts := object.get(data.warden.drift[raw.check].threats, target, [])',
    '}',
    '',
    'drift_threats(raw) := [] if not drift_target(raw)',
    '',
    'drift_target(raw) := raw.flow if raw.flow != ""',
    '',
    'drift_target(raw) := raw.element if {',
    '\traw.flow == ""',
    '\traw.element != ""',
    '}',
    '',
  );
  return out.join('\n');
}
