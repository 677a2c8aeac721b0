// The names of the constants `warden export ts` generates. Both the generator and the resolver of
// `Threats.X` references use these functions, so a name in code means what the generated file
// says it means without the scanner ever reading the generated file.
import type { ResolvedModel } from '../model/types.js';
import type { Threat } from '../threats/types.js';

/** A model id as a TypeScript identifier: `Api->Ledger#2` becomes `Api_to_Ledger_2`. */
export function identifierFor(id: string): string {
  const s = id
    .replace(/->/g, '_to_')
    .replace(/[^A-Za-z0-9_$]+/g, '_')
    .replace(/_+$/g, '');
  return /^[A-Za-z_$]/.test(s) ? s : `_${s}`;
}

/**
 * Readable key of a threat: `<Target>_<category>` for the STRIDE-per-element baseline
 * (rule `stride.<category>`), `<Target>_<category>_<Rule>` for a threat from a named rule. Keyed by
 * rule rather than by "the only threat in that category", so a new rule never renames an existing
 * constant. Ids are stable, so the `TH_xxxxxxxx` keys are added beside these.
 */
export function readableThreatKey(t: Pick<Threat, 'target' | 'category' | 'rule'>): string {
  const base = `${identifierFor(t.target.id)}_${t.category}`;
  return t.rule === `stride.${t.category}` ? base : `${base}_${identifierFor(t.rule)}`;
}

/** The `TH_xxxxxxxx` key of a threat id. */
export function idKey(id: string): string {
  return identifierFor(id);
}

/**
 * Every readable constant name mapped to its threat id. Should two threats ever map to one name
 * (ids that differ only in characters the identifier drops), both get their id appended so
 * neither silently wins.
 */
export function threatConstants(threats: readonly Threat[]): Map<string, string> {
  const byKey = new Map<string, string[]>();
  for (const t of threats) {
    const k = readableThreatKey(t);
    byKey.set(k, [...(byKey.get(k) ?? []), t.id]);
  }
  const out = new Map<string, string>();
  for (const [k, ids] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (ids.length === 1) out.set(k, ids[0]);
    else for (const id of [...ids].sort()) out.set(`${k}_${idKey(id).replace(/^TH_/, '')}`, id);
  }
  return out;
}

/** Element, flow and boundary ids keyed by their identifier form (equal to the id for elements). */
export function modelConstants(model: ResolvedModel): { elements: Map<string, string>; flows: Map<string, string>; boundaries: Map<string, string> } {
  const keyed = (ids: string[]) => {
    const m = new Map<string, string>();
    for (const id of [...ids].sort()) {
      let k = identifierFor(id);
      // Distinct ids that collapse to one identifier keep the first plain and number the rest.
      for (let n = 2; m.has(k); n++) k = `${identifierFor(id)}_${n}`;
      m.set(k, id);
    }
    return m;
  };
  return {
    elements: keyed(model.elements.map((e) => e.id)),
    flows: keyed(model.flows.map((f) => f.id)),
    boundaries: keyed(model.boundaries.map((b) => b.id)),
  };
}
