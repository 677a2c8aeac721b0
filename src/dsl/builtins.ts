// Attributes of the built-in declarations that are not element kinds: `model`, `data` and
// `boundary`. Element and flow attributes are declared in the DSL (models/warden/base.warden);
// these three are fixed because the resolved model gives them dedicated fields (trust,
// namespace, classification).
import { CLASSIFICATIONS, TRUST_LEVELS, type AttrType } from '../model/types.js';

export interface BuiltinAttr {
  valueType: AttrType;
  required?: boolean;
}

const str: BuiltinAttr = { valueType: { type: 'string' } };
const strings: BuiltinAttr = { valueType: { type: 'list', of: { type: 'string' } } };

export const MODEL_ATTRS: Record<string, BuiltinAttr> = {
  owner: str,
  version: str,
  description: str,
  contact: str,
  repository: str,
  reviewed: { valueType: { type: 'date' } },
  tags: strings,
};

export const DATA_ATTRS: Record<string, BuiltinAttr> = {
  classification: { valueType: { type: 'enum', members: [...CLASSIFICATIONS] }, required: true },
  description: str,
  owner: str,
  pii: { valueType: { type: 'bool' } },
  retention: str,
  regulation: strings,
  tags: strings,
};

export const BOUNDARY_ATTRS: Record<string, BuiltinAttr> = {
  trust: { valueType: { type: 'enum', members: [...TRUST_LEVELS] } },
  namespace: str,
  description: str,
  owner: str,
  network: str,
  tags: strings,
};

/** A type as written in the DSL: `list<ref<data>>`, `enum(a, b)`. */
export function describeType(t: AttrType): string {
  switch (t.type) {
    case 'enum':
      return `enum(${t.members.join(', ')})`;
    case 'list':
      return `list<${describeType(t.of)}>`;
    case 'ref':
      return `ref<${t.kind ?? t.to}>`;
    default:
      return t.type;
  }
}
