// Modelling mistakes that are legal DSL but almost always wrong, reported as warnings by
// `warden validate` (WD3030-WD3035). None of them stops threats from being derived; each says what
// the engine will assume and how to state it explicitly.
import type { Diagnostic } from '../diagnostics/index.js';
import type { AttrValue, Element, Flow, ResolvedModel, SourceRef } from './types.js';
import { deriveFacts, isProxy } from './derive.js';

/** A threat a decision landed on, with the decision's source line (see lintDecisions). */
export interface DecidedThreat {
  id: string;
  target: { kind: 'element' | 'flow'; id: string };
  decision: SourceRef;
}

function warning(code: string, message: string, source: SourceRef, hint: string): Diagnostic {
  return {
    code,
    severity: 'warning',
    message,
    file: source.file,
    span: { line: source.line, column: source.column, endLine: source.endLine, endColumn: source.endColumn, offset: 0, endOffset: 0 },
    hint,
  };
}

const describe = (f: Flow) => (f.title !== f.id ? `flow "${f.title}" (${f.from} -> ${f.to})` : `flow ${f.id}`);

function collectData(v: AttrValue, into: Set<string>): void {
  if (v.type === 'ref' && v.targetKind === 'data') into.add(v.target);
  else if (v.type === 'list') for (const i of v.items) collectData(i, into);
}

/** WD3030: exposure the engine derives from an incoming flow, not stated on the element. */
function derivedExposure(model: ResolvedModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map(model.elements.map((e) => [e.id, e]));
  const flows = new Map(model.flows.map((f) => [f.id, f]));
  const rank = new Map(model.boundaries.map((b) => [b.id, b.trustRank]));
  for (const fact of deriveFacts(model).facts) {
    if (fact.attribute !== 'exposure') continue;
    const e = byId.get(fact.element)!;
    const f = flows.get(fact.because)!;
    // Defaults are merged into attributes: only a value other than the kind's default was surely written.
    const value = e.attributes.exposure?.type === 'enum' ? e.attributes.exposure.value : undefined;
    const fallback = model.kinds[e.kind]?.attributes.exposure?.default;
    const stated = value !== undefined && !(fallback?.type === 'enum' && fallback.value === value) ? value : undefined;
    const src = byId.get(f.from);
    const proxied = src !== undefined && isProxy(model, src) && src.boundary !== undefined && (rank.get(src.boundary) ?? 0) > 0;
    if (proxied) {
      // Behind an internet-facing proxy: informational, the usual shape of a web application.
      out.push({
        ...warning('WD3030', `${e.id} is reached from the internet through ${src.id} (${describe(f)}), so the threat rules treat it as internet-facing${stated ? ` (it says \`exposure ${stated}\`)` : ''}`, e.source, `state \`exposure internet\` on ${e.id} to make this explicit`),
        severity: 'info',
      });
      continue;
    }
    out.push(
      warning(
        'WD3030',
        `${e.id} receives ${describe(f)} from ${src?.boundary ?? 'outside every boundary'} (untrusted), so the threat rules treat it as exposed to the internet${stated ? ` (it says \`exposure ${stated}\`)` : ''}`,
        e.source,
        `state \`exposure internet\` on ${e.id}, or put ${f.from} in a trusted boundary if the flow does not come from the internet`,
      ),
    );
  }
  return out;
}

/** WD3031 self-loops, WD3032 duplicate flows (unnamed, same ends, same title or both untitled). */
function flowMistakes(model: ResolvedModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byKey = new Map(model.flows.map((f) => [f.key ?? f.id, f]));
  for (const f of model.flows) {
    if (f.from === f.to) {
      out.push(warning('WD3031', `${describe(f)} goes from ${f.from} to itself`, f.source, 'a flow connects two elements; model the parts of the element as separate elements, or remove the flow'));
    }
    // The checker suffixes `#n` only to an unnamed flow identical (ends and title) to an earlier one.
    const m = /^(.*)#\d+$/.exec(f.key ?? f.id);
    const first = m ? byKey.get(m[1]) : undefined;
    if (!first) continue;
    const at = first.source;
    out.push({
      ...warning('WD3032', `${describe(f)} duplicates the flow declared on line ${at.line}: same ends and title`, f.source, 'merge the two flows, or give each a distinct title or a name (`flow Name: A -> B`) so decisions on its threats stay attached to it'),
      related: [{ message: 'first declared here', file: at.file, span: { line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, offset: 0, endOffset: 0 } }],
    });
  }
  return out;
}

/** WD3033 elements without any flow, WD3034 data assets nothing stores, handles or carries. */
function unused(model: ResolvedModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  const connected = new Set(model.flows.flatMap((f) => [f.from, f.to]));
  const referenced = new Set<string>();
  for (const e of model.elements) for (const v of Object.values(e.attributes)) collectData(v, referenced);
  for (const e of model.elements) for (const v of Object.values(e.attributes)) if (v.type === 'ref' && v.targetKind === 'element') connected.add(v.target);
  for (const f of model.flows) for (const d of f.data) referenced.add(d);
  for (const e of model.elements) {
    if (!connected.has(e.id) && isOwnModel(model, e)) {
      out.push(warning('WD3033', `${e.id} has no flows`, e.source, `connect ${e.id} with \`flow ${e.id} -> Other\` (or \`flow Other -> ${e.id}\`); an element nothing talks to gets only generic threats, or remove it`));
    }
  }
  for (const d of model.data) {
    if (!referenced.has(d.id) && d.source.file === model.file) {
      out.push(warning('WD3034', `data asset ${d.id} is not carried by any flow nor stored or handled by any element`, d.source, `add it to a flow's \`carries [${d.id}]\` or a store's \`stores [${d.id}]\`, or remove it`));
    }
  }
  return out;
}

const isOwnModel = (model: ResolvedModel, e: Element) => e.source.file === model.file;

/**
 * WD3035: a decision on a threat of a flow whose identity falls back to its position among
 * identical flows (`#2`): inserting another such flow above it would move the decision.
 */
export function lintDecisions(model: ResolvedModel, decided: readonly DecidedThreat[]): Diagnostic[] {
  const flows = new Map(model.flows.map((f) => [f.id, f]));
  const out: Diagnostic[] = [];
  for (const t of decided) {
    const f = t.target.kind === 'flow' ? flows.get(t.target.id) : undefined;
    if (!f || !/#\d+$/.test(f.key ?? f.id)) continue;
    out.push(warning('WD3035', `the decision on ${t.id} is attached to ${describe(f)}, which is told apart from an identical flow only by its position`, t.decision, `name the flow (\`flow Name: ${f.from} -> ${f.to}\`) or give it a distinct title`));
  }
  return out;
}

/** Every modelling warning of a resolved model (WD3030-WD3034). */
export function lintModel(model: ResolvedModel): Diagnostic[] {
  return [...derivedExposure(model), ...flowMistakes(model), ...unused(model)];
}
