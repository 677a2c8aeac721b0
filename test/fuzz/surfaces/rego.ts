// The Rego surface: every module of policies/ and of test/rego/cases mutated, token soup, and small
// generated modules; each compiled by Warden's compiler (next to policies/lib/k8s.rego, which the
// library's checks import) and evaluated on its case's input or a Kubernetes-like one.
// Properties: parse, compile and evaluation never throw; every diagnostic has a code, a file, a line
// and a column; `warden rego eval` (one input in CLI_EVERY) exits 0/1/2 without a stack trace.
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { evalRego, parseRego } from '../../../src/rego/index.js';
import { cli, corpusFiles, mutatedText, readRepo, scratchDir, soup, writeScratch } from '../lib/mutate.js';
import { clock, cliFailures, diagnosticFailures, slowFailure, thrown, TIME_BOUND_MS, type Failure, type Surface } from '../lib/surface.js';
import { REGO_ARRAY_DEPTH_CAP } from '../lib/known.js';
import { hash } from './yaml.js';

export interface RegoInput {
  module: string;
  input: unknown;
  data?: unknown;
}

interface Case {
  modules?: string[];
  input?: unknown;
  data?: unknown;
}

const K8S_LIB = readRepo('policies/lib/k8s.rego');

const policySeeds: RegoInput[] = corpusFiles(['policies'], /\.rego$/).map((f) => ({ module: readRepo(f), input: undefined }));
const caseSeeds: RegoInput[] = corpusFiles(['test/rego/cases'], /\.ya?ml$/).flatMap((f) => {
  const cases = (parseYaml(readRepo(f)) ?? []) as Case[];
  return (Array.isArray(cases) ? cases : []).flatMap((c) => (c.modules ?? []).map((m) => ({ module: m, input: c.input, ...(c.data !== undefined ? { data: c.data } : {}) })));
});
const seeds = [...policySeeds, ...caseSeeds];

/** A Kubernetes-shaped input for modules without a case input. */
const K8S_INPUT = {
  resources: [
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 'unconfined' } }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'nginx', securityContext: { privileged: true, runAsUser: 0 } }] } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ name: 'x', image: 'r.example/x:1', env: [{ name: 'PASSWORD', value: 's' }] }] } } } },
  ],
};

const pieces = [
  'package p', 'package test', 'import rego.v1', 'import data.x', 'import input as i', 'if', 'contains', 'some', 'every', 'in', 'not', 'with', 'as', 'default', 'else', ':=', '=', '==', '!=', '<', '>=',
  '+', '-', '*', '/', '%', '&', '|', '{', '}', '[', ']', '(', ')', ',', ';', ':', '.', '\n', ' ', '\t', '#', '# METADATA\n# title: x\n', '"', '"s"', '`raw`', '"\\u00e9"', '"\\x"',
  '0', '-1', '1.5', '1e400', '9223372036854775808', 'true', 'false', 'null', 'input', 'data', 'input.x', 'data.test', 'x', 'y', '_', 'p', 'q', 'f(x)', 'f(x) := y', 'p[x]',
  'count', 'sum', 'max', 'sprintf("%v", [x])', 'concat(",", x)', 'regex.match("[", x)', 'json.unmarshal("{")', 'to_number("x")', 'numbers.range(1, 1e9)', 'object.get(x, "a", 1)',
  'time.parse_rfc3339_ns("x")', 'split(x, "")', 'array.slice(x, 2, 1)', 'walk(input, [p, v])', 'print(x)', 'trace("t")', 'x := 1', 'x = y', '[x | x := 1]', '{x | x := 1}', '{x: y | x := 1; y := 2}',
  'some k, v in input', 'every x in input { x }', 'not input.y', 'with input as {}', 'with data.x as 1', 'test_x if true', 'deny contains msg if { msg := "m" }', 'p := 1 if', 'p := 2 if', 'é', '😀', '\u0000',
];

