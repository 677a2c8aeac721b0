// Rule indexing: a partial rule with many definitions that each start by testing the same input
// field against a string (`deny contains msg if { input.review.object.kind == "Pod"; ... }`, the
// shape of Gatekeeper and conftest libraries) gets an index on that field. The runtime evaluates the
// field once per rule evaluation and runs only the definitions whose constant matches, plus those
// without one; the others would have failed their first test anyway, so results are unchanged.
//
// This is a pass over the planned program (the JSON the runtime decodes): it adds `ix` (the field's
// expression) to the rule and `iv` (the constant) to each definition it indexes.
/** A node of the planned program (plain JSON). */
type J = unknown;

// Node codes, as in plan.ts and the runtime's decoder.
const E_CONST = 0;
const E_INPUT = 2;
const E_INDEX = 4;
const E_BI = 6;
const S_TEST = 2;
// Partial rules: set, object, multi-value. Complete rules and functions keep their order semantics
// (else chains, conflicts) and have few definitions in practice.
const PARTIAL_KINDS = new Set([1, 2, 4]);

/** An input field reached through constant keys: `input.review.object.kind`. */
function isInputRef(n: J): boolean {
  if (!Array.isArray(n)) return false;
  if (n[0] === E_INPUT && n.length === 1) return true;
  if (n[0] !== E_INDEX || n.length !== 3) return false;
  const key = n[2];
  return isInputRef(n[1]) && Array.isArray(key) && key[0] === E_CONST && (typeof key[1] === 'string' || typeof key[1] === 'number');
}

/** `ref == "const"` (either way round) as a definition's first step: the ref and the string. */
function firstTest(def: Record<string, J>): { ref: J; value: string } | undefined {
  const params = def['p'];
  const body = def['b'];
  if (Array.isArray(params) && params.length > 0) return undefined;
  if (!Array.isArray(body) || body.length === 0) return undefined;
  const step = body[0];
  if (!Array.isArray(step) || step[0] !== S_TEST) return undefined;
  const e = step[1];
  if (!Array.isArray(e) || e[0] !== E_BI || e[1] !== 'equal' || !Array.isArray(e[2]) || e[2].length !== 2) return undefined;
  const [a, b] = e[2] as J[];
  const str = (n: J) => (Array.isArray(n) && n[0] === E_CONST && typeof n[1] === 'string' ? (n[1] as string) : undefined);
  if (isInputRef(a) && str(b) !== undefined) return { ref: a, value: str(b)! };
  if (isInputRef(b) && str(a) !== undefined) return { ref: b, value: str(a)! };
  return undefined;
}

/** Adds indexes to the program's rules in place; returns how many rules got one. */
export function indexRules(program: { rules: J[] }): number {
  let indexed = 0;
  for (const rule of program.rules) {
    const r = rule as Record<string, J>;
    if (!PARTIAL_KINDS.has(r['kind'] as number) || !Array.isArray(r['defs'])) continue;
    const defs = r['defs'] as Array<Record<string, J>>;
    // The field most definitions test; worth it from two definitions on.
    const byRef = new Map<string, { ref: J; defs: Array<[Record<string, J>, string]> }>();
    for (const d of defs) {
      const t = firstTest(d);
      if (!t) continue;
      const k = JSON.stringify(t.ref);
      if (!byRef.has(k)) byRef.set(k, { ref: t.ref, defs: [] });
      byRef.get(k)!.defs.push([d, t.value]);
    }
    let best: { ref: J; defs: Array<[Record<string, J>, string]> } | undefined;
    for (const g of byRef.values()) if (!best || g.defs.length > best.defs.length) best = g;
    if (!best || best.defs.length < 2) continue;
    r['ix'] = best.ref;
    for (const [d, v] of best.defs) d['iv'] = v;
    indexed++;
  }
  return indexed;
}
