// Custom threats of an import: a foreign threat (a Threagile risk category, an OTM threat, a Threat
// Dragon threat) becomes one Warden threat rule, `when name in [...]` over the elements and flows
// it was recorded on, so `warden threats` lists it with its own title, statement and severity, and
// the foreign status becomes a decision on `Target.category.Rule`. A rule applies to one base kind
// (`on process`): a foreign threat recorded on targets of several bases gives one rule per base.
import type { StrideCategory } from '../model/types.js';
import { threatId } from '../threats/ids.js';
import { toIdent, type WardenWriter } from './writer.js';

export interface RuleDraft {
  category: StrideCategory;
  title: string;
  statement: string;
  description?: string;
  severity?: string;
  likelihood?: string;
  impact?: string;
  cwe: number[];
}

const SEVERITY_RANK: Record<string, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export class RuleSet {
  private drafts = new Map<string, RuleDraft & { targets: Map<string, string> }>();
  /** Rule names taken by `key` (a foreign threat id) and base. */
  private byKey = new Map<string, string>();

  /**
   * Adds `target` (of `base`: actor, process, store or flow) to the rule for the foreign threat
   * `key`; returns the rule's name. `nameHint` is what the name is made from.
   */
  add(key: string, nameHint: string, base: string, draft: RuleDraft, target: string, reserved: (name: string) => boolean): string {
    const k = `${key}\0${base}`;
    let name = this.byKey.get(k);
    if (!name) {
      const plain = toIdent(nameHint) || 'ImportedThreat';
      const others = [...this.byKey.keys()].some((x) => x.startsWith(`${key}\0`));
      let candidate = others ? plain + toIdent(base) : plain;
      for (let i = 2; this.drafts.has(candidate) || reserved(candidate); i++) candidate = `${others ? plain + toIdent(base) : plain}${i}`;
      name = candidate;
      this.byKey.set(k, name);
      this.drafts.set(name, { ...draft, targets: new Map() });
    }
    const d = this.drafts.get(name)!;
    if (draft.severity && d.severity && SEVERITY_RANK[draft.severity] > SEVERITY_RANK[d.severity]) d.severity = draft.severity;
    d.targets.set(target, base);
    return name;
  }

  /** Writes the rules, sorted by name. */
  emit(w: WardenWriter): void {
    for (const name of [...this.drafts.keys()].sort()) {
      const d = this.drafts.get(name)!;
      w.threatRule({
        name,
        title: d.title,
        on: [...d.targets.values()][0],
        category: d.category,
        targets: [...d.targets.keys()].sort(),
        ...(d.severity ? { severity: d.severity } : { likelihood: d.likelihood ?? 'medium', impact: d.impact ?? 'medium' }),
        statement: d.statement,
        ...(d.description ? { description: d.description } : {}),
        cwe: d.cwe,
      });
    }
  }
}

/**
 * How a decision names the threat of `rule` on `target`: `Target.category.Rule`, or the threat's id
 * when the target is an unnamed flow (`A->B`), which a decision cannot name otherwise.
 */
export function decisionTarget(target: string, category: string, rule: string): string {
  return target.includes('->') ? threatId(rule, target) : `${target}.${category}.${rule}`;
}
