// Property-based generator of small, well-typed Rego v1 programs and JSON inputs for differential
// testing against `opa eval`. Programs read a fixed input shape (so they type-check and compile in
// both engines) but the values are random, and every construct the generator emits is one the
// language core promises: complete/partial/default rules, functions, arithmetic, comparisons,
// comprehensions, sets, objects, not, some, every, in, and common builtins.
// A complete rule's value never depends on a variable its body iterates over (iteration feeds only
// comprehensions, partial rules and conditions), and object keys come from object keys or distinct
// strings with equal values, so programs cannot hit eval_conflict_error; that keeps a batch of
// programs evaluable in one opa invocation.
import fc from 'fast-check';

/** The input shape every generated program reads. */
export interface GenInput {
  a: number;
  b: number;
  f: number;
  s: string;
  flag: boolean;
  xs: number[];
  ys: string[];
  o: Record<string, number>;
}

export interface GenProgram {
  /** Package name under data.gen, e.g. `p12`. */
  pkg: string;
  source: string;
  /** The rules to evaluate, one Wasm entrypoint each (`gen/p12/r0`). */
  rules: string[];
  input: GenInput;
}

const word = fc.constantFrom('a', 'b', 'ab', 'x', 'web', 'db', 'Api', 'k8s', '', 'é');
const smallInt = fc.integer({ min: -6, max: 12 });

export const inputArb: fc.Arbitrary<GenInput> = fc.record({
  a: smallInt,
  b: smallInt,
  f: fc.constantFrom(0.5, 1.25, -2.5, 3, 0.1),
  s: word,
  flag: fc.boolean(),
  xs: fc.array(smallInt, { maxLength: 6 }),
  ys: fc.array(word, { maxLength: 4 }),
  o: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), smallInt, { maxKeys: 4 }),
});

const lit = (n: number): string => (n < 0 ? `(${n})` : String(n));

/** Integer-valued expressions; `v` is a bound integer variable in scope, if any. */
function intExpr(depth: number, v?: string): fc.Arbitrary<string> {
  const leaves: fc.Arbitrary<string>[] = [
    smallInt.map(lit),
    fc.constantFrom('input.a', 'input.b', 'count(input.xs)', 'count(input.ys)', 'sum(input.xs)', 'count(input.o)', 'count(input.s)'),
  ];
  if (v) leaves.push(fc.constant(v));
  if (depth <= 0) return fc.oneof(...leaves);
  const sub = intExpr(depth - 1, v);
  return fc.oneof(
    { arbitrary: fc.oneof(...leaves), weight: 3 },
    fc.tuple(sub, fc.constantFrom('+', '-', '*'), sub).map(([x, op, y]) => `(${x} ${op} ${y})`),
    fc.tuple(sub, sub).map(([x, y]) => `(${x} % ${y})`),
    sub.map((x) => `abs(${x})`),
    fc.constantFrom('max(input.xs)', 'min(input.xs)', 'count({x | some x in input.xs})'),
  );
}

/** Number-valued expressions, possibly fractional. */
function numExpr(depth: number, v?: string): fc.Arbitrary<string> {
  const i = intExpr(depth, v);
  return fc.oneof(
    { arbitrary: i, weight: 3 },
    fc.tuple(i, i).map(([x, y]) => `(${x} / ${y})`),
    fc.constantFrom('input.f', 'input.f * 2', 'sum([input.f, 0.25])', 'round(input.f)', 'to_number("1.5")'),
  );
}

function strExpr(depth: number): fc.Arbitrary<string> {
  const leaves = fc.oneof(
    word.map((w) => JSON.stringify(w)),
    fc.constantFrom('input.s', 'concat("-", input.ys)', 'concat(",", sort(input.ys))', 'format_int(input.a, 2)', 'json.marshal(input.xs)'),
  );
  if (depth <= 0) return leaves;
  const sub = strExpr(depth - 1);
  return fc.oneof(
    { arbitrary: leaves, weight: 3 },
    sub.map((s) => `upper(${s})`),
    sub.map((s) => `lower(${s})`),
    fc.tuple(sub, sub).map(([x, y]) => `concat("", [${x}, ${y}])`),
    fc.tuple(sub, intExpr(0)).map(([x, n]) => `sprintf("%s:%d:%v", [${x}, ${n}, input.xs])`),
    sub.map((s) => `trim_space(${s})`),
    sub.map((s) => `replace(${s}, "a", "_")`),
    sub.map((s) => `substring(${s}, 0, 2)`),
    sub.map((s) => `trim(${s}, "ab")`),
    fc.constantFrom('sprintf("%v|%q|%d", [input.o, input.s, input.a])', 'sprintf("%s/%v", [input.ys, {input.s}])', 'json.marshal(input.o)', 'base64.encode(input.s)'),
  );
}

