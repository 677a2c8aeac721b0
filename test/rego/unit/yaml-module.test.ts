// yaml.marshal, yaml.unmarshal and yaml.is_valid inside the module (src/rego/runtime/yaml.ts), run
// in the stock opa-wasm SDK with no Warden host: on thousands of generated values and documents
// (seeded, so every run sees the same ones), every answer the module gives itself equals the host
// implementation's (src/rego/builtins/yaml.ts, held to opa 1.22.2 elsewhere), and every other call
// reaches the host builtin, which the bare SDK reports as not implemented, never as a value.
import test from 'ava';
import { createRequire } from 'node:module';
import { compileRego, evalRego } from '../../../src/rego/index.js';
import { hostBuiltins, opaBuiltins } from '../../../src/rego/builtins/host.js';
import { UnsupportedBuiltinInput } from '../../../src/rego/builtins/values.js';

const require = createRequire(import.meta.url);
type Loaded = { evaluate(input: unknown): Array<{ result: unknown }> };
const sdk = require('@open-policy-agent/opa-wasm') as { loadPolicySync(w: Uint8Array, mem?: unknown, b?: Record<string, unknown>): Loaded };

function stock(source: string, builtins?: Record<string, unknown>): Loaded {
  const r = compileRego([{ file: 'p.rego', source: `package t\n${source}\n` }], { entrypoints: ['t/p'] });
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return sdk.loadPolicySync(r.value.wasm, undefined, builtins);
}

function message(e: unknown): string {
  return typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : String(e);
}

/** Object keys sorted, so JSON texts compare by value. */
function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]));
}

/** The message of what f throws (the SDK throws plain objects). */
function failure(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return message(e);
  }
  return 'no error';
}

const text = (v: unknown): string => JSON.stringify(canon(v));

/** The host implementation's answer as canonical JSON text, 'undefined', or 'unsupported'. */
function reference(name: string, arg: unknown): string {
  try {
    const buf = (hostBuiltins[`warden.${name}`] as (a: unknown) => ArrayBuffer)(arg);
    const v = JSON.parse(new TextDecoder().decode(buf)) as unknown;
    return v && typeof v === 'object' && '__warden_undefined__' in v ? 'undefined' : text(v);
  } catch (e) {
    if (e instanceof UnsupportedBuiltinInput) return 'unsupported';
    throw e;
  }
}

const policies = new Map<string, Loaded>();

/** The module's own answer under the bare SDK ('host' when it called the host builtin). */
function inModule(name: string, arg: unknown): string {
  if (!policies.has(name)) policies.set(name, stock(`p := [x | x := json.marshal(${name}(input[0]))]`));
  try {
    const out = (policies.get(name)!.evaluate([arg]) as Array<{ result: string[] }>)[0]!.result;
    return out.length ? text(JSON.parse(out[0]!)) : 'undefined';
  } catch (e) {
    if (new RegExp(`not implemented: built-in function \\d+: warden\\.${name.replace('.', '\\.')}`).test(message(e))) return 'host';
    throw e;
  }
}

/** Runs every case; fails on any in-module answer that is not the host's; returns how many the module answered. */
function differential(t: import('ava').ExecutionContext, name: string, args: unknown[]): number {
  let answered = 0;
  const wrong: string[] = [];
  for (const arg of args) {
    const got = inModule(name, arg);
    if (got === 'host') continue;
    answered++;
    const want = reference(name, arg);
    if (got !== want && wrong.length < 10) wrong.push(`${name}(${JSON.stringify(arg)}): module ${got}, host ${want}`);
  }
  t.deepEqual(wrong, []);
  return answered;
}

// ---- generated inputs (a small seeded PRNG: the same cases on every run) ----

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