/** Small modules from a grammar: rules with bodies over input, comprehensions, functions, else. */
const term = fc.constantFrom('input.x', 'input.a.b', 'input.resources[_]', 'data.test.p', '1', '"s"', 'true', 'null', '[1, 2]', '{"a": 1}', 'x', 'y', 'count(input)', 'f(1)', '{1, 2}', 'input.x + 1', '1 / 0', '"a" + 1');
const expr = fc.oneof(
  fc.tuple(term, fc.constantFrom('==', '!=', '<', '>', ':=', '='), term).map(([a, o, b]) => `${o === ':=' ? 'x' : a} ${o} ${b}`),
  term,
  term.map((t) => `not ${t}`),
  fc.tuple(term).map(([t]) => `some z in ${t}`),
  fc.tuple(term, term).map(([a, b]) => `every z in ${a} { z == ${b} }`),
);
const rule = fc.oneof(
  fc.tuple(fc.constantFrom('p', 'q', 'r'), term, fc.array(expr, { maxLength: 3 })).map(([n, v, body]) => `${n} := ${v}${body.length ? ` if {\n\t${body.join('\n\t')}\n}` : ''}`),
  fc.tuple(fc.constantFrom('s', 'deny'), term, fc.array(expr, { maxLength: 3 })).map(([n, v, body]) => `${n} contains ${v} if {\n\t${body.join('\n\t') || 'true'}\n}`),
  fc.tuple(term, fc.array(expr, { maxLength: 2 })).map(([v, body]) => `f(a) := ${v} if {\n\t${body.join('\n\t') || 'a'}\n}`),
  fc.tuple(term, term).map(([a, b]) => `p := ${a} if false\nelse := ${b}`),
  term.map((v) => `default p := ${v}`),
  fc.tuple(term, term).map(([a, b]) => `m[${a}] := ${b}`),
);
/** Deep nesting: arrays, objects, sets, parentheses, long operator chains, nested comprehensions and calls. */
const deep = fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('array', 'object', 'paren', 'chain', 'compr', 'not', 'call', 'ref')).map(([n, style]) => {
  const body: Record<string, () => string> = {
    array: () => '['.repeat(Math.min(n, REGO_ARRAY_DEPTH_CAP)) + '1' + ']'.repeat(Math.min(n, REGO_ARRAY_DEPTH_CAP)),
    object: () => '{"a": '.repeat(n) + '1' + '}'.repeat(n),
    paren: () => '('.repeat(n) + '1' + ')'.repeat(n),
    chain: () => Array.from({ length: n }, () => '1').join(' + '),
    compr: () => '[x | x := '.repeat(Math.min(n, 300)) + '1' + ']'.repeat(Math.min(n, 300)),
    not: () => 'true',
    call: () => 'abs('.repeat(n) + '1' + ')'.repeat(n),
    ref: () => 'input' + '.a'.repeat(n),
  };
  return style === 'not' ? `package test\n\np if {\n\t${'not '.repeat(n)}input.x\n}\n` : `package test\n\np := ${body[style]!()}\n`;
});

const generated = fc.array(rule, { minLength: 1, maxLength: 6 }).map((rs) => `package test\n\n${rs.join('\n\n')}\n`);

export const regoInput: fc.Arbitrary<RegoInput> = fc
  .oneof(
    { weight: 5, arbitrary: fc.nat({ max: seeds.length - 1 }).chain((i) => mutatedText([seeds[i]!.module], pieces).map((module) => ({ ...seeds[i]!, module }))) },
    { weight: 2, arbitrary: fc.tuple(generated, fc.constantFrom<unknown>(undefined, {}, { x: 1, a: { b: [1] } }, K8S_INPUT)).map(([module, input]) => ({ module, input })) },
    { weight: 1, arbitrary: soup(pieces, 60).map((s) => ({ module: 'package test\n' + s, input: { x: 1 } })) },
    { weight: 1, arbitrary: deep.map((module) => ({ module, input: { x: 1 } })) },
  )
  .map((x) => ({ ...x, input: x.input === undefined ? K8S_INPUT : x.input }));

/** One in CLI_EVERY inputs also goes through `warden rego eval` (a replay chooses the same ones). */
const CLI_EVERY = 10;

/** The query for a module: its package, or data when it has none. */
export function queryOf(module: string): string {
  const m = /^\s*package\s+([A-Za-z_][\w.]*)/m.exec(module);
  return m ? `data.${m[1]}` : 'data';
}

async function apiFailures(x: RegoInput): Promise<Failure[]> {
  const modules = [
    { file: 'fuzz.rego', source: x.module },
    { file: 'policies/lib/k8s.rego', source: K8S_LIB },
  ];
  const parsed = parseRego(modules);
  const failures = diagnosticFailures('rego parse', parsed.diagnostics);
  const r = await evalRego(modules, queryOf(x.module), x.input, x.data);
  failures.push(...diagnosticFailures('rego compile/eval', r.diagnostics));
  if (r.value === undefined && !r.diagnostics.some((d) => d.severity === 'error')) failures.push({ kind: 'rego: no result and no error', detail: '' });
  return failures;
}

export const regoSurface: Surface<RegoInput> = {
  name: 'rego',
  arbitrary: regoInput,
  async run(x) {
    const elapsed = clock();
    let failures: Failure[];
    try {
      failures = await apiFailures(x);
    } catch (err) {
      failures = [thrown('rego', err)];
    }
    if (hash(x.module) % CLI_EVERY === 0) {
      writeScratch('fuzz.rego', x.module);
      writeScratch('input.json', JSON.stringify(x.input));
      failures.push(...cliFailures('rego eval', await cli(['rego', 'eval', 'fuzz.rego', '-i', 'input.json', queryOf(x.module)], scratchDir())));
    }
    failures.push(...slowFailure('rego', elapsed(), TIME_BOUND_MS));
    return failures;
  },
  show: (x) => x.module + `\n# input: ${JSON.stringify(x.input).slice(0, 300)}${x.data !== undefined ? `\n# data: ${JSON.stringify(x.data).slice(0, 300)}` : ''}`,
  text: { to: (x) => x.module, from: (module, original) => ({ ...original, module }) },
};
