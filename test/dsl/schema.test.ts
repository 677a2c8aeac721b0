// docs/model-schema.json describes `warden export model`: exports are validated against it with a
// small JSON Schema (2020-12 subset) validator written here.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkSource, loadModel } from '../../src/dsl/index.js';
import { runCli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
type Schema = Record<string, unknown>;
const schema = JSON.parse(readFileSync(root + 'docs/model-schema.json', 'utf8')) as Schema;

/** Errors of `value` against `s` (subset: $ref, type, const, enum, properties, required, additionalProperties, items, oneOf, pattern, minimum, maximum). */
function validate(value: unknown, s: Schema, path = '$'): string[] {
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/$defs/', '');
    return validate(value, (schema.$defs as Record<string, Schema>)[name], path);
  }
  const errs: string[] = [];
  const type = s.type as string | undefined;
  const typeOk =
    type === undefined ||
    (type === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value)) ||
    (type === 'array' && Array.isArray(value)) ||
    (type === 'string' && typeof value === 'string') ||
    (type === 'number' && typeof value === 'number') ||
    (type === 'integer' && Number.isInteger(value)) ||
    (type === 'boolean' && typeof value === 'boolean');
  if (!typeOk) return [`${path}: expected ${type}`];
  if ('const' in s && value !== s.const) errs.push(`${path}: expected ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.includes(value)) errs.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof s.pattern === 'string' && typeof value === 'string' && !new RegExp(s.pattern, 'u').test(value)) errs.push(`${path}: does not match ${s.pattern}`);
  if (typeof s.minimum === 'number' && typeof value === 'number' && value < s.minimum) errs.push(`${path}: below minimum`);
  if (typeof s.maximum === 'number' && typeof value === 'number' && value > s.maximum) errs.push(`${path}: above maximum`);
  if (Array.isArray(s.oneOf)) {
    const matching = (s.oneOf as Schema[]).filter((alt) => validate(value, alt, path).length === 0).length;
    if (matching !== 1) errs.push(`${path}: matches ${matching} of oneOf`);
  }
  if (type === 'object') {
    const o = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in o)) errs.push(`${path}: missing ${r}`);
    for (const [k, v] of Object.entries(o)) {
      if (k in props) errs.push(...validate(v, props[k], `${path}.${k}`));
      else if (s.additionalProperties === false) errs.push(`${path}: unexpected property ${k}`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') errs.push(...validate(v, s.additionalProperties as Schema, `${path}.${k}`));
    }
  }
  if (type === 'array' && s.items) (value as unknown[]).forEach((v, i) => errs.push(...validate(v, s.items as Schema, `${path}[${i}]`)));
  return errs;
}

const RICH = `model "Rich" { owner "me"  reviewed 2026-01-01  tags ["a"] }
use "warden/azure"
control mtls "Mutual TLS" { description "d"  policies ["K8S-001"]  mitigates [spoofing]  phase deploy }
control trustedRegistry { phase deploy  param registries: list<string>  param strict: bool = true }
data Card { classification restricted  pii true }
boundary Azure { trust high  boundary Ns { namespace "payments" } }
workload Api in Ns { workload "deployment/api"  replicas 2  controls [mtls, trustedRegistry("a.io")] }
cosmosDb Db in Azure { stores [Card] }
user U
flow Pay: U -> Api "pay" { protocol https  port 443  carries [Card] }
flow Api -> Db { protocol tls  authn managedIdentity }
threat T "t" { on flow  category spoofing  when not has(authn) and from.boundary.trust < to.boundary.trust or protocol in [http, "x", 1, true]  severity high  cwe [306]  capec [151]  phase plan  controls [mtls]  statement "s"  description "d" }
mitigate Api.spoofing by mtls "x"
mitigate TH-00112233
accept Pay.tampering.T owner "o" until 2027-01-01 because "r"
notApplicable U.repudiation because "r"
waive "K8S-013" for "deployment/api" owner "o" until 2027-01-01 because "r"
`;

test('a rich model (every kind of declaration) validates against the schema', (t) => {
  const r = checkSource(root + 'test/rich.warden', RICH, { cwd: root, prelude: 'warden/base' });
  t.deepEqual(r.diagnostics, []);
  const json = JSON.parse(JSON.stringify(r.value));
  t.deepEqual(validate(json, schema), []);
});

test('the minimal example exports through the CLI and validates', async (t) => {
  const run = await runCli(['export', 'model', 'examples/minimal/model.warden'], { cwd: root });
  t.is(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout);
  t.deepEqual(validate(json, schema), []);
  t.is(json.schemaVersion, 1);
  const again = await runCli(['export', 'model', 'examples/minimal/model.warden'], { cwd: root });
  t.is(again.stdout, run.stdout, 'byte-identical on a second run');
});

test('the validator catches a broken document (it can fail)', (t) => {
  const r = loadModel('examples/minimal/model.warden', { cwd: root });
  const json = JSON.parse(JSON.stringify(r.value));
  json.elements[0].base = 'flow';
  delete json.flows[0].from;
  json.boundaries[0].trust = 'very';
  json.extra = 1;
  const errs = validate(json, schema);
  t.true(errs.some((e) => e.includes('elements[0].base')));
  t.true(errs.some((e) => e.includes('flows[0]: missing from')));
  t.true(errs.some((e) => e.includes('boundaries[0].trust')));
  t.true(errs.some((e) => e.includes('unexpected property extra')));
});
