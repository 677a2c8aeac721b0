// JSON form of the register, described by docs/threats-schema.json. Keys are written in a fixed
// order so the output is byte-identical for the same register. Bump THREATS_SCHEMA_VERSION (and
// the schema's $id) when a field changes meaning; adding optional fields does not.
import type { Threat, ThreatRegister } from '../types.js';
import { summarize } from './summary.js';

export const THREATS_SCHEMA_VERSION = 1;
export const THREATS_SCHEMA_ID = 'https://warden.dev/schemas/threats-v1.json';

function threatJson(t: Threat): Record<string, unknown> {
  return {
    id: t.id,
    rule: t.rule,
    generic: t.generic === true,
    category: t.category,
    target: { kind: t.target.kind, id: t.target.id },
    title: t.title,
    statement: t.statement,
    severity: t.severity,
    likelihood: t.likelihood,
    impact: t.impact,
    cwe: t.cwe,
    capec: t.capec,
    phase: t.phase,
    controls: t.controls,
    assets: t.assets,
    status: t.status,
    evidence: t.evidence,
    ...(t.acceptance ? { acceptance: t.acceptance } : {}),
    ...(t.notApplicable ? { notApplicable: t.notApplicable } : {}),
    ...(t.fingerprint ? { fingerprint: t.fingerprint } : {}),
    source: t.source,
  };
}

export function registerJson(register: ThreatRegister): Record<string, unknown> {
  return {
    $schema: THREATS_SCHEMA_ID,
    schemaVersion: THREATS_SCHEMA_VERSION,
    model: register.model,
    file: register.file,
    ...(register.asOf ? { asOf: register.asOf } : {}),
    summary: summarize(register),
    threats: register.threats.map(threatJson),
  };
}

export function renderJson(register: ThreatRegister): string {
  return JSON.stringify(registerJson(register), null, 2) + '\n';
}
