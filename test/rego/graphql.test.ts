// The GraphQL parser, syntax-tree conversion and validators behind the graphql.* builtins
// (src/rego/builtins/graphql/), tested directly: input text beside the tree or error it gives.
// The expected trees and messages are opa's (checked with opa eval, v1.22.2).
import test from 'ava';
import { parseQuery } from '../../src/rego/builtins/graphql/query.js';
import { parseSchema } from '../../src/rego/builtins/graphql/schema.js';
import { toJson, decodeQuery } from '../../src/rego/builtins/graphql/ast-json.js';
import { opaMessage } from '../../src/rego/builtins/graphql/errors.js';
import { blockStringValue, Lexer, Tok } from '../../src/rego/builtins/graphql/lexer.js';
import { buildSchema } from '../../src/rego/builtins/graphql/validate-schema.js';
import { validateQuery } from '../../src/rego/builtins/graphql/validate-query.js';
import { graphqlBuiltins } from '../../src/rego/builtins/graphql/index.js';

function queryError(src: string): string | undefined {
  const { err } = parseQuery(src);
  return err ? opaMessage([err], false) : undefined;
}

function schemaError(src: string): string | undefined {
  const { err } = parseSchema(src);
  return err ? opaMessage([err], false) : undefined;
}

test('lexer: columns count runes, a block string token sits on its last line', (t) => {
  const lx = new Lexer('"\u0a0a" y\n  """a\nb"""');
  const toks: Array<[Tok, string, number, number]> = [];
  for (let i = 0; i < 4; i++) {
    const [tok] = lx.read();
    toks.push([tok.kind, tok.value, tok.line, tok.column]);
  }
  // a string's column is after its quote; a block string's is counted from the start of the line it ends on
  t.deepEqual(toks, [
    [Tok.String, '\u0a0a', 1, 2],
    [Tok.Name, 'y', 1, 5],
    [Tok.BlockString, 'a\nb', 3, -1],
    [Tok.EOF, '', 3, 5],
  ]);
  t.is(queryError('  """a\nb"""'), 'GraphQL parse error: input:2:-1: Unexpected BlockString "a\\nb"');
});

test('lexer: block string indentation (the first line counts towards the common indent)', (t) => {
  t.is(blockStringValue('\n    a\n      b\n    '), 'a\n  b');
  t.is(blockStringValue('  x\n  y'), '  x\ny');
});

const syntaxErrors: Array<[string, string]> = [
  ['{', 'Expected Name, found <EOF> in GraphQL string at location 1:2'],
  ['{ field: {} }', 'Expected Name, found { in GraphQL string at location 1:10'],
  ['notanoperation Foo { field }', 'Unexpected Name "notanoperation" in GraphQL string at location 1:1'],
  ['query Foo($x: Complex = { a: [ $var ] }) { field }', 'Unexpected $ in GraphQL string at location 1:32'],
  ['{ ...on }', 'Expected Name, found } in GraphQL string at location 1:9'],
  ['{ a(x: "abc) }', 'Unexpected <Invalid> in GraphQL string at location 1:15'],
  ['{ a(x: 01) }', 'Unexpected <Invalid> in GraphQL string at location 1:9'],
  ['{...{__typename{...{}}}}', 'expected at least one definition, found } in GraphQL string at location 1:21'],
];
for (const [src, msg] of syntaxErrors) test(`query syntax error: ${src}`, (t) => t.is(queryError(src), msg));

const schemaErrors: Array<[string, string]> = [
  ['type Hello {}', 'expected at least one definition, found } in GraphQL string at location 1:13'],
  ['extend type Hello', 'Unexpected <EOF> in GraphQL string at location 1:18'],
  ['\n  "D"\n  extend type Hello { a: Int }', 'Unexpected String "D" in GraphQL string at location 2:4'],
  ['union Hello = Wo || Rld', 'Expected Name, found | in GraphQL string at location 1:19'],
  ['directive @foo on FIELD | WRONG', 'Unexpected Name "WRONG" in GraphQL string at location 1:27'],
  ['"""\r', 'Unexpected <Invalid> in GraphQL string at location 2:1'],
];
for (const [src, msg] of schemaErrors) test(`schema syntax error: ${JSON.stringify(src)}`, (t) => t.is(schemaError(src), msg));

