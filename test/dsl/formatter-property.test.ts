// Property: the formatter is idempotent and keeps meaning, fmt(fmt(x)) == fmt(x), over every
// .warden file of the repository and over generated models. The generator writes every statement
// form of the DSL, nesting boundaries, random spacing and line breaks, and comments between tokens.
// It found `boundary e{s a{}}`, which formatted to `s a` inside the boundary: an attribute, not an
// element, so the second run printed something else.
import test from 'ava';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSource, parseSource } from '../../src/dsl/index.js';
import type { SourceFile } from '../../src/dsl/ast.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function wardenFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...wardenFiles(p));
    else if (name.endsWith('.warden')) out.push(p);
  }
  return out;
}

/** What the source says, without positions; parentheses and nested and/or flattened as the formatter may. */
function shape(f: SourceFile): unknown {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (o.kind === 'paren') return norm(o.inner);
    if ((o.kind === 'and' || o.kind === 'or') && Array.isArray(o.args)) {
      const args = (o.args as unknown[]).map(norm).flatMap((a) => ((a as Record<string, unknown>).kind === o.kind ? ((a as Record<string, unknown>).args as unknown[]) : [a]));
      return { kind: o.kind, args };
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) if (k !== 'span' && k !== 'block') out[k] = norm(x);
    return out;
  };
  return norm(f.statements);
}

