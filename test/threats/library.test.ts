// Every rule of the library (models/warden/threats) fires on a model that has the weakness it is
// about and stays quiet on the same model with the weakness fixed. The whole library is loaded and
// checked by the real DSL front end, then run by the engine.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostics } from '../../src/diagnostics/index.js';
import { checkRules, generateThreats } from '../../src/threats/index.js';
import type { ResolvedModel } from '../../src/model/types.js';
import type { ThreatRegister } from '../../src/threats/types.js';
import { loadWithLibrary } from './library.js';
import { caseModel, caseTarget, RULE_CASES, SKIPS_MANAGED_SERVICES } from './rule-cases.js';

function load(which: 'fires' | 'quiet'): { model: ResolvedModel; register: ThreatRegister } {
  const r = loadWithLibrary(caseModel(which), `${which}.warden`);
  if (!r.value) throw new Error(`the ${which} model does not load:\n${formatDiagnostics(r.diagnostics)}`);
  const register = generateThreats(r.value, { today: '2026-01-01' });
  const errors = register.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(formatDiagnostics(errors));
  return { model: r.value, register: register.value };
}

const fires = load('fires');
const quiet = load('quiet');

const has = (reg: ThreatRegister, rule: string, target: string) => reg.threats.some((t) => t.rule === rule && t.target.id === target);

test('the library has at least 60 rules and they all type-check', (t) => {
  t.true(fires.model.rules.length >= 60, `only ${fires.model.rules.length} rules`);
  t.deepEqual(checkRules(fires.model), []);
});

test('every library rule has a fires / does-not-fire case', (t) => {
  const covered = new Set(RULE_CASES.map((c) => c.rule));
  const missing = fires.model.rules.map((r) => r.id).filter((id) => !covered.has(id));
  t.deepEqual(missing, [], 'rules without a case in test/threats/rule-cases.ts');
  const unknown = RULE_CASES.map((c) => c.rule).filter((id) => !fires.model.rules.some((r) => r.id === id));
  t.deepEqual(unknown, [], 'cases for rules that do not exist');
  t.is(new Set(RULE_CASES.map((c) => c.rule)).size, RULE_CASES.length, 'one case per rule');
});

test('every library rule carries references, a phase, controls and a statement', (t) => {
  for (const r of fires.model.rules) {
    t.true(r.cwe.length + r.capec.length > 0, `${r.id}: no CWE/CAPEC`);
    t.true(r.controls.length > 0, `${r.id}: no controls`);
    t.true(r.statement.length > 80, `${r.id}: statement too short`);
    t.truthy(r.likelihood && r.impact, `${r.id}: likelihood and impact`);
  }
});

RULE_CASES.forEach((c, i) => {
  const target = caseTarget(i);
  test(`${c.rule} fires on ${c.target}`, (t) => {
    t.true(has(fires.register, c.rule, target), `${c.rule} did not fire on ${target}`);
    const threat = fires.register.threats.find((x) => x.rule === c.rule && x.target.id === target)!;
    t.notRegex(threat.statement, /\{[A-Za-z_.]+\}/, 'placeholders left in the statement');
  });
  test(`${c.rule} does not fire when fixed`, (t) => {
    // The fixed target must exist, or "does not fire" would prove nothing.
    t.true(quiet.model.elements.some((e) => e.id === target) || quiet.model.flows.some((f) => f.id === target), `${target} missing`);
    t.false(has(quiet.register, c.rule, target), `${c.rule} fired on the fixed ${target}`);
  });
});

test('docs/threats.md lists every library rule', (t) => {
  const doc = readFileSync(join(process.cwd(), 'docs', 'threats.md'), 'utf8');
  const missing = fires.model.rules.map((r) => r.id).filter((id) => !doc.includes(`\`${id}\``));
  t.deepEqual(missing, [], 'add these rules to the table in docs/threats.md');
});

test('application rules skip managed platform services', (t) => {
  const r = loadWithLibrary('boundary Azure { trust high }\nidentityProvider Idp in Azure { exposure internet }\nprocess App in Azure { exposure internet }', 'managed.warden');
  t.truthy(r.value, formatDiagnostics(r.diagnostics));
  const reg = generateThreats(r.value!, { today: '2026-01-01' }).value;
  for (const rule of SKIPS_MANAGED_SERVICES) {
    t.false(has(reg, rule, 'Idp'), `${rule} fired on the identity provider`);
    t.true(has(reg, rule, 'App'), `${rule} should still fire on an ordinary internet-facing process`);
  }
});
