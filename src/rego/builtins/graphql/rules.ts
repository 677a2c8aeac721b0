// The query validation rules (the GraphQL specification's section 5, as opa's library checks them,
// with its messages). Each rule registers for the nodes it inspects; rule-values.ts and
// rule-overlap.ts hold the two larger ones.
import { forName, typeName, typeString, type Definition, type Field, type FragmentSpread, type Position, type Selection } from './ast.js';
import { goQuote } from './lexer.js';
import { overlappingFieldsRule } from './rule-overlap.js';
import { valuesOfCorrectTypeRule, valueString, variablesInAllowedPositionRule } from './rule-values.js';
import { quotedOrList, suggestionList, suggestQuoted } from './suggest.js';
import type { Rule, Walker } from './validate-query.js';

const isComposite = (d: Definition): boolean => d.Kind === 'OBJECT' || d.Kind === 'INTERFACE' || d.Kind === 'UNION';
const isLeaf = (d: Definition): boolean => d.Kind === 'ENUM' || d.Kind === 'SCALAR';
const isInput = (d: Definition): boolean => d.Kind === 'SCALAR' || d.Kind === 'ENUM' || d.Kind === 'INPUT_OBJECT';
const possible = (w: Walker, d: Definition): Array<Definition | null> => w.schema.PossibleTypes.get(d.Name) ?? [];

