// Validates exports against the formats' published JSON schemas (test/fixtures/schemas, see
// SOURCE.md there) with ajv, configured as Threat Dragon configures it (allowUnionTypes); the
// `date` format is checked as yyyy-mm-dd (ajv-formats is not a dependency).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

const dir = fileURLToPath(new URL('../fixtures/schemas/', import.meta.url));
const cache = new Map<string, ValidateFunction>();

export type SchemaName = 'otm-0.2.0' | 'threat-dragon-v2' | 'threagile';

export function validator(name: SchemaName): ValidateFunction {
  let v = cache.get(name);
  if (!v) {
    const ajv = new Ajv({ allowUnionTypes: true, strict: false, allErrors: true });
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    const schema = JSON.parse(readFileSync(dir + `${name}.schema.json`, 'utf8')) as Record<string, unknown>;
    // Draft-07 meta-schema references are left to ajv's default; Threagile's schema names itself
    // with the draft-04 keyword `id`, which ajv 8 refuses: read it as `$id` (same meaning).
    delete schema.$schema;
    if (typeof schema.id === 'string' && schema.$id === undefined) {
      schema.$id = schema.id;
      delete schema.id;
    }
    v = ajv.compile(schema);
    cache.set(name, v);
  }
  return v;
}

/** Schema errors of `value` as readable lines; empty when valid. */
export function schemaErrors(name: SchemaName, value: unknown): string[] {
  const v = validator(name);
  return v(value) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
