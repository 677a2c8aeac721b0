// The rules on values: literals of the type their position expects (ValuesOfCorrectType) and
// variables used where their type fits (VariablesInAllowedPosition).
import { forName, typeString, type Value } from './ast.js';
import { GqlPanic } from './errors.js';
import { goQuote } from './lexer.js';
import { suggestQuoted, suggestUnquoted } from './suggest.js';
import { isCompatible } from './validate-schema.js';
import type { Rule } from './validate-query.js';

/** A value as GraphQL writes it, as opa's library prints it in messages. */
export function valueString(v: Value | null): string {
  if (!v) return '<nil>';
  switch (v.Kind) {
    case 0:
      return '$' + v.Raw;
    case 1:
    case 2:
    case 5:
    case 6:
    case 7:
      return v.Raw;
    case 3:
    case 4:
      return goQuote(v.Raw);
    case 8:
      return `[${(v.Children ?? []).map((c) => valueString(c.Value)).join(',')}]`;
    case 9:
      return `{${(v.Children ?? []).map((c) => `${c.Name}:${valueString(c.Value)}`).join(',')}}`;
    default:
      throw new GqlPanic(`unknown value kind ${v.Kind}`);
  }
}

const INT = /^[+-]?[0-9]+$/;
const inRange = (raw: string, bits: number): boolean => {
  const n = BigInt(raw);
  return n >= -(1n << BigInt(bits - 1)) && n < 1n << BigInt(bits - 1);
};

/** Whether Go's strconv.ParseFloat rejects the text (syntax, or out of float64 range). */
function badFloat(raw: string): boolean {
  if (/^[+-]?(inf|infinity|nan)$/i.test(raw)) return false;
  if (/^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+$/.test(raw)) return false;
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(raw)) return true;
  return !Number.isFinite(Number(raw));
}

const BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Whether computing the value (gqlparser's Value.Value with no variables) fails. */
function valueFails(v: Value | null): boolean {
  if (!v) return false;
  switch (v.Kind) {
    case 0:
      return valueFails(v.VariableDefinition?.DefaultValue ?? null);
    case 1:
      return !INT.test(v.Raw) || !inRange(v.Raw, 64);
    case 2:
      return badFloat(v.Raw);
    case 3:
    case 4:
    case 6:
    case 7:
      return false;
    case 5:
      return !BOOLS.has(v.Raw);
    case 8:
      return (v.Children ?? []).some((c) => valueFails(c.Value));
    case 9:
      return (v.Children ?? []).some((c) => !unsetVariable(c.Value!) && valueFails(c.Value));
    default:
      throw new GqlPanic(`unknown value kind ${v.Kind}`);
  }
}

const unsetVariable = (v: Value): boolean => v.Kind === 0 && !v.VariableDefinition?.DefaultValue;

/** The message for a literal of the wrong type. */
function unexpectedType(v: Value): string {
  const t = typeString(v.ExpectedType!);
  const s = valueString(v);
  if (t === 'Int' || t === 'Int!') return INT.test(v.Raw) && !inRange(v.Raw, 32) ? `Int cannot represent non 32-bit signed integer value: ${s}` : `Int cannot represent non-integer value: ${s}`;
  if (t === 'String' || t === 'String!' || t === '[String]') return `String cannot represent a non string value: ${s}`;
  if (t === 'Boolean' || t === 'Boolean!') return `Boolean cannot represent a non boolean value: ${s}`;
  if (t === 'Float' || t === 'Float!') return `Float cannot represent non numeric value: ${s}`;
  if (t === 'ID' || t === 'ID!') return `ID cannot represent a non-string and non-integer value: ${s}`;
  if (v.Definition!.Kind === 'ENUM') return `Enum "${t}" cannot represent non-enum value: ${s}.`;
  return `Expected value of type "${t}", found ${s}.`;
}

const BUILTIN_SCALARS = ['Int', 'Float', 'String', 'Boolean', 'ID'];

export const valuesOfCorrectTypeRule: Rule = {
  name: 'ValuesOfCorrectType',
  register(on, report) {
    on.value.push((_w, v) => {
      const def = v.Definition;
      if (!def || !v.ExpectedType) return;
      const expected = typeString(v.ExpectedType);
      if (v.Kind === 6 && v.ExpectedType.NonNull) report(`Expected value of type "${expected}", found ${valueString(v)}.`, v.Position);
      if (def.Kind === 'SCALAR' && !BUILTIN_SCALARS.includes(def.Name)) return;
      const enums = def.Kind === 'ENUM' ? (def.EnumValues ?? []).map((e) => e.Name) : [];
      const wrong = (): void => report(unexpectedType(v), v.Position);
      if (valueFails(v)) wrong();
      const is = (...names: string[]): boolean => names.includes(def.Name);
      switch (v.Kind) {
        case 8:
          if (!v.ExpectedType.Elem) wrong();
          return;
        case 1:
          if (!is('Int', 'Float', 'ID')) wrong();
          return;
        case 2:
          if (!is('Float')) wrong();
          return;
        case 3:
        case 4:
          if (def.Kind === 'ENUM') report(`Enum "${expected}" cannot represent non-enum value: ${valueString(v)}.${suggestQuoted('Did you mean the enum value', v.Raw, enums)}`, v.Position);
          else if (!is('String', 'ID')) wrong();
          return;
        case 7:
          if (def.Kind !== 'ENUM') report(unexpectedType(v) + suggestUnquoted('Did you mean the enum value', v.Raw, enums), v.Position);
          else if (!forName(def.EnumValues, v.Raw)) report(`Value "${valueString(v)}" does not exist in "${expected}" enum.${suggestQuoted('Did you mean the enum value', v.Raw, enums)}`, v.Position);
          return;
        case 5:
          if (!is('Boolean')) wrong();
          return;
        case 9:
          return objectValue(v, report);
        case 0:
        case 6:
          return;
        default:
          throw new GqlPanic(`unknown value kind ${v.Kind}`);
      }
    });
  },
};

function objectValue(v: Value, report: Parameters<Rule['register']>[1]): void {
  const def = v.Definition!;
  for (const f of def.Fields ?? []) {
    if (!f.Type!.NonNull) continue;
    const child = forName(v.Children, f.Name);
    if ((!child || !child.Value) && !f.DefaultValue) report(`Field "${def.Name}.${f.Name}" of required type "${typeString(f.Type!)}" was not provided.`, v.Position);
  }
  for (const d of def.Directives ?? []) {
    if (d.Name !== 'oneOf') continue;
    const children = v.Children ?? [];
    if (children.length !== 1) {
      report(`OneOf Input Object "${def.Name}" must specify exactly one key.`, v.Position);
      continue;
    }
    const fv = children[0]!.Value;
    if (!fv || fv.Kind === 6) report(`Field "${def.Name}.${def.Fields![0]!.Name}" must be non-null.`, fv!.Position);
  }
  for (const c of v.Children ?? []) {
    if (forName(def.Fields, c.Name)) continue;
    const names = (def.Fields ?? []).map((f) => f.Name);
    report(`Field "${c.Name}" is not defined by type "${def.Name}".${suggestQuoted('Did you mean', c.Name, names)}`, c.Position);
  }
}

export const variablesInAllowedPositionRule: Rule = {
  name: 'VariablesInAllowedPosition',
  register(on, report) {
    on.value.push((w, v) => {
      if (v.Kind !== 0 || !v.ExpectedType || !v.VariableDefinition || !w.current) return;
      const tmp = { ...v.ExpectedType };
      const dv = v.VariableDefinition.DefaultValue;
      if (dv && dv.Kind !== 6 && v.ExpectedType.NonNull) tmp.NonNull = false;
      if (v.ExpectedTypeHasDefault) tmp.NonNull = false;
      if (!isCompatible(v.VariableDefinition.Type!, tmp)) report(`Variable "${valueString(v)}" of type "${typeString(v.VariableDefinition.Type!)}" used in position expecting type "${typeString(v.ExpectedType)}".`, v.Position);
    });
    on.value.push((_w, v) => {
      if (v.Kind !== 9 || !v.Definition || !forName(v.Definition.Directives, 'oneOf')) return;
      for (const c of v.Children ?? []) {
        const fv = c.Value;
        if (!fv || fv.Kind !== 0 || !fv.VariableDefinition) continue;
        if (!fv.VariableDefinition.Type!.NonNull) report(`Variable "${valueString(fv)}" is of type "${typeString(fv.VariableDefinition.Type!)}" but must be non-nullable to be used for OneOf Input Object "${v.Definition.Name}".`, fv.VariableDefinition.Position, fv.Position);
      }
    });
  },
};