/** Why `text` breaks the formatter's promises, or undefined (also for text that does not parse). */
function problem(text: string): string | undefined {
  const once = formatSource(text);
  if (once.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const twice = formatSource(once.value);
  if (twice.value !== once.value) return `not idempotent:\n--- once\n${once.value}--- twice\n${twice.value}`;
  const a = parseSource('x', text).value;
  const b = parseSource('x', once.value).value;
  if (JSON.stringify(shape(a)) !== JSON.stringify(shape(b))) return `meaning changed:\n${once.value}`;
  if (a.comments.length !== b.comments.length) return `comments lost: ${a.comments.length} -> ${b.comments.length}`;
  return undefined;
}

test('every .warden file of the repository formats idempotently and keeps its meaning', (t) => {
  const files = [...wardenFiles(join(root, 'examples')), ...wardenFiles(join(root, 'models')), ...wardenFiles(join(root, 'test')), ...wardenFiles(join(root, 'docs'))];
  t.true(files.length >= 50, `${files.length} files`);
  for (const f of files) t.is(problem(readFileSync(f, 'utf8')), undefined, relative(root, f));
});

test('the regression: an empty element block inside a boundary is kept', (t) => {
  t.is(formatSource('boundary e{s a{}}').value, 'boundary e {\n  s a {}\n}\n');
  t.is(problem('boundary e{s a{}}'), undefined);
  t.is(problem('boundary e { trust high\n s a {} // c\n s b {\n}\n}'), undefined);
});

// ------------------------------------------------------------------------------------------------
// The generator. Names include one-letter kinds (`s a`), which inside a boundary are only elements
// when a title, `in` or a block follows.

const name = fc.constantFrom('a', 'b', 's', 'e', 'Api', 'Db', 'B2', 'x_y', 'process', 'store', 'workload');
const str = fc.constantFrom('"t"', '"two words"', '""', '"q\\"uote"', '"a // not a comment"', '"/* nor this */"', '"\\u00e9"');
const scalar = fc.oneof(str, fc.constantFrom('true', 'false', '1', '2.5', '-3', '2027-01-31', 'high', 'internet', 'TH-0000abcd'), name);
const value = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`) },
  { weight: 1, arbitrary: fc.tuple(name, fc.array(scalar, { maxLength: 3 })).map(([n, xs]) => `${n}(${xs.join(', ')})`) },
  { weight: 1, arbitrary: fc.array(fc.tuple(name, fc.array(scalar, { maxLength: 2 })).map(([n, xs]) => (xs.length ? `${n}(${xs.join(', ')})` : n)), { maxLength: 30 }).map((xs) => `[${xs.join(', ')}]`) },
);
const attrName = fc.constantFrom('trust', 'namespace', 'protocol', 'authn', 'owner', 'controls', 'exposure', 'handles', 'carries', 'tags', 'classification', 'description');
const attribute = fc.tuple(attrName, value).map(([k, v]) => `${k} ${v}`);
const comment = fc.constantFrom('// line comment', '/* block */', '/* multi\n   line */', '//');
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const attrs = fc.array(fc.oneof({ weight: 4, arbitrary: attribute }, { weight: 1, arbitrary: comment }), { maxLength: 5 });
const block = maybe(attrs).map((xs) => (xs === undefined ? '' : `{ ${xs.join('\n')} }`));

const element = fc.tuple(name, name, maybe(str), maybe(name), block).map(([k, n, t, p, b]) => [k, n, t ?? '', p ? `in ${p}` : '', b].filter(Boolean).join(' '));
const flow = fc.tuple(maybe(name), name, name, maybe(str), block).map(([n, a, b, t, blk]) => ['flow', n ? `${n}:` : '', `${a} -> ${b}`, t ?? '', blk].filter(Boolean).join(' '));
const data = fc.tuple(name, maybe(str), block).map(([n, t, b]) => ['data', n, t ?? '', b].filter(Boolean).join(' '));
const boundary: fc.Arbitrary<string> = fc.letrec<{ boundary: string }>((tie) => ({
  boundary: fc
    .tuple(name, maybe(str), maybe(name), fc.array(fc.oneof({ weight: 3, arbitrary: attribute }, { weight: 3, arbitrary: element }, { weight: 1, arbitrary: flow }, { weight: 1, arbitrary: data }, { weight: 1, arbitrary: comment }, { weight: 1, arbitrary: tie('boundary') }), { maxLength: 5 }), fc.boolean())
    .map(([n, t, p, members, hasBlock]) => ['boundary', n, t ?? '', p ? `in ${p}` : '', hasBlock || members.length > 0 ? `{ ${members.join('\n')} }` : ''].filter(Boolean).join(' ')),
})).boundary;
const kind = fc.tuple(name, maybe(name), fc.array(fc.constantFrom('attr x: string', 'attr n: number = 3', 'required attr r: ref<element>', 'attr e: enum(low, high) = low', 'attr l: list<string>', 'doc "d"', 'requires boundary', '// c'), { maxLength: 4 })).map(
  ([n, ext, items]) => `kind ${n}${ext ? ` extends ${ext}` : ''} { ${items.join('\n')} }`,
);
const control = fc.tuple(name, maybe(str), fc.array(fc.constantFrom('phase deploy', 'mitigates [spoofing, tampering]', 'policies ["K8S-001"]', 'param p: string = "x"', 'required param q: list<string>', 'description "d"'), { maxLength: 4 })).map(
  ([n, t, items]) => `control ${n}${t ? ` ${t}` : ''} { ${items.join('\n')} }`,
);
const cond = fc.constantFrom('exposure == internet', 'not (a.b == true and c < 3)', 'x in [a, b] or y', '(a or b) and (c or d)', 'crossesInto', 'not not a', 'all(controls, c != x)');
const threat = fc.tuple(name, maybe(str), cond).map(([n, t, c]) => `threat ${n}${t ? ` ${t}` : ''} { applies process\ncategory spoofing\nwhen ${c}\nseverity high }`);
const decision = fc.constantFrom(
  'mitigate Api.spoofing by mtls "done"',
  'accept Db.repudiation owner "me" until 2027-06-30 because "later"',
  'notApplicable a.tampering because "n/a"',
  'waive "K8S-001" for "deployment/x" owner "o" until 2027-01-01 because "r"',
  'mitigate TH-0000abcd',
  'use "warden/base"',
  'model "M" { owner "o" }',
);
const statement = fc.oneof({ weight: 3, arbitrary: element }, { weight: 3, arbitrary: boundary }, { weight: 2, arbitrary: flow }, { weight: 1, arbitrary: data }, { weight: 1, arbitrary: kind }, { weight: 1, arbitrary: control }, { weight: 1, arbitrary: threat }, { weight: 1, arbitrary: decision }, { weight: 1, arbitrary: comment });

/** Statements joined, then every space re-spaced at random: one space, several, a line break, a blank line. */
const source = fc.tuple(fc.array(statement, { minLength: 1, maxLength: 8 }), fc.array(fc.constantFrom(' ', '  ', '\n', '\n\n', '\t'), { minLength: 1, maxLength: 16 })).map(([stmts, seps]) => {
  let i = 0;
  // Only spaces outside strings and comments are re-spaced, so the tokens stay the same.
  return stmts.join('\n').replace(/"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\/| /g, (m) => (m === ' ' ? seps[i++ % seps.length] : m));
});

test('property: generated models format idempotently and keep their meaning and comments', (t) => {
  let parsed = 0;
  fc.assert(
    fc.property(source, (text) => {
      if (!parseSource('x', text).diagnostics.some((d) => d.severity === 'error')) parsed++;
      const p = problem(text);
      if (p) throw new Error(`${p}\n--- input\n${text}`);
      return true;
    }),
    { numRuns: 1500 },
  );
  t.log(`${parsed} of 1500 generated models parsed`);
  t.true(parsed >= 500, `only ${parsed} generated models parsed: the generator has drifted from the grammar`);
});
