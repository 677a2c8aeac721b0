// Formatter: canonical layout, comments kept, idempotent over every example, library file and
// fixture that parses; formatting never changes what the model means.
import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSource, parseSource } from '../../src/dsl/index.js';
import type { SourceFile } from '../../src/dsl/ast.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function wardenFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...wardenFiles(p));
    else if (name.endsWith('.warden')) out.push(p);
  }
  return out;
}

const corpus = [...wardenFiles(join(root, 'examples')), ...wardenFiles(join(root, 'models')), ...wardenFiles(join(root, 'test', 'fixtures'))];

/**
 * The AST without positions: what the model says, not where. Parentheses the formatter may drop
 * are unwrapped and `a and (b and c)` flattened, since they do not change the meaning.
 */
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

test('canonical layout', (t) => {
  const src = `model   "M"{owner "me"}
process Api "API"   in Z{exposure internet authn oidc controls[a,b("x",1)]}
flow   N : A->B{protocol https}
kind k extends process{doc "d" required attr x:list<ref<data>> =[] attr e:enum(a,b)=a requires boundary}
threat T{on flow category spoofing when not(a==b or c in[x,y])and has(d) statement "s"}
accept A.spoofing owner "o" until 2027-01-01 because "r"
`;
  const r = formatSource(src);
  t.deepEqual(r.diagnostics, []);
  t.is(
    r.value,
    `model "M" { owner "me" }
process Api "API" in Z { exposure internet  authn oidc  controls [a, b("x", 1)] }
flow N: A -> B { protocol https }
kind k extends process {
  doc "d"
  required attr x: list<ref<data>> = []
  attr e: enum(a, b) = a
  requires boundary
}
threat T {
  on flow
  category spoofing
  when not (a == b or c in [x, y]) and has(d)
  statement "s"
}
accept A.spoofing owner "o" until 2027-01-01 because "r"
`,
  );
});

test('comments are kept: leading, trailing, inside blocks, inside headers, at the end', (t) => {
  const src = `// head

/* block
   comment */
process A { // after brace
  exposure internet // trailing
  // before authn
  authn oidc
  // dangling at end of block
}
store /* in header */ B
flow A -> B // trailing flow
// the end
`;
  const r = formatSource(src);
  t.deepEqual(r.diagnostics, []);
  for (const c of ['// head', '/* block\n   comment */', '// after brace', '// trailing', '// before authn', '// dangling at end of block', '/* in header */', '// trailing flow', '// the end']) {
    t.true(r.value.includes(c), `kept ${c}`);
  }
  t.is(formatSource(r.value).value, r.value);
  t.is(parseSource('x', r.value).value.comments.length, parseSource('x', src).value.comments.length);
});

test('long attribute blocks break into lines; long lists fill indented lines', (t) => {
  const r = formatSource('process A { description "a fairly long description of this process"  exposure internet  authn oidc  inputValidation true }');
  t.is(r.value, 'process A {\n  description "a fairly long description of this process"\n  exposure internet\n  authn oidc\n  inputValidation true\n}\n');
  const names = Array.from({ length: 30 }, (_, i) => `control${i}`);
  const l = formatSource(`process B { controls [${names.join(', ')}] }`);
  const lines = l.value.split('\n');
  t.is(lines[1], '  controls [');
  const filled = lines.slice(2, -3);
  t.true(filled.length >= 2);
  t.true(filled.every((x) => x.startsWith('    control') && x.length <= 120));
  t.true(filled.slice(0, -1).every((x) => x.endsWith(',')) && !filled[filled.length - 1].endsWith(','));
  t.is(lines[lines.length - 3], '  ]');
  t.is(formatSource(l.value).value, l.value);
});

test('syntax errors: text returned unchanged with diagnostics', (t) => {
  const r = formatSource('process A { exposure = internet }');
  t.is(r.value, 'process A { exposure = internet }');
  t.is(r.diagnostics[0].code, 'WD1011');
});

test(`idempotent and meaning-preserving over ${corpus.length} corpus files`, (t) => {
  let formatted = 0;
  for (const file of corpus) {
    const text = readFileSync(file, 'utf8');
    const once = formatSource(text, file);
    if (once.diagnostics.some((d) => d.severity === 'error')) continue; // syntax-error fixtures
    formatted++;
    const name = relative(root, file);
    const twice = formatSource(once.value, file);
    t.is(twice.value, once.value, `${name}: format(format(x)) == format(x)`);
    t.deepEqual(shape(parseSource(file, once.value).value), shape(parseSource(file, text).value), `${name}: same AST`);
    t.is(parseSource(file, once.value).value.comments.length, parseSource(file, text).value.comments.length, `${name}: comments kept`);
  }
  t.true(formatted >= 50, `formatted ${formatted} files`);
});

test('examples are already canonically formatted', (t) => {
  for (const file of wardenFiles(join(root, 'examples'))) {
    const text = readFileSync(file, 'utf8');
    t.is(formatSource(text, file).value, text, relative(root, file));
  }
});
