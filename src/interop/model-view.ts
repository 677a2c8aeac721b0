// Read helpers over a ResolvedModel and its threat register for the exports: attribute values as
// plain JS, kind ancestry, which rules are Warden's own (standard library and STRIDE baseline) and
// which the model declared, and located warnings at model lines.
import { isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/index.js';
import { stdlibDir } from '../dsl/index.js';
import type { AttrValue, Element, Flow, KindDef, ResolvedModel, SourceRef } from '../model/types.js';
import type { Threat, ThreatRegister } from '../threats/types.js';
import { CODES } from './common.js';

export interface ExportResult {
  text: string;
  diagnostics: Diagnostic[];
}

/** An attribute value as plain JSON (enum members and references as their names). */
export function plain(v: AttrValue | undefined): unknown {
  if (!v) return undefined;
  switch (v.type) {
    case 'ref':
      return v.target;
    case 'list':
      return v.items.map(plain);
    default:
      return v.value;
  }
}

export const attrStr = (e: { attributes: Record<string, AttrValue> }, name: string): string | undefined => {
  const v = plain(e.attributes[name]);
  return typeof v === 'string' ? v : undefined;
};
export const attrBool = (e: { attributes: Record<string, AttrValue> }, name: string): boolean | undefined => {
  const v = plain(e.attributes[name]);
  return typeof v === 'boolean' ? v : undefined;
};
export const attrList = (e: { attributes: Record<string, AttrValue> }, name: string): string[] => {
  const v = plain(e.attributes[name]);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};

/** The kind and its ancestors, nearest first: `webService, component, process`. */
export function ancestry(model: ResolvedModel, kind: string): string[] {
  const out: string[] = [];
  for (let k: string | undefined = kind; k && !out.includes(k); k = model.kinds[k]?.extends) out.push(k);
  return out;
}

/** Whether a rule is Warden's own (the STRIDE baseline or a standard-library rule) rather than one the model declares. */
export function isWardenRule(model: ResolvedModel, rule: string): boolean {
  if (rule.startsWith('stride.')) return true;
  const def = model.rules.find((r) => r.id === rule);
  if (!def) return true;
  const rel = relative(stdlibDir, resolve(def.source.file));
  // A model exported as JSON elsewhere names the library by that machine's path: its layout tells.
  return (!rel.startsWith('..') && !isAbsolute(rel)) || /[\\/]models[\\/]warden[\\/]/.test(def.source.file);
}

export function threatsOf(register: ThreatRegister | undefined, targetId: string): Threat[] {
  return (register?.threats ?? []).filter((t) => t.target.id === targetId);
}

/** The text that decided a threat's status (the reason of an acceptance, the mitigation text or control). */
export function decisionText(t: Threat): string {
  if (t.notApplicable) return t.notApplicable.reason;
  if (t.status === 'accepted' && t.acceptance) return t.acceptance.reason;
  const ev = t.evidence.map((e) => ('text' in e && e.text) || ('control' in e && e.control ? `control ${e.control}` : '')).filter(Boolean);
  return ev.join('; ');
}

export class ExportWarnings {
  readonly list: Diagnostic[] = [];
  warn(source: SourceRef | undefined, message: string, hint?: string): void {
    const s = source ?? { file: '<model>', line: 1, column: 1, endLine: 1, endColumn: 1 };
    this.list.push({
      code: CODES.approximated,
      severity: 'warning',
      message,
      file: s.file,
      span: { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn, offset: 0, endOffset: 0 },
      ...(hint ? { hint } : {}),
    });
  }
}

/** Elements and flows by id. */
export function indexModel(model: ResolvedModel): { elements: Map<string, Element>; flows: Map<string, Flow> } {
  return { elements: new Map(model.elements.map((e) => [e.id, e])), flows: new Map(model.flows.map((f) => [f.id, f])) };
}

/** A Warden name as an id of a format that allows letters, digits and hyphens. */
export const hyphenId = (name: string): string => name.replace(/[^A-Za-z0-9-]+/g, '-');

/**
 * The attributes written on a model object as plain JSON values, sorted by name, without `skip`
 * and without values the kind gives by default (the import gets them from the kind again); tags
 * starting with `tagPrefix` (a format's own carried values) are left out.
 */
export function ownAttributes(attrs: Record<string, AttrValue>, skip: ReadonlySet<string>, kind?: KindDef, tagPrefix?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(attrs).sort()) {
    if (skip.has(k)) continue;
    const dflt = kind?.attributes[k]?.default;
    if (dflt && JSON.stringify(dflt) === JSON.stringify(attrs[k])) continue;
    const v = k === 'tags' && tagPrefix ? attrList({ attributes: attrs }, 'tags').filter((t) => !t.startsWith(tagPrefix)) : plain(attrs[k]);
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}