function cond(depth: number, v?: string): fc.Arbitrary<string> {
  const n = numExpr(depth, v);
  const s = strExpr(depth > 0 ? 1 : 0);
  return fc.oneof(
    fc.tuple(n, fc.constantFrom('<', '<=', '>', '>=', '==', '!='), n).map(([x, op, y]) => `${x} ${op} ${y}`),
    fc.tuple(s, fc.constantFrom('==', '!=', '<'), s).map(([x, op, y]) => `${x} ${op} ${y}`),
    fc.tuple(s, word).map(([x, w]) => `startswith(${x}, ${JSON.stringify(w)})`),
    fc.tuple(s, word).map(([x, w]) => `contains(${x}, ${JSON.stringify(w)})`),
    intExpr(0, v).map((x) => `${x} in input.xs`),
    s.map((x) => `${x} in input.ys`),
    fc.constant('input.flag'),
    intExpr(0, v).map((x) => `not ${x} in input.xs`),
    fc.constant('not input.flag'),
    fc.tuple(fc.constantFrom('<', '>', '!='), smallInt).map(([op, k]) => `every e in input.xs { e ${op} ${lit(k)} }`),
    smallInt.map((k) => `some e in input.xs; e > ${lit(k)}`),
    fc.constant('is_number(input.f)'),
    fc.constantFrom(
      '[input.a, input.s] == [input.b, "x"]',
      'input.o == {"a": 1}',
      '{x | some x in input.xs} == {1, 2}',
      'regex.match("^[a-z]+$", input.s)',
      'glob.match("*b", [], input.s)',
      'endswith(input.s, "b")',
      'object.get(input.o, "a", 0) > 0',
      'input.s < input.a',
      '[1, 2] = [1, input.a]',
      'count(input.o) > 0',
    ),
  );
}

/** Conjunctions; each condition's local `e` is renamed apart, since Rego forbids redeclaring it. */
function body(depth: number, v?: string): fc.Arbitrary<string[]> {
  return fc.array(cond(depth, v), { minLength: 1, maxLength: 3 }).map((cs) => cs.map((c, i) => c.replace(/\be\b/g, `e${i}`)));
}

/** Conditions that may stand under `not` (no some/every/not of their own). */
function negatable(v?: string): fc.Arbitrary<string> {
  return cond(0, v).filter((c) => !/^(not |some |every )/.test(c));
}

/** Collection-valued expressions: comprehensions, set operations, object builtins. */
function collectionExpr(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(intExpr(1, 'x'), cond(0, 'x')).map(([h, c]) => `[${h} | some x in input.xs; ${c}]`),
    fc.tuple(intExpr(1, 'x'), cond(0, 'x')).map(([h, c]) => `{${h} | some x in input.xs; ${c}}`),
    fc.tuple(intExpr(1, 'v'), cond(0, 'v')).map(([h, c]) => `{k: ${h} | some k, v in input.o; ${c}}`),
    fc.constantFrom(
      '{x | some x in input.xs} | {1, 2}',
      '{x | some x in input.xs} & {0, 1, 2, 3}',
      '{x | some x in input.xs} - {1}',
      'sort(input.ys)',
      'object.keys(input.o)',
      'object.remove(input.o, ["a"])',
      'object.union(input.o, {"z": 0})',
      'array.concat(input.xs, [0])',
      'array.slice(input.xs, 1, 3)',
      '[input.a, input.s, input.flag, input.f]',
      '{"n": input.a, "m": {"s": input.s}}',
      'numbers.range(0, abs(input.a) % 5)',
      'split(input.s, "")',
      'sort([input.a, input.s, input.flag, null, [input.f], {"k": input.b}])',
      '{input.a, input.s, [input.f], input.flag}',
      '[[i, x] | some i, x in input.xs]',
      '{s: count(s) | some s in input.ys}',
      '[y | some y in input.ys; y < input.s]',
      'object.get(input.o, ["a"], "none")',
      '{"xs": input.xs, "n": count(input.xs)} == {"n": count(input.xs), "xs": input.xs}',
      'indexof(input.s, "b")',
      'max([input.a, input.b, input.f])',
    ),
  );
}

type RuleGen = (name: string) => fc.Arbitrary<string>;

