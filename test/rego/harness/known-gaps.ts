// test/rego/known-gaps.yaml: the cases Warden's compiler is known not to pass yet, each with a
// reason. Listed cases still run and must still fail, so fixing one forces the list to shrink.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const knownGapsPath = fileURLToPath(new URL('../known-gaps.yaml', import.meta.url));

/** Case id (`file › name`) -> reason. A missing file means no known gaps. */
export function loadKnownGaps(path = knownGapsPath): Map<string, string> {
  if (!existsSync(path)) return new Map();
  const raw = parse(readFileSync(path, 'utf8')) as unknown;
  if (raw === null || raw === undefined) return new Map();
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${path}: expected a mapping of case id to reason`);
  const out = new Map<string, string>();
  for (const [id, reason] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof reason !== 'string' || reason === '') throw new Error(`${path}: ${id}: the reason must be a non-empty string`);
    out.set(id, reason);
  }
  return out;
}
