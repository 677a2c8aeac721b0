// Stable threat ids. NOTE(ids): the id hashes only what names the threat (the rule id and the
// target's id), never positions, titles, attribute values or other elements, so a threat keeps
// its id across runs and unrelated edits; renaming the element (or the rule) is the only thing
// that changes it. Example: rule "UnauthenticatedCrossing" on flow "Customer->Gateway" hashes
// "UnauthenticatedCrossing\u0000Customer->Gateway" -> "TH-" + first 8 hex digits of its SHA-256.
import * as crypto from 'node:crypto';

export const ID_PREFIX = 'TH-';

// One-shot crypto.hash (Node >= 20.12) is about twice as fast as createHash for short inputs,
// which matters at 100k elements (a million threats); same digest either way.
const oneShot = (crypto as unknown as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

export function threatDigest(ruleId: string, targetId: string): string {
  const input = `${ruleId}\u0000${targetId}`;
  return oneShot ? oneShot('sha256', input, 'hex') : crypto.createHash('sha256').update(input).digest('hex');
}

/** The id of a threat, with `length` hex digits (8 unless a collision forces a longer one). */
export function threatId(ruleId: string, targetId: string, length = 8): string {
  return ID_PREFIX + threatDigest(ruleId, targetId).slice(0, length);
}

/**
 * Assigns ids to (rule, target) pairs. 8 hex digits collide by chance in very large models (about
 * one pair in 10^5 threats); the colliding threats, and only they, get 12 (then 16, ...) digits,
 * which stay stable as long as the colliding pair exists. Pairs must be unique.
 */
export function assignIds(pairs: readonly { rule: string; target: string }[]): string[] {
  const digests = pairs.map((p) => threatDigest(p.rule, p.target));
  const ids = digests.map((d) => ID_PREFIX + d.slice(0, 8));
  const seen = new Map<string, number>();
  let clash = false;
  for (let i = 0; i < ids.length; i++) {
    if (seen.has(ids[i])) clash = true;
    else seen.set(ids[i], i);
  }
  if (!clash) return ids;
  // Widen only the colliding groups until every id is unique.
  for (let len = 12; len <= 64; len += 4) {
    const groups = new Map<string, number[]>();
    ids.forEach((id, i) => groups.set(id, [...(groups.get(id) ?? []), i]));
    let again = false;
    for (const members of groups.values()) {
      if (members.length < 2) continue;
      again = true;
      for (const i of members) ids[i] = ID_PREFIX + digests[i].slice(0, len);
    }
    if (!again) break;
  }
  return ids;
}