// strings within the marshal subset and just outside it (words YAML reads as other types, spaces,
// quotes, digits first, unicode, a key past the writers' 1024-character limit)
const WORDS = ['a', 'b', 'name', 'app_v1', 'x.y/z-w', '_', 'A', 'kube-system', 'a'.repeat(300), 'yes', 'no', 'y', 'N', 'on', 'Off', 'true', 'False', 'null', 'NULL', 'nan', 'NaN', 'inf', '.inf', 'e5', 'x1e3', 'a b', ' a', 'a:', 'a: b', '#a', 'a#b', '-a', 'a-', '1a', '007', '0x1F', '1.5', '', 'é', 'ü-x', '😀', "it's", '"q"', 'line\nbreak', 'tab\tx', '~', '&a', '*a', '!t', '|', '>', '%x', '@x', '`x', '__proto__', 'k'.repeat(1100)];
const NUMBERS = [0, 1, -1, 42, -7, 1024, 2 ** 31, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 53, 2 ** 60, 1.5, -0.25, 1e21, 1e-7, 123456789.125];

function value(r: Rand, depth: number): unknown {
  const k = r();
  if (depth > 3 || k < 0.45) {
    const s = r();
    if (s < 0.1) return null;
    if (s < 0.2) return r() < 0.5;
    if (s < 0.4) return pick(r, NUMBERS);
    return pick(r, WORDS.slice(0, r() < 0.7 ? 9 : WORDS.length));
  }
  const n = Math.floor(r() * 4);
  if (k < 0.72) return Array.from({ length: n }, () => value(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) o[pick(r, WORDS.slice(0, r() < 0.9 ? 9 : WORDS.length))] = value(r, depth + 1);
  return o;
}

// ---- documents: a random tree written in a random mix of YAML styles, sometimes damaged ----

const PLAIN = ['a', 'name', 'x y', 'a:b', 'http://h/p?q=1', 'b[1]', 'c{d}', 'it\'s', 'say "hi"', 'a#b', 'é', 'ü ö', '😀', '(x)', '$v', '/p', '~', '~x', '_k', 'true', 'True', 'FALSE', 'false', 'null', 'Null', 'yes', 'No', 'on', 'OFF', 'y', '0', '-0', '7', '-12', '123456789012345', 'a, b', 'a ,b', '[x]', '1234567890123456', '007', '08', '0x1F', '0o17', '0b101', '1_000', '+5', '1.5', '.5', '1e3', '-.inf', '.nan', '2023-01-01', '1.2.3', '12:30', '5 apples', '<<', '-x', '?x', ':x', '&a x', '*a', '!!str x', '!x y', '|', '>', '%x', '@x', '`x'];
const QUOTED = ['""', "''", '"a"', "'a'", '"a b"', "'it''s'", '"q\\"x"', '"back\\\\slash"', '"\\n\\t\\r"', '"\\u00e9\\u4e2d"', "'a\\n'", '"true"', '"1"', "'null'", '"a # b"', '"a: b"', '"\\ud83d\\ude00"', '"\\x41"', '"\\/"', '"\\0"', '"\\e"', '"\\ "', '"unterminated', "'open"];

// the first entries of PLAIN and QUOTED are within the module's subset; most scalars come from those
function scalar(r: Rand): string {
  const common = r() < 0.85;
  return r() < 0.7 ? pick(r, common ? PLAIN.slice(0, 38) : PLAIN) : pick(r, common ? QUOTED.slice(0, 15) : QUOTED);
}

function key(r: Rand): string {
  const keys = ['a', 'b', 'c', 'name', 'spec', 'x y', 'é', '1', '-2', 'true', '"q"', "'s'", '"a:b"', 'a:b', 'null', '~', '<<', '__proto__', '? k', '[k]', '&a k', '!t k', 'k'.repeat(1100)];
  return r() < 0.9 ? pick(r, r() < 0.9 ? keys.slice(0, 14) : keys) : pick(r, PLAIN);
}

function flowText(r: Rand, depth: number): string {
  if (depth > 2 || r() < 0.5) return scalar(r).replace(/^(a, b|a ,b|\[x\])$/, 'a');
  const n = Math.floor(r() * 4);
  const sep = pick(r, [', ', ',', ' , ', ',\n  ']);
  if (r() < 0.5) return `[${Array.from({ length: n }, () => flowText(r, depth + 1)).join(sep)}${r() < 0.05 ? ',' : ''}]`;
  const colon = pick(r, [': ', ':', ' : ', ':\n  ']);
  return `{${Array.from({ length: n }, () => `${key(r)}${colon}${flowText(r, depth + 1)}`).join(sep)}}`;
}

function comment(r: Rand): string {
  return r() < 0.15 ? pick(r, [' # c', ' #c', '#c', '  # a: b']) : '';
}

/** Lines of a block node at column `ind` (the first line's own indentation left to the caller). */
function block(r: Rand, ind: number, depth: number): string[] {
  const k = r();
  const step = pick(r, [2, 2, 2, 4, 3, 1]);
  if (depth > 3 || k < 0.3) return [(r() < 0.8 ? scalar(r) : flowText(r, 0)) + comment(r)];
  const n = 1 + Math.floor(r() * 3);
  const pad = ' '.repeat(ind);
  const lines: string[] = [];
  if (k < 0.6) {
    for (let i = 0; i < n; i++) {
      const inner = block(r, ind + 2, depth + 1);
      const first = i === 0 ? '' : pad;
      if (r() < 0.7) lines.push(`${first}- ${inner[0]}`, ...inner.slice(1));
      else lines.push(`${first}-${comment(r)}`, ...block(r, ind + step, depth + 1).map((l, j) => (j === 0 ? ' '.repeat(ind + step) + l : l)));
    }
    return lines;
  }
  for (let i = 0; i < n; i++) {
    const first = i === 0 ? '' : pad;
    const kk = key(r);
    const v = block(r, ind + step, depth + 1);
    if (v.length === 1 && r() < 0.8) lines.push(`${first}${kk}: ${v[0]}`);
    else if (r() < 0.2) {
      // a sequence at the key's column
      lines.push(`${first}${kk}:`, ...block(r, ind, depth + 1).map((l, j) => (j === 0 ? `${pad}- ${l}` : l)));
    } else lines.push(`${first}${kk}:${comment(r)}`, ...v.map((l, j) => (j === 0 ? ' '.repeat(ind + step) + l : l)));
  }
  return lines;
}

function damage(r: Rand, doc: string): string {
  const at = Math.floor(r() * (doc.length + 1));
  switch (Math.floor(r() * 7)) {
    case 0:
      return doc.slice(0, at);
    case 1:
      return doc.slice(0, at) + doc.slice(at + 1);
    case 2:
      return doc.slice(0, at) + pick(r, ['\t', ' ', '\n', ':', '-', '[', '{', ']', '}', '"', "'", '#', '\r', '\u2028', '\ufeff', '\u0085', '\u0001']) + doc.slice(at);
    case 3:
      return `${doc}\n---\n${pick(r, ['b: 2', '[', 'x', ''])}`;
    case 4:
      return pick(r, ['%YAML 1.2\n---\n', '--- ', '---\n', '# top\n', '\n\n']) + doc;
    case 5:
      return doc + pick(r, ['\n...\n', '\n', '\n  x', '\nz: 1', '\n- z']);
    default:
      return doc.replace(/\n/g, '\r\n');
  }
}

function document(r: Rand): string {
  const doc = block(r, 0, 0).join('\n') + (r() < 0.5 ? '\n' : '');
  const prefix = r() < 0.1 ? '---\n' : r() < 0.05 ? '# c\n\n' : '';
  return r() < 0.3 ? damage(r, prefix + doc) : prefix + doc;
}

const VALUES = (() => {
  const r = rng(20261206);
  return Array.from({ length: 2500 }, () => value(r, 0));
})();

const DOCUMENTS = (() => {
  const r = rng(612);
  const docs = Array.from({ length: 3000 }, () => document(r));
  return [...docs, '', '# only a comment\n', '---\n', '---', '{', '[1, 2', '- a\n- [b', 'a: {b: [c, d}', '{"a": [1, 2, {"b": null}]}', '{"a":1,"b":"x"}', 'foo:\n   - qux: bar\n   - baz: {', 'a:\n- 1\n- 2\nb: 3'];
})();

// ---- tests ----

test('yaml.marshal inside the module writes what the host writes (and leaves the rest to it)', (t) => {
  const n = differential(t, 'yaml.marshal', VALUES);
  t.log(`yaml.marshal: ${n} of ${VALUES.length} answered in the module`);
  t.true(n > VALUES.length * 0.4, `answered ${n}`);
});

test('yaml.unmarshal inside the module reads what the host reads (and leaves the rest to it)', (t) => {
  const n = differential(t, 'yaml.unmarshal', DOCUMENTS);
  t.log(`yaml.unmarshal: ${n} of ${DOCUMENTS.length} answered in the module`);
  t.true(n > DOCUMENTS.length * 0.3, `answered ${n}`);
});

test('yaml.is_valid inside the module answers as the host (false only for a flow collection never closed)', (t) => {
  const n = differential(t, 'yaml.is_valid', [...DOCUMENTS, 1, null, true, ['a'], { a: 1 }]);
  t.log(`yaml.is_valid: ${n} of ${DOCUMENTS.length + 5} answered in the module`);
  const invalid = DOCUMENTS.filter((d) => inModule('yaml.is_valid', d) === 'false');
  t.true(invalid.length >= 5, `${invalid.length} answered false`);
  t.true(invalid.every((d) => !/[\]}]/.test(d)), 'false only without a closing bracket');
});