const ruleGens: RuleGen[] = [
  (r) => numExpr(2).map((e) => `${r} := ${e}`),
  (r) => strExpr(2).map((e) => `${r} := ${e}`),
  (r) => collectionExpr().map((e) => `${r} := ${e}`),
  (r) => fc.tuple(numExpr(1), body(1)).map(([e, b]) => `${r} := ${e} if {\n  ${b.join('\n  ')}\n}`),
  (r) => body(2).map((b) => `${r} if {\n  ${b.join('\n  ')}\n}`),
  (r) => fc.tuple(body(1), smallInt).map(([b, d]) => `default ${r} := ${lit(d)}\n${r} := count(input.xs) if {\n  ${b.join('\n  ')}\n}`),
  (r) => fc.tuple(intExpr(1, 'x'), body(0, 'x')).map(([h, b]) => `${r} contains ${h} if {\n  some x in input.xs\n  ${b.join('\n  ')}\n}`),
  (r) => fc.tuple(intExpr(1, 'v'), cond(0, 'v')).map(([h, c]) => `${r}[k] := ${h} if {\n  some k, v in input.o\n  ${c}\n}`),
  (r) => fc.tuple(cond(0), numExpr(0), numExpr(0)).map(([c, x, y]) => `${r} := ${x} if {\n  ${c}\n} else := ${y}`),
  (r) => fc.tuple(intExpr(1, 'n'), intExpr(0)).map(([e, arg]) => `f_${r}(n) := ${e}\n${r} := f_${r}(${arg})`),
  (r) => negatable('x').map((c) => `${r} := [x | some x in input.xs; not ${c}]`),
  (r) => negatable().map((c) => `${r} if not ${c}`),
  (r) => fc.constant(`f_${r}(x) := "neg" if x < 0\nf_${r}(x) := "pos" if x > 0\n${r} := [f_${r}(x) | some x in input.xs]`),
  (r) => fc.constant(`${r}[s] := count(s) if some s in input.ys`),
  (r) => fc.constant(`${r} := [a, b] if {\n  [a, b] = array.slice(input.xs, 0, 2)\n}`),
  (r) => fc.constant(`${r} := a if {\n  {"a": a} = object.filter(input.o, ["a"])\n}`),
  (r) => fc.tuple(cond(0, 'x'), intExpr(0, 'x')).map(([c, e]) => `f_${r}(x) := ${e} if {\n  ${c}\n} else := "other"\n${r} := {x: f_${r}(x) | some x in input.xs}`),
];

/** Rules that use an earlier rule of the same program, whatever its type. */
const refGens: Array<(r: string, prev: string) => fc.Arbitrary<string>> = [
  (r, prev) => fc.constant(`${r} := {"prev": ${prev}, "type": type_name(${prev})}`),
  (r, prev) => fc.constant(`${r} if not ${prev}`),
  (r, prev) => fc.constant(`${r} := json.marshal([${prev}])`),
  (r, prev) => fc.constant(`${r} := sprintf("%v", [${prev}])`),
  (r, prev) => fc.tuple(smallInt, fc.boolean()).map(([a, flag]) => `${r} := v if {\n  v := ${prev} with input.a as ${lit(a)} with input.flag as ${flag}\n}`),
  (r, prev) => fc.constant(`${r} := v if {\n  v := ${prev} with input.xs as [1, 2, 3]\n}`),
];

export function programArb(index: number): fc.Arbitrary<GenProgram> {
  const pkg = `p${index}`;
  // A kind >= ruleGens.length means "a rule over an earlier rule" (only from the second rule on).
  const kindArb = fc.integer({ min: 0, max: ruleGens.length + 2 });
  return fc
    .tuple(fc.array(kindArb, { minLength: 1, maxLength: 5 }), inputArb)
    .chain(([kinds, input]) =>
      fc
        .tuple(
          ...kinds.map((k, i) => {
            const r = `r${i}`;
            if (k < ruleGens.length || i === 0) return ruleGens[k % ruleGens.length]!(r);
            return fc.tuple(fc.integer({ min: 0, max: i - 1 }), fc.integer({ min: 0, max: refGens.length - 1 })).chain(([j, g]) => refGens[g]!(r, `r${j}`));
          }),
        )
        .map((rules) => ({
          pkg,
          source: `package gen.${pkg}\n\n${rules.join('\n\n')}\n`,
          rules: kinds.map((_, i) => `r${i}`),
          input,
        })),
    );
}

/** A deterministic corpus: `count` programs from `seed`. */
export function generateCorpus(count: number, seed: number): GenProgram[] {
  return Array.from({ length: count }, (_, i) => fc.sample(programArb(i), { numRuns: 1, seed: seed + i })[0]!);
}
