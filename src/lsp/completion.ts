// Completion from the text before the cursor (the AST of a half-typed line is not to be trusted):
//   at the start of a statement     keywords and element kinds
//   after `in`                      boundaries
//   after `flow`, `flow A ->`       elements
//   after `mitigate|accept|notApplicable`   elements and named flows; after `X.` STRIDE categories
//   inside `{ }` at a name          the attributes of the block's kind (or model, data, boundary)
//   inside `{ }` at a value         the attribute's enum members, booleans, or the names it refers to
import { BOUNDARY_ATTRS, DATA_ATTRS, describeType, MODEL_ATTRS } from '../dsl/builtins.js';
import { KEYWORDS } from '../dsl/keywords.js';
import { STRIDE, type AttrType } from '../model/types.js';
import type { Analysis } from './analysis.js';
import type { SymbolKind } from './symbols.js';

export type ItemKind = 'keyword' | 'kind' | 'attribute' | 'value' | 'element' | 'boundary' | 'data' | 'control' | 'flow' | 'category';

export interface Candidate {
  label: string;
  kind: ItemKind;
  detail?: string;
  documentation?: string;
}

const STATEMENT_KEYWORDS = KEYWORDS.filter((k) => ['model', 'use', 'data', 'boundary', 'flow', 'kind', 'control', 'threat', 'mitigate', 'accept', 'notApplicable', 'waive'].includes(k));

/** The innermost `{` not closed before `offset`, skipping strings and comments. */
function openBrace(text: string, offset: number): number | undefined {
  const stack: number[] = [];
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < offset && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < offset && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 || end >= offset ? offset : end + 1;
    } else if (c === '{') stack.push(i);
    else if (c === '}') stack.pop();
  }
  return stack.at(-1);
}

/** The words of a block header (`workload Api "Payments API" in Payments {`): the statement keyword and name. */
function header(text: string, brace: number): { head: string; name?: string } {
  const lineStart = text.lastIndexOf('\n', brace - 1) + 1;
  const words = text.slice(lineStart, brace).trim().split(/\s+/);
  return { head: words[0] ?? '', name: words[1] };
}

/** Items of a block segment before the cursor: complete names and values, and whether a `[` or `(` is still open. */
function items(segment: string): { done: string[]; open: boolean } {
  const done: string[] = [];
  let depth = 0;
  const re = /"(?:[^"\\\n]|\\.)*"?|[A-Za-z_][\w.-]*|-?\d[\w.:-]*|[[\](),]|\S/g;
  for (const m of segment.matchAll(re)) {
    const t = m[0];
    if (t === '[' || t === '(') {
      if (depth === 0 && t === '(' && done.length > 0) done.pop(); // `name(` continues the value `name`
      depth++;
      if (depth === 1) done.push(t);
    } else if (t === ']' || t === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) done.push(t);
  }
  return { done, open: depth > 0 };
}

function attrsOf(analysis: Analysis, head: string): Record<string, { valueType: AttrType; doc?: string }> | undefined {
  if (head === 'model') return MODEL_ATTRS;
  if (head === 'data') return DATA_ATTRS;
  if (head === 'boundary') return BOUNDARY_ATTRS;
  const kind = analysis.model?.kinds[head];
  return kind ? { ...kind.attributes, controls: { valueType: { type: 'list', of: { type: 'ref', to: 'control' } }, doc: 'controls applied (built in)' } } : undefined;
}

function named(analysis: Analysis, kind: SymbolKind, itemKind: ItemKind): Candidate[] {
  if (kind === 'control') return (analysis.model?.controls ?? []).map((c) => ({ label: c.id, kind: itemKind, detail: c.title }));
  return analysis.symbols.names(kind).map((label) => ({ label, kind: itemKind }));
}

function valuesOf(analysis: Analysis, t: AttrType): Candidate[] {
  switch (t.type) {
    case 'enum':
      return t.members.map((label) => ({ label, kind: 'value' as const }));
    case 'bool':
      return ['true', 'false'].map((label) => ({ label, kind: 'value' as const }));
    case 'list':
      return valuesOf(analysis, t.of);
    case 'ref':
      return named(analysis, t.to, t.to === 'control' ? 'control' : t.to);
    default:
      return [];
  }
}

