// Rego value types as a bitmask of the JSON/Rego kinds a term may have. A mask with several bits is
// a union; ANY is every bit. The checker only reports a mismatch when two masks share no bit, so an
// unknown or partly known type can never produce an error (OPA's checker is lenient the same way).
export const NUM = 1;
export const STR = 2;
export const BOOL = 4;
export const NULL = 8;
export const ARR = 16;
export const SET = 32;
export const OBJ = 64;
export const ANY = NUM | STR | BOOL | NULL | ARR | SET | OBJ;

export type Mask = number;

const NAMES: Array<[Mask, string]> = [
  [NUM, 'number'],
  [STR, 'string'],
  [BOOL, 'boolean'],
  [NULL, 'null'],
  [ARR, 'array'],
  [SET, 'set'],
  [OBJ, 'object'],
];

/** OPA-like rendering: `number`, `any`, `any<number, set>` for unions. */
export function typeName(m: Mask): string {
  if (m === ANY || m === 0) return 'any';
  const parts = NAMES.filter(([b]) => (m & b) !== 0).map(([, n]) => n);
  return parts.length === 1 ? parts[0]! : `any<${parts.join(', ')}>`;
}

/**
 * A term's type: the kinds it may have, and for arrays and sets the kinds of their elements (for
 * objects, of their values). `e` is ANY when unknown and 0 for an empty collection (compatible with
 * every element type).
 */
export interface Ty {
  m: Mask;
  e: Mask;
}

export const COMPOSITE = ARR | SET | OBJ;

export function ty(m: Mask, e: Mask = ANY): Ty {
  return { m, e };
}

export const T_ANY: Ty = ty(ANY);

export function unionTy(a: Ty, b: Ty): Ty {
  return { m: a.m | b.m, e: a.e | b.e };
}

/** `number`, `array[string]`, `any<number, set>`: element types only when known and single-kind. */
export function tyName(t: Ty): string {
  const base = typeName(t.m);
  if ((t.m === ARR || t.m === SET || t.m === OBJ) && t.e !== ANY && t.e !== 0) return `${base}[${typeName(t.e)}]`;
  return base;
}

/** Parses `aS[n]`: kind letters, then optionally the element kinds in brackets. */
export function parseType(spec: string): Ty {
  const m = /^\s*([^[\s]+)(?:\[([^\]]+)\])?\s*$/.exec(spec);
  if (!m) throw new Error(`bad builtin type ${spec}`);
  return ty(parseMask(m[1]!), m[2] ? parseMask(m[2]) : ANY);
}

const LETTERS: Record<string, Mask> = { n: NUM, s: STR, b: BOOL, z: NULL, a: ARR, S: SET, o: OBJ, '*': ANY };

/** Parses a compact type: letters n s b z a S o (any combination is a union) or `*` for any. */
export function parseMask(spec: string): Mask {
  let m = 0;
  for (const c of spec.trim()) {
    const b = LETTERS[c];
    if (b === undefined) throw new Error(`bad type letter ${c} in builtin signature ${spec}`);
    m |= b;
  }
  return m;
}