test('query tree: empty strings and false stay, empty lists and nulls go, comments attach to the next field', (t) => {
  const { doc, err } = parseQuery('{ a # one\n b(x: [1]) ... on T { c } }');
  t.is(err, null);
  t.deepEqual(toJson(doc), {
    Operations: [
      {
        Operation: 'query',
        Name: '',
        SelectionSet: [
          { Alias: 'a', Name: 'a' },
          { Alias: 'b', Name: 'b', Comment: { List: [{ Value: '# one' }] }, Arguments: [{ Name: 'x', Value: { Raw: '', Kind: 8, ExpectedTypeHasDefault: false, Children: [{ Name: '', Value: { Raw: '1', Kind: 1, ExpectedTypeHasDefault: false } }] } }] },
          { TypeCondition: 'T', SelectionSet: [{ Alias: 'c', Name: 'c' }] },
        ],
      },
    ],
  });
});

test('schema tree: definitions carry BuiltIn and Description', (t) => {
  const { doc } = parseSchema('"d" scalar S @x');
  t.deepEqual(toJson(doc), { Definitions: [{ Kind: 'SCALAR', Description: 'd', Name: 'S', BuiltIn: false, Directives: [{ Name: 'x', Location: '' }] }] });
});

test('decoding a tree: a fragment spread comes back as a field, keys of most nodes ignore case', (t) => {
  const doc = decodeQuery({ operations: [{ Operation: 'query', SelectionSet: [{ Name: 'F' }, 'junk'] }] });
  t.deepEqual(toJson(doc), { Operations: [{ Operation: 'query', Name: '', SelectionSet: [{ Alias: '', Name: 'F' }] }] });
});

function problems(schema: string, query: string): string[] {
  const s = buildSchema(parseSchema(schema).doc);
  return validateQuery(s, parseQuery(query).doc).map((e) => e.message);
}

test('validation reports every problem in walk order', (t) => {
  t.deepEqual(problems('type Query { a(x: Int!): Int }', '{ a b }'), ['Field "a" argument "x" of type "Int!" is required, but it was not provided.', 'Cannot query field "b" on type "Query". Did you mean "a"?']);
  t.deepEqual(problems('type Query { a: Int }', 'query Q($v: Int) { a }'), ['Variable "$v" is never used in operation "Q".']);
  t.deepEqual(problems('type Query { a: Int }', '{ a }'), []);
});

test('schema validation stops at the first problem', (t) => {
  const err = t.throws(() => buildSchema(parseSchema('type Query { a: Missing }').doc));
  t.is(err?.message, 'Undefined type Missing.');
});

test('decoding a tree: a value of the wrong type fails with Go\'s message', (t) => {
  const err = t.throws(() => decodeQuery({ Operations: [{ Operation: 'query', SelectionSet: [], Name: 5 }] }));
  t.is(err?.message, 'json: cannot unmarshal number into Go struct field QueryDocument.Operations of type string');
});

test('builtins: is_valid and schema_is_valid answer false on syntax errors', (t) => {
  t.false(graphqlBuiltins['graphql.schema_is_valid']!('type {') as boolean);
  t.false(graphqlBuiltins['graphql.is_valid']!('{', 'type Query { a: Int }') as boolean);
  t.true(graphqlBuiltins['graphql.is_valid']!('{ a }', 'type Query { a: Int }') as boolean);
});

test('builtins: a tree with a missing node fails instead of answering', (t) => {
  const err = t.throws(() => graphqlBuiltins['graphql.is_valid']!({ Operations: [{ Operation: 'query', SelectionSet: [{ Name: 'a', Arguments: [{ Name: 'x', Value: null }] }] }] }, 'type Query { a(x: Int): Int }'));
  t.regex(err!.message, /not supported by Warden/);
});
