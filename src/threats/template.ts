// Statement templates: `{placeholder}` holes filled from the element or flow a threat is about, so
// each threat reads as a full sentence without the diagram. A placeholder is any path the
// condition language accepts on the rule's kind (`{name}`, `{title}`, `{from}`, `{to.boundary}`,
// `{data}`, `{assets}`, `{exposure}`); unknown ones are WD3010 errors when the rule is checked.
import type { SourceRef } from '../model/types.js';
import type { ConditionCompiler, StaticType, Value } from './conditions.js';

export type Template = (scope: Value) => string;

const HOLE = /\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}/g;

/** Compiles a template; unknown placeholders are reported (WD3010) and render as written. */
export function compileTemplate(text: string, scope: StaticType, compiler: ConditionCompiler, source: SourceRef): Template {
  const parts: (string | ((v: Value) => string))[] = [];
  let last = 0;
  for (const m of text.matchAll(HOLE)) {
    parts.push(text.slice(last, m.index));
    last = m.index! + m[0].length;
    const field = compiler.compilePath(m[1].split('.'), scope, source, 'WD3010');
    if (!field) {
      parts.push(m[0]);
      continue;
    }
    const { get, type } = field;
    parts.push((v) => render(get(v), type));
  }
  parts.push(text.slice(last));
  const fixed = parts.filter((p) => p !== '');
  if (fixed.every((p) => typeof p === 'string')) {
    const s = fixed.join('');
    return () => s;
  }
  return (v) => {
    let out = '';
    for (const p of fixed) out += typeof p === 'string' ? p : p(v);
    return out;
  };
}

/** Human text for a value: entities by title, lists as "a, b and c", missing values spelled out. */
export function render(v: Value, type: StaticType): string {
  if (type.t === 'list') {
    const items = (Array.isArray(v) ? v : []).map((i: Value) => render(i, type.of));
    // Empty lists read as a noun phrase that fits wherever the list would ("reaching undeclared data").
    if (items.length === 0) return type.of.t === 'data' ? 'undeclared data' : type.of.t === 'flow' ? 'flows the model does not list' : 'elements the model does not list';
    if (items.length === 1) return items[0];
    return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  }
  if (v === undefined || v === null) {
    if (type.t === 'boundary') return 'no boundary';
    return '(unspecified)';
  }
  // A flow reads as its quoted title, or as its ends when it has none ("Api -> Database").
  if (typeof v === 'object' && type.t === 'flow') return v.title !== undefined && v.title !== v.id ? `"${v.title}"` : `${v.from} -> ${v.to}`;
  if (typeof v === 'object') return String(v.title ?? v.id);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}