test('marshalled values read back inside the module', (t) => {
  let both = 0;
  for (const v of VALUES) {
    const m = inModule('yaml.marshal', v);
    if (m === 'host') continue;
    const back = inModule('yaml.unmarshal', JSON.parse(m));
    if (back === 'host') continue;
    both++;
    t.is(back, text(v));
  }
  t.true(both > VALUES.length * 0.3, `${both} round trips`);
});

test('sets marshal as their sorted members; opa\'s round-trip case runs without a host', (t) => {
  const policy = stock('p := [yaml.marshal([{"foo": {3, 1, 2}}]), yaml.unmarshal(yaml.marshal({"s": {"b", "a"}, "m": {null, true, 5}}))]');
  t.deepEqual(policy.evaluate({}), [{ result: ['- foo:\n    - 1\n    - 2\n    - 3\n', { m: [null, true, 5], s: ['a', 'b'] }] }]);
});

test('outside the subset: an error naming the host builtin in the bare SDK, the host\'s answer with opaBuiltins or Warden\'s loader', async (t) => {
  const src = 'p := [yaml.unmarshal(input.d), yaml.is_valid(input.d), yaml.marshal(input.v)]';
  const input = { d: 'a: &x 1\nb: *x\n', v: { k: 'two words' } };
  t.regex(failure(() => stock(src).evaluate(input)), /not implemented: built-in function \d+: warden\.yaml\.unmarshal/);
  t.deepEqual(stock('p := [yaml.unmarshal(input.d), yaml.is_valid(input.d)]', opaBuiltins).evaluate(input), [{ result: [{ a: 1, b: 1 }, true] }]);
  const r = await evalRego([{ file: 'p.rego', source: 'package t\np := [yaml.unmarshal(input.d), yaml.is_valid(input.d), yaml.is_valid(input.n)]\n' }], 'data.t.p', { d: 'x: |\n  text\n', n: 5 });
  t.deepEqual(r.value, [{ result: [{ x: 'text\n' }, true, false] }]);
});

