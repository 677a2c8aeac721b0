// Builtin signatures as data: argument and result types for every builtin the compiler supports
// (runtime and host-served). Letters: n number, s string, b boolean, z null, a array, S set,
// o object; several letters are a union, `*` is any; `[x]` after them is the type of the elements
// (arrays, sets) or values (objects), any when absent. Where OPA's own declaration is `any` (or where
// a narrower type could reject a policy OPA accepts), the entry is `*`: a false type error on a
// valid policy costs more than a missed one.
import { parseType, type Ty } from './types.js';
import { EXTRA_SPECS } from '../builtins/decls.js';

const SPECS: Record<string, string> = {
  // operators (the parser keeps them as binops; the checker maps them to these names)
  plus: 'n,n -> n',
  minus: 'nS,nS -> nS',
  mul: 'n,n -> n',
  div: 'n,n -> n',
  rem: 'n,n -> n',
  and: 'S,S -> S',
  or: 'S,S -> S',
  equal: '*,* -> b',
  neq: '*,* -> b',
  lt: '*,* -> b',
  lte: '*,* -> b',
  gt: '*,* -> b',
  gte: '*,* -> b',
  'internal.member_2': '*,* -> b',
  'internal.member_3': '*,*,* -> b',
  // aggregates
  count: 'saSo -> n',
  sum: 'aS[n] -> n',
  product: 'aS[n] -> n',
  max: 'aS -> *',
  min: 'aS -> *',
  sort: 'aS -> a',
  any: 'aS -> b',
  all: 'aS -> b',
  // numbers
  abs: 'n -> n',
  round: 'n -> n',
  ceil: 'n -> n',
  floor: 'n -> n',
  'numbers.range': 'n,n -> a[n]',
  'numbers.range_step': 'n,n,n -> a[n]',
  to_number: 'zbns -> n',
  format_int: 'n,n -> s',
  // strings
  concat: 's,aS[s] -> s',
  contains: 's,s -> b',
  startswith: 's,s -> b',
  endswith: 's,s -> b',
  lower: 's -> s',
  upper: 's -> s',
  split: 's,s -> a[s]',
  trim: 's,s -> s',
  trim_left: 's,s -> s',
  trim_right: 's,s -> s',
  trim_prefix: 's,s -> s',
  trim_suffix: 's,s -> s',
  trim_space: 's -> s',
  replace: 's,s,s -> s',
  indexof: 's,s -> n',
  indexof_n: 's,s -> a[n]',
  substring: 's,n,n -> s',
  sprintf: 's,a -> s',
  'strings.reverse': 's -> s',
  'strings.count': 's,s -> n',
  'strings.any_prefix_match': 'saS[s],saS[s] -> b',
  'strings.any_suffix_match': 'saS[s],saS[s] -> b',
  'strings.replace_n': 'o[s],s -> s',
  'internal.template_string': 'a -> s',
  trace: 's -> b',
  // objects
  'object.get': 'o,*,* -> *',
  'object.keys': 'o -> S',
  'object.remove': 'o,aSo -> o',
  'object.union': 'o,o -> o',
  'object.union_n': 'a[o] -> o',
  'object.filter': 'o,aSo -> o',
  'object.subset': 'oaS,oaS -> b',
  'object.get_path': '*,* -> *',
  // arrays and sets
  'array.concat': 'a,a -> a',
  'array.slice': 'a,n,n -> a',
  'array.reverse': 'a -> a',
  'array.flatten': 'a -> a',
  union: 'S[S] -> S',
  intersection: 'S[S] -> S',
  cast_array: '* -> a',
  cast_set: '* -> S',
  // types
  is_string: '* -> b',
  is_number: '* -> b',
  is_boolean: '* -> b',
  is_array: '* -> b',
  is_object: '* -> b',
  is_set: '* -> b',
  is_null: '* -> b',
  type_name: '* -> s',
  // encodings
  'json.marshal': '* -> s',
  'json.unmarshal': 's -> *',
  'json.is_valid': 's -> b',
  'json.patch': '*,a[o] -> *',
  'yaml.marshal': '* -> s',
  'yaml.unmarshal': 's -> *',
  'base64.encode': 's -> s',
  'base64.decode': 's -> s',
  'base64.is_valid': 's -> b',
  'base64url.encode': 's -> s',
  'base64url.decode': 's -> s',
  'hex.encode': 's -> s',
  'hex.decode': 's -> s',
  'urlquery.encode': 's -> s',
  'crypto.sha256': 's -> s',
  'crypto.sha1': 's -> s',
  'crypto.md5': 's -> s',
  'units.parse': 's -> n',
  'units.parse_bytes': 's -> n',
  'uuid.rfc4122': 's -> s',
  // regex and glob
  'regex.match': 's,s -> b',
  re_match: 's,s -> b',
  'regex.is_valid': '* -> b',
  'regex.split': 's,s -> a[s]',
  'regex.find_n': 's,s,n -> a[s]',
  'regex.replace': 's,s,s -> s',
  'regex.find_all_string_submatch_n': 's,s,n -> a[a]',
  'glob.match': 's,az[s],s -> b',
  'glob.quote_meta': 's -> s',
  // time, net, semver
  'time.now_ns': ' -> n',
  'time.parse_rfc3339_ns': 's -> n',
  'time.parse_ns': 's,s -> n',
  'time.date': 'na -> a',
  'time.clock': 'na -> a',
  'time.weekday': 'na -> s',
  'time.add_date': 'n,n,n,n -> n',
  'net.cidr_contains': 's,s -> b',
  'net.cidr_intersects': 's,s -> b',
  'semver.compare': 's,s -> n',
  'semver.is_valid': '* -> b',
  walk: '* -> a',
  ...EXTRA_SPECS,
};

export interface Signature {
  args: Ty[];
  result: Ty;
}

export const SIGNATURES: Record<string, Signature> = Object.fromEntries(
  Object.entries(SPECS).map(([name, spec]) => {
    const [args, result] = spec.split('->') as [string, string];
    const list = args.trim() === '' ? [] : args.split(',').map(parseType);
    return [name, { args: list, result: parseType(result) }];
  }),
);

const TYPE_NAMES: Record<string, string> = { s: 'string', n: 'number', b: 'boolean', z: 'null', a: 'array', S: 'set', o: 'object' };

/**
 * For each operand of builtin `name`, the one type its declaration allows, as opa names it in
 * `operand N must be <type> but got <type>` (elements left aside), or '' for a union or any.
 */
export function operandTypeNames(name: string): string[] | undefined {
  const spec = SPECS[name];
  if (spec === undefined) return undefined;
  const args = spec.split('->')[0]!.trim();
  return args === '' ? [] : args.split(',').map((a) => TYPE_NAMES[a.trim().replace(/\[.*\]$/, '')] ?? '');
}
