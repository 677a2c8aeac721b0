// OPA's graphql.* builtins: parse a query or a schema into the Rego object opa returns, check a
// schema, check a query against a schema. A query or schema may be given as text or as the object
// a parse returned. Only this file is imported from outside the folder.
import type { QueryDocument, SchemaDocument } from './ast.js';
import { decodeQuery, decodeSchema, DecodeError, toJson, type Json } from './ast-json.js';
import { GqlError, GqlPanic, opaMessage } from './errors.js';
import { parseQuery } from './query.js';
import { parseSchema } from './schema.js';
import { buildSchema, type Schema } from './validate-schema.js';
import { validateQuery } from './validate-query.js';
import { typeOf, UnsupportedBuiltinInput } from '../values.js';

/** A failure of the builtin named `name`, carrying opa's message. */
class Failure extends Error {}

const isObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The query argument: text, or (when `objects`) a tree as an object. The operand number in the
 * type error is opa's (graphql.parse counts from 0 for its query, from 1 elsewhere).
 */
function query(name: string, v: unknown, objects = true): QueryDocument {
  if (typeof v === 'string') {
    const { doc, err } = parseQuery(v);
    if (err) throw new Failure(`${name}: ${opaMessage([err], false)}`);
    return doc;
  }
  if (objects && isObject(v)) return decodeQuery(v as Json);
  throw new Failure(`${name}: ${objects ? 'operand 0 must be one of {string, object}' : 'operand 1 must be string'} but got ${typeOf(v)}`);
}

function schemaDoc(name: string, v: unknown, objects = true): SchemaDocument {
  if (typeof v === 'string') {
    const { doc, err } = parseSchema(v);
    if (err) throw new Failure(`${name}: ${opaMessage([err], false)}`);
    return doc;
  }
  if (objects && isObject(v)) return decodeSchema(v as Json);
  throw new Failure(`${name}: operand 1 must be ${objects ? 'one of {string, object}' : 'string'} but got ${typeOf(v)}`);
}

function schema(name: string, doc: SchemaDocument): Schema {
  try {
    return buildSchema(doc);
  } catch (e) {
    if (e instanceof GqlError) throw new Failure(`${name}: Error in gqlparser SchemaDocument to Schema conversion: ${e.text()}`);
    throw e;
  }
}

function verify(name: string, s: Schema, q: QueryDocument): void {
  const errs = validateQuery(s, q);
  if (errs.length) throw new Failure(`${name}: ${opaMessage(errs, true)}`);
}

/**
 * Runs a builtin body: what opa's library would do by panicking (a tree from a Rego object with a
 * missing node, read as Go reads a nil pointer) fails the evaluation instead of answering.
 */
function guarded<T>(name: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof GqlPanic) throw new UnsupportedBuiltinInput(name, e.message);
    if (e instanceof TypeError || e instanceof RangeError) throw new UnsupportedBuiltinInput(name, 'a GraphQL syntax tree with missing or malformed nodes');
    if (e instanceof DecodeError) throw new Failure(`${name}: ${e.message}`);
    throw e;
  }
}

/** The body of a builtin that answers false (or its unverified value) where the others fail. */
function orElse<T>(name: string, fallback: T, body: () => T): T {
  return guarded(name, () => {
    try {
      return body();
    } catch (e) {
      if (e instanceof Failure || e instanceof DecodeError) return fallback;
      throw e;
    }
  });
}

export const graphqlBuiltins: Record<string, (...args: any[]) => unknown> = {
  'graphql.parse_query': (q: unknown) => guarded('graphql.parse_query', () => toJson(query('graphql.parse_query', q, false))),
  'graphql.parse_schema': (s: unknown) => guarded('graphql.parse_schema', () => toJson(schemaDoc('graphql.parse_schema', s, false))),
  'graphql.schema_is_valid': (s: unknown) =>
    orElse('graphql.schema_is_valid', false, () => {
      schema('graphql.schema_is_valid', schemaDoc('graphql.schema_is_valid', s));
      return true;
    }),
  'graphql.is_valid': (q: unknown, s: unknown) =>
    orElse('graphql.is_valid', false, () => {
      const qd = query('graphql.is_valid', q);
      verify('graphql.is_valid', schema('graphql.is_valid', schemaDoc('graphql.is_valid', s)), qd);
      return true;
    }),
  'graphql.parse_and_verify': (q: unknown, s: unknown) =>
    orElse('graphql.parse_and_verify', [false, {}, {}] as unknown[], () => {
      const name = 'graphql.parse_and_verify';
      const qd = query(name, q);
      const qJson = toJson(qd);
      const sd = schemaDoc(name, s);
      const sJson = toJson(sd);
      verify(name, schema(name, sd), qd);
      return [true, qJson, sJson];
    }),
  'graphql.parse': (q: unknown, s: unknown) =>
    guarded('graphql.parse', () => {
      const name = 'graphql.parse';
      const qd = query(name, q);
      const sd = schemaDoc(name, s);
      const sJson = toJson(sd);
      const built = schema(name, sd);
      const qJson = toJson(qd);
      verify(name, built, qd);
      return [qJson, sJson];
    }),
};