test('strict: a document the module cannot read gets the host\'s error in opa\'s words', async (t) => {
  const r = await evalRego([{ file: 'p.rego', source: 'package t\np := yaml.unmarshal("[1,2,3")\n' }], 'data.t.p', {}, undefined, { strictBuiltinErrors: true });
  t.regex(r.diagnostics.map((d) => d.message).join('\n'), /^eval_builtin_error: yaml\.unmarshal: /);
});

// a hand-written manifest in the common style: all of it inside the subset
const MANIFEST = `---
# a deployment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, "tier": 'front'}
spec:
  replicas: 3
  paused: false
  template:
    spec:
      containers:
      - name: web
        image: "registry.example.com/web:1.2.3"
        args: ["--port", "8080"]
        ports:
          - containerPort: 8080
            protocol: TCP
        env:
        - name: MODE
          value: 'it''s prod'   # quoted
        resources: {}
      volumes: []
      nodeSelector:
      tolerations: ~
`;

test('a manifest in the common style is read inside the module', (t) => {
  t.not(inModule('yaml.unmarshal', MANIFEST), 'host');
  t.is(inModule('yaml.unmarshal', MANIFEST), reference('yaml.unmarshal', MANIFEST));
  t.is(inModule('yaml.is_valid', MANIFEST), 'true');
});