/** Types that have the field (interfaces first, by how many of the types implement them). */
function suggestedTypes(w: Walker, parent: Definition, name: string): string[] {
  if (parent.Kind !== 'INTERFACE' && parent.Kind !== 'UNION') return [];
  const objects: string[] = [];
  const interfaces: string[] = [];
  const usage = new Map<string, number>();
  for (const pt of possible(w, parent)) {
    if (!forName(pt!.Fields, name)) continue;
    objects.push(pt!.Name);
    for (const i of pt!.Interfaces ?? []) {
      const idef = w.type(i);
      if (idef && forName(idef.Fields, name)) {
        if (!usage.get(i)) interfaces.push(i);
        usage.set(i, (usage.get(i) ?? 0) + 1);
      }
    }
  }
  return [...interfaces, ...objects].sort((a, b) => (usage.get(b) ?? 0) - (usage.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
}

const fieldsOnCorrectType: Rule = {
  name: 'FieldsOnCorrectType',
  register(on, report) {
    on.field.push((w, f) => {
      if (!f.ObjectDefinition || f.Definition) return;
      let msg = `Cannot query field "${f.Name}" on type "${f.ObjectDefinition.Name}".`;
      const types = suggestedTypes(w, f.ObjectDefinition, f.Name);
      const od = f.ObjectDefinition;
      if (types.length) msg += ` Did you mean to use an inline fragment on ${quotedOrList(types)}?`;
      else if (od.Kind === 'OBJECT' || od.Kind === 'INTERFACE') {
        const names = suggestionList(f.Name, (od.Fields ?? []).map((x) => x.Name));
        if (names.length) msg += ` Did you mean ${quotedOrList(names)}?`;
      }
      report(msg, f.Position);
    });
  },
};

const fragmentsOnCompositeTypes: Rule = {
  name: 'FragmentsOnCompositeTypes',
  register(on, report) {
    on.inlineFragment.push((w, f) => {
      const t = w.type(f.TypeCondition);
      if (t && !isComposite(t)) report(`Fragment cannot condition on non composite type "${f.TypeCondition}".`, f.Position);
    });
    on.fragment.push((_w, f) => {
      if (f.Definition && f.TypeCondition !== '' && !isComposite(f.Definition)) report(`Fragment "${f.Name}" cannot condition on non composite type "${f.TypeCondition}".`, f.Position);
    });
  },
};

const knownArgumentNames: Rule = {
  name: 'KnownArgumentNames',
  register(on, report) {
    on.field.push((_w, f) => {
      if (!f.Definition || !f.ObjectDefinition) return;
      for (const a of f.Arguments ?? []) {
        if (forName(f.Definition.Arguments, a.Name)) continue;
        const names = (f.Definition.Arguments ?? []).map((x) => x.Name);
        report(`Unknown argument "${a.Name}" on field "${f.ObjectDefinition.Name}.${f.Name}".${suggestQuoted('Did you mean', a.Name, names)}`, f.Position);
      }
    });
    on.directive.push((_w, d) => {
      if (!d.Definition) return;
      for (const a of d.Arguments ?? []) {
        if (forName(d.Definition.Arguments, a.Name)) continue;
        const names = (d.Definition.Arguments ?? []).map((x) => x.Name);
        report(`Unknown argument "${a.Name}" on directive "@${d.Name}".${suggestQuoted('Did you mean', a.Name, names)}`, d.Position);
      }
    });
  },
};

const knownDirectives: Rule = {
  name: 'KnownDirectives',
  register(on, report) {
    const seen = new Set<string>();
    on.directive.push((_w, d) => {
      if (!d.Definition) return report(`Unknown directive "@${d.Name}".`, d.Position);
      if ((d.Definition.Locations ?? []).includes(d.Location)) return;
      const key = `${d.Name}\u0000${d.Position!.line}\u0000${d.Position!.column}`;
      if (seen.has(key)) return;
      seen.add(key);
      report(`Directive "@${d.Name}" may not be used on ${d.Location}.`, d.Position);
    });
  },
};

const knownFragmentNames: Rule = {
  name: 'KnownFragmentNames',
  register(on, report) {
    on.fragmentSpread.push((_w, s) => {
      if (!s.Definition) report(`Unknown fragment "${s.Name}".`, s.Position);
    });
  },
};

const knownRootType: Rule = {
  name: 'KnownRootType',
  register(on, report) {
    on.operation.push((w, op) => {
      if (!['query', 'mutation', 'subscription', ''].includes(op.Operation)) throw new TypeError(`unknown operation type ${op.Operation}`);
      if (!w.root(op.Operation)[0]) report(`Schema does not support operation type "${op.Operation}"`, op.Position);
    });
  },
};

const knownTypeNames: Rule = {
  name: 'KnownTypeNames',
  register(on, report) {
    on.variable.push((w, v) => {
      const name = typeName(v.Type!);
      if (!w.type(name)) report(`Unknown type "${name}".`, v.Position);
    });
    on.inlineFragment.push((w, f) => {
      if (f.TypeCondition !== '' && !w.type(f.TypeCondition)) report(`Unknown type "${f.TypeCondition}".`, f.Position);
    });
    on.fragment.push((w, f) => {
      if (w.type(f.TypeCondition)) return;
      const names = [...w.schema.Types.values()].map((t) => t.Name).sort();
      report(`Unknown type "${f.TypeCondition}".${suggestQuoted('Did you mean', f.TypeCondition, names)}`, f.Position);
    });
  },
};

const loneAnonymousOperation: Rule = {
  name: 'LoneAnonymousOperation',
  register(on, report) {
    on.operation.push((w, op) => {
      if (op.Name === '' && (w.doc.Operations ?? []).length > 1) report('This anonymous operation must be the only defined operation.', op.Position);
    });
  },
};

/** Whether introspection nests list fields three deep under `sel`. */
function tooDeep(sel: Selection[] | null, visited: Set<string>, depth: number): boolean {
  for (const s of sel ?? []) {
    if (s.$t === 'Field' && deepField(s as Field, visited, depth)) return true;
    if (s.$t === 'FragmentSpread') {
      const fs = s as FragmentSpread;
      if (visited.has(fs.Name) || !fs.Definition) continue;
      visited.add(fs.Name);
      const r = tooDeep(fs.Definition.SelectionSet, visited, depth);
      visited.delete(fs.Name);
      if (r) return true;
    }
    if (s.$t === 'InlineFragment' && tooDeep(s.SelectionSet, visited, depth)) return true;
  }
  return false;
}

function deepField(f: Field, visited: Set<string>, depth: number): boolean {
  if (['fields', 'interfaces', 'possibleTypes', 'inputFields'].includes(f.Name) && ++depth >= 3) return true;
  return tooDeep(f.SelectionSet, visited, depth);
}

const maxIntrospectionDepth: Rule = {
  name: 'MaxIntrospectionDepth',
  register(on, report) {
    on.field.push((_w, f) => {
      if ((f.Name === '__schema' || f.Name === '__type') && deepField(f, new Set(), 0)) report('Maximum introspection depth exceeded', f.Position);
    });
  },
};

/** The fragment spreads anywhere in a selection set (depth first, last set first). */
function spreadsIn(set: Selection[] | null): FragmentSpread[] {
  const out: FragmentSpread[] = [];
  const todo = [set];
  while (todo.length) {
    for (const s of todo.pop() ?? []) {
      if (s.$t === 'FragmentSpread') out.push(s as FragmentSpread);
      else todo.push(s.SelectionSet);
    }
  }
  return out;
}

const noFragmentCycles: Rule = {
  name: 'NoFragmentCycles',
  register(on, report) {
    const visited = new Set<string>();
    on.fragment.push((w, frag) => {
      const path: FragmentSpread[] = [];
      const indexOf = new Map<string, number>();
      const visit = (f: typeof frag): void => {
        if (visited.has(f.Name)) return;
        visited.add(f.Name);
        const spreads = spreadsIn(f.SelectionSet);
        if (!spreads.length) return;
        indexOf.set(f.Name, path.length);
        for (const s of spreads) {
          const at = indexOf.get(s.Name);
          path.push(s);
          if (at === undefined) {
            const next = forName(w.doc.Fragments, s.Name);
            if (next) visit(next);
          } else {
            const via = path.slice(at, -1).map((x) => `"${x.Name}"`);
            report(`Cannot spread fragment "${s.Name}" within itself${via.length ? ` via ${via.join(', ')}` : ''}.`, s.Position);
          }
          path.pop();
        }
        indexOf.delete(f.Name);
      };
      visit(frag);
    });
  },
};

const noUndefinedVariables: Rule = {
  name: 'NoUndefinedVariables',
  register(on, report) {
    on.value.push((w, v) => {
      if (!w.current || v.Kind !== 0 || v.VariableDefinition) return;
      if (w.current.Name !== '') report(`Variable "${valueString(v)}" is not defined by operation "${w.current.Name}".`, v.Position);
      else report(`Variable "${valueString(v)}" is not defined.`, v.Position);
    });
  },
};

const noUnusedFragments: Rule = {
  name: 'NoUnusedFragments',
  register(on, report) {
    let inFragment = false;
    const used = new Set<string>();
    on.fragmentSpread.push((_w, s) => {
      if (!inFragment) used.add(s.Name);
    });
    on.fragment.push((_w, f) => {
      inFragment = true;
      if (!used.has(f.Name)) report(`Fragment "${f.Name}" is never used.`, f.Position);
    });
  },
};

const noUnusedVariables: Rule = {
  name: 'NoUnusedVariables',
  register(on, report) {
    on.operation.push((_w, op) => {
      for (const vd of op.VariableDefinitions ?? []) {
        if (vd.Used) continue;
        if (op.Name !== '') report(`Variable "$${vd.Variable}" is never used in operation "${op.Name}".`, vd.Position);
        else report(`Variable "$${vd.Variable}" is never used.`, vd.Position);
      }
    });
  },
};

const possibleFragmentSpreads: Rule = {
  name: 'PossibleFragmentSpreads',
  register(on, report) {
    const impossible = (w: Walker, parent: Definition | null, fragType: string): boolean => {
      if (!parent) return false;
      let parents: Array<Definition | null>;
      if (parent.Kind === 'OBJECT') parents = [parent];
      else if (parent.Kind === 'INTERFACE' || parent.Kind === 'UNION') parents = possible(w, parent);
      else return false;
      const ft = w.type(fragType);
      if (!ft || !isComposite(ft)) return false;
      return !possible(w, ft).some((fd) => parents.some((pd) => pd!.Name === fd!.Name));
    };
    on.inlineFragment.push((w, f) => {
      if (impossible(w, f.ObjectDefinition, f.TypeCondition)) report(`Fragment cannot be spread here as objects of type "${f.ObjectDefinition!.Name}" can never be of type "${f.TypeCondition}".`, f.Position);
    });
    on.fragmentSpread.push((w, s) => {
      if (s.Definition && impossible(w, s.ObjectDefinition, s.Definition.TypeCondition)) report(`Fragment "${s.Name}" cannot be spread here as objects of type "${s.ObjectDefinition!.Name}" can never be of type "${s.Definition.TypeCondition}".`, s.Position);
    });
  },
};

const providedRequiredArguments: Rule = {
  name: 'ProvidedRequiredArguments',
  register(on, report) {
    on.field.push((_w, f) => {
      for (const ad of f.Definition?.Arguments ?? []) {
        if (!ad.Type!.NonNull || ad.DefaultValue || (f.Arguments ?? []).some((a) => a.Name === ad.Name)) continue;
        report(`Field "${f.Name}" argument "${ad.Name}" of type "${typeString(ad.Type!)}" is required, but it was not provided.`, f.Position);
      }
    });
    on.directive.push((_w, d) => {
      for (const ad of d.Definition?.Arguments ?? []) {
        if (!ad.Type!.NonNull || ad.DefaultValue || (d.Arguments ?? []).some((a) => a.Name === ad.Name)) continue;
        report(`Directive "@${d.Definition!.Name}" argument "${ad.Name}" of type "${typeString(ad.Type!)}" is required, but it was not provided.`, d.Position);
      }
    });
  },
};

const scalarLeafs: Rule = {
  name: 'ScalarLeafs',
  register(on, report) {
    on.field.push((w, f) => {
      if (!f.Definition) return;
      const t = w.type(typeName(f.Definition.Type!));
      if (!t) return;
      const hasSel = (f.SelectionSet ?? []).length > 0;
      if (isLeaf(t) && hasSel) report(`Field "${f.Name}" must not have a selection since type "${t.Name}" has no subfields.`, f.Position);
      if (!isLeaf(t) && !hasSel) report(`Field "${f.Name}" of type "${typeString(f.Definition.Type!)}" must have a selection of subfields. Did you mean "${f.Name} { ... }"?`, f.Position);
    });
  },
};

/** The distinct top-level field names of a subscription (through fragments), first occurrence each. */
function topFields(set: Selection[] | null): Array<[string, Position | null]> {
  const fields: Array<[string, Position | null]> = [];
  const seenFrag = new Set<string>();
  const walk = (sel: Selection[] | null): void => {
    for (const s of sel ?? []) {
      if (s.$t === 'Field') fields.push([s.Name, s.Position ?? null]);
      else if (s.$t === 'InlineFragment') walk(s.SelectionSet);
      else {
        const def = (s as FragmentSpread).Definition;
        if (!def) return;
        if (!seenFrag.has(def.Name)) {
          seenFrag.add(def.Name);
          walk(def.SelectionSet);
        }
      }
    }
  };
  walk(set);
  const seen = new Set<string>();
  return fields.filter(([n]) => !seen.has(n) && !!seen.add(n));
}

const singleFieldSubscriptions: Rule = {
  name: 'SingleFieldSubscriptions',
  register(on, report) {
    on.operation.push((w, op) => {
      if (!w.schema.Subscription || op.Operation !== 'subscription') return;
      const fields = topFields(op.SelectionSet);
      const name = op.Name !== '' ? `Subscription ${goQuote(op.Name)}` : 'Anonymous Subscription';
      if (fields.length > 1) report(`${name} must select only one top level field.`, fields[1]![1]);
      for (const [n, pos] of fields) if (n.startsWith('__')) report(`${name} must not select an introspection top level field.`, pos);
    });
  },
};

/** Reports the second occurrence of each name (once per name when `once`, else every repeat). */
function duplicates<T>(items: T[] | null, name: (t: T) => string, once: boolean, onDup: (t: T) => void): void {
  const count = new Map<string, number>();
  for (const it of items ?? []) {
    const n = name(it);
    const c = count.get(n) ?? 0;
    if (once ? c === 1 : c >= 1) onDup(it);
    count.set(n, c + 1);
  }
}

const uniqueArgumentNames: Rule = {
  name: 'UniqueArgumentNames',
  register(on, report) {
    const check = (args: Field['Arguments']): void => duplicates(args, (a) => a.Name, true, (a) => report(`There can be only one argument named "${a.Name}".`, a.Position));
    on.field.push((_w, f) => check(f.Arguments));
    on.directive.push((_w, d) => check(d.Arguments));
  },
};

const uniqueDirectivesPerLocation: Rule = {
  name: 'UniqueDirectivesPerLocation',
  register(on, report) {
    on.directiveList.push((_w, dirs) => {
      const seen = new Set<string>();
      for (const d of dirs ?? []) {
        if ((!d.Definition || !d.Definition.IsRepeatable) && seen.has(d.Name)) report(`The directive "@${d.Name}" can only be used once at this location.`, d.Position);
        seen.add(d.Name);
      }
    });
  },
};

const uniqueFragmentNames: Rule = {
  name: 'UniqueFragmentNames',
  register(on, report) {
    const seen = new Set<string>();
    on.fragment.push((_w, f) => {
      if (seen.has(f.Name)) report(`There can be only one fragment named "${f.Name}".`, f.Position);
      seen.add(f.Name);
    });
  },
};

const uniqueInputFieldNames: Rule = {
  name: 'UniqueInputFieldNames',
  register(on, report) {
    on.value.push((_w, v) => {
      if (v.Kind === 9) duplicates(v.Children, (c) => c.Name, false, (c) => report(`There can be only one input field named "${c.Name}".`, c.Position));
    });
  },
};

const uniqueOperationNames: Rule = {
  name: 'UniqueOperationNames',
  register(on, report) {
    const seen = new Set<string>();
    on.operation.push((_w, op) => {
      if (seen.has(op.Name)) report(`There can be only one operation named "${op.Name}".`, op.Position);
      seen.add(op.Name);
    });
  },
};

const uniqueVariableNames: Rule = {
  name: 'UniqueVariableNames',
  register(on, report) {
    on.operation.push((_w, op) => duplicates(op.VariableDefinitions, (v) => v.Variable, true, (v) => report(`There can be only one variable named "$${v.Variable}".`, v.Position)));
  },
};

const variablesAreInputTypes: Rule = {
  name: 'VariablesAreInputTypes',
  register(on, report) {
    on.operation.push((_w, op) => {
      for (const vd of op.VariableDefinitions ?? []) if (vd.Definition && !isInput(vd.Definition)) report(`Variable "$${vd.Variable}" cannot be non-input type "${typeString(vd.Type!)}".`, vd.Position);
    });
  },
};

export const RULES: Rule[] = [
  fieldsOnCorrectType,
  fragmentsOnCompositeTypes,
  knownArgumentNames,
  knownDirectives,
  knownFragmentNames,
  knownRootType,
  knownTypeNames,
  loneAnonymousOperation,
  maxIntrospectionDepth,
  noFragmentCycles,
  noUndefinedVariables,
  noUnusedFragments,
  noUnusedVariables,
  overlappingFieldsRule,
  possibleFragmentSpreads,
  providedRequiredArguments,
  scalarLeafs,
  singleFieldSubscriptions,
  uniqueArgumentNames,
  uniqueDirectivesPerLocation,
  uniqueFragmentNames,
  uniqueInputFieldNames,
  uniqueOperationNames,
  uniqueVariableNames,
  valuesOfCorrectTypeRule,
  variablesAreInputTypes,
  variablesInAllowedPositionRule,
];
