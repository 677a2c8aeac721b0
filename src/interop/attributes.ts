// Foreign `attributes` objects (OTM components, data flows, trust zones) read back as Warden
// attributes: a key the element's kind declares, with a value of the declared type, is written;
// anything else is reported. This is how a Warden model's own attributes survive a trip through
// OTM (the export writes them there) and how another tool's extra fields are surfaced.
import type { AttrType } from '../model/types.js';
import { CODES, isObj, type Warnings } from './common.js';
import { library } from './library.js';
import type { PathSeg } from './located.js';
import { b, id, n, s, type WAttrs, type WValue } from './writer.js';

/** A JSON value as a Warden value of type `t`, or undefined when it does not fit. */
export function fitValue(v: unknown, t: AttrType, refName: (ref: string) => string | undefined): WValue | undefined {
  switch (t.type) {
    case 'string':
      return typeof v === 'string' ? s(v) : undefined;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? n(v) : undefined;
    case 'bool':
      return typeof v === 'boolean' ? b(v) : undefined;
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? { date: v } : undefined;
    case 'enum':
      return typeof v === 'string' && t.members.includes(v) ? id(v) : undefined;
    case 'ref': {
      const name = typeof v === 'string' ? refName(v) : undefined;
      return name ? id(name) : undefined;
    }
    case 'list': {
      if (!Array.isArray(v)) return undefined;
      const items = v.map((x) => fitValue(x, t.of, refName));
      return items.every((x) => x !== undefined) ? { list: items as WValue[] } : undefined;
    }
  }
}

/**
 * The entries of `attrs` (at `path`) that elements of `kind` declare, as Warden attributes. `skip`
 * names keys the caller maps itself; other keys are reported as dropped.
 */
export function kindAttributes(kind: string, attrs: unknown, path: PathSeg[], warn: Warnings, skip: ReadonlySet<string>, refName: (ref: string) => string | undefined): WAttrs {
  if (!isObj(attrs)) return [];
  const declared = library().kinds[kind]?.attributes ?? {};
  const out: WAttrs = [];
  // Sorted by name, as the export writes them: the same attributes in any order give the same model.
  for (const [k, v] of Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (skip.has(k) || v === null) continue;
    const def = Object.hasOwn(declared, k) ? declared[k] : undefined;
    const value = def ? fitValue(v, def.valueType, refName) : undefined;
    if (value) out.push([k, value]);
    else warn.warn([...path, k], CODES.dropped, def ? `attribute ${k} dropped: its value does not fit the type Warden declares for it` : `attribute ${k} dropped: kind ${kind} has no such attribute`);
  }
  return out;
}