function kinds(analysis: Analysis): Candidate[] {
  return Object.values(analysis.model?.kinds ?? {})
    .filter((k) => k.base !== 'flow' || k.name === 'flow')
    .map((k) => ({ label: k.name, kind: 'kind' as const, detail: k.extends ? `kind extends ${k.extends}` : 'base kind', documentation: k.doc }));
}

function statementStart(analysis: Analysis): Candidate[] {
  const kw = STATEMENT_KEYWORDS.map((label) => ({ label, kind: 'keyword' as const }));
  return [...kw, ...kinds(analysis).filter((k) => !STATEMENT_KEYWORDS.includes(k.label as never))];
}

/** Completion candidates at `offset` of the analysed text. */
export function complete(analysis: Analysis, offset: number): Candidate[] {
  const text = analysis.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const typed = /[A-Za-z_][\w-]*$/.exec(before)?.[0] ?? '';
  const lead = before.slice(0, before.length - typed.length);
  const dotted = /\b([A-Za-z_][\w-]*)\.$/.exec(lead);
  if (dotted && /^\s*(mitigate|accept|notApplicable)\s/.test(lead)) return STRIDE.map((label) => ({ label, kind: 'category' as const }));
  if (/\bin\s+$/.test(lead) && !/[{]/.test(lead)) return named(analysis, 'boundary', 'boundary');
  if (/^\s*flow\s+$/.test(lead) || /^\s*flow\s+\S+\s*->\s*$/.test(lead)) return named(analysis, 'element', 'element');
  if (/^\s*(mitigate|accept|notApplicable)\s+$/.test(lead)) return [...named(analysis, 'element', 'element'), ...named(analysis, 'flow', 'flow')];
  const brace = openBrace(text, offset - typed.length);
  if (brace === undefined) return /^\s*$/.test(lead) ? statementStart(analysis) : [];
  const { head } = header(text, brace);
  const attrs = attrsOf(analysis, head === 'flow' ? 'flow' : head);
  // The part of the block on this line (or since the brace, if it is on this line).
  const segment = text.slice(Math.max(brace + 1, lineStart), offset - typed.length);
  const { done, open } = items(segment);
  const atName = !open && done.length % 2 === 0;
  if (atName) {
    const own = Object.entries(attrs ?? {}).map(([label, a]) => ({ label, kind: 'attribute' as const, detail: describeType(a.valueType), documentation: a.doc }));
    // A boundary block also holds nested boundaries, elements and flows.
    return head === 'boundary' && done.length === 0 ? [...own, ...statementStart(analysis).filter((c) => c.kind === 'kind' || ['boundary', 'flow', 'data'].includes(c.label))] : own;
  }
  const attrName = open ? done[done.length - 2] : done[done.length - 1];
  const attr = attrName !== undefined ? attrs?.[attrName] : undefined;
  return attr ? valuesOf(analysis, attr.valueType) : [];
}

/**
 * The attribute named at `offset` inside a block (`protocol` in `flow A -> B { protocol https }`),
 * with its declaration, for hover; undefined when the word there is not an attribute of the block.
 */
export function attributeAt(analysis: Analysis, offset: number): { name: string; type: string; doc?: string; start: number; end: number } | undefined {
  const text = analysis.text;
  let start = offset;
  let end = offset;
  while (start > 0 && /[\w-]/.test(text[start - 1])) start--;
  while (end < text.length && /[\w-]/.test(text[end])) end++;
  const word = text.slice(start, end);
  if (!/^[A-Za-z_]/.test(word)) return undefined;
  const brace = openBrace(text, start);
  if (brace === undefined) return undefined;
  const attr = attrsOf(analysis, header(text, brace).head)?.[word];
  return attr ? { name: word, type: describeType(attr.valueType), doc: attr.doc, start, end } : undefined;
}
