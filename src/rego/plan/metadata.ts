// rego.metadata.rule() and rego.metadata.chain(): the METADATA annotations in force at a rule
// definition, known when compiling, so each call is planned as a constant (as opa's planner does).
import type { Annotation, Module, Rule } from '../parse/ast.js';

const KNOWN = new Set(['scope', 'title', 'description', 'entrypoint', 'organizations', 'related_resources', 'authors', 'custom', 'labels']);

/** Annotations as opa serialises them; an error message for keys Warden does not normalise. */
export function annotationJson(a: Annotation, defaultScope: string): Record<string, unknown> | string {
  const raw = a.raw;
  for (const k of Object.keys(raw)) if (!KNOWN.has(k)) return `rego.metadata: the METADATA key ${k} is not supported`;
  const out: Record<string, unknown> = { scope: typeof raw['scope'] === 'string' ? raw['scope'] : defaultScope };
  if (typeof raw['title'] === 'string') out['title'] = raw['title'];
  if (raw['entrypoint'] === true) out['entrypoint'] = true;
  if (typeof raw['description'] === 'string') out['description'] = raw['description'];
  if (Array.isArray(raw['organizations'])) out['organizations'] = raw['organizations'];
  if (raw['related_resources'] !== undefined) {
    if (!Array.isArray(raw['related_resources'])) return 'rego.metadata: related_resources must be a list';
    out['related_resources'] = raw['related_resources'].map((r) => (typeof r === 'string' ? { ref: r } : r));
  }
  if (raw['authors'] !== undefined) {
    if (!Array.isArray(raw['authors'])) return 'rego.metadata: authors must be a list';
    out['authors'] = raw['authors'].map((x) => (typeof x === 'string' ? author(x) : x));
  }
  if (raw['custom'] && typeof raw['custom'] === 'object') out['custom'] = raw['custom'];
  if (raw['labels'] && typeof raw['labels'] === 'object') out['labels'] = raw['labels'];
  return out;
}

/** "Jane Doe <jane@example.com>" as opa reads it: a name and an optional trailing email. */
function author(s: string): Record<string, string> {
  const m = /^(.*?)\s*<([^<>]+)>\s*$/.exec(s.trim());
  if (m) return m[1] ? { name: m[1], email: m[2]! } : { email: m[2]! };
  return { name: s.trim() };
}

/** The rule-scope (else document-scope) annotations of a definition, or {}. */
export function metadataRule(rule: Rule, defs: Rule[]): unknown {
  const own = rule.annotations && (rule.annotations.scope ?? 'rule') === 'rule' ? annotationJson(rule.annotations, 'rule') : undefined;
  if (own !== undefined) return own;
  const doc = defs.find((d) => d.annotations?.scope === 'document');
  return doc ? annotationJson(doc.annotations!, 'document') : {};
}

/** Rule, document, package and subpackages annotations from the definition outwards. */
export function metadataChain(rule: Rule, defs: Rule[], pkg: string[], modules: Module[]): unknown {
  const path = [...pkg, ...rule.name];
  const chain: unknown[] = [];
  const own = rule.annotations && (rule.annotations.scope ?? 'rule') === 'rule' ? annotationJson(rule.annotations, 'rule') : undefined;
  if (typeof own === 'string') return own;
  chain.push(own ? { annotations: own, path } : { path });
  const doc = defs.find((d) => d.annotations?.scope === 'document');
  if (doc) chain.push({ annotations: annotationJson(doc.annotations!, 'document'), path });
  for (let n = pkg.length; n > 0; n--) {
    const prefix = pkg.slice(0, n);
    for (const m of modules) {
      if (m.package.join('.') !== prefix.join('.')) continue;
      for (const a of m.annotations) {
        if (m.rules.some((r) => r.annotations === a)) continue;
        const scope = a.scope ?? 'package';
        if (scope === 'package' ? n === pkg.length : scope === 'subpackages') chain.push({ annotations: annotationJson(a, 'package'), path: prefix });
      }
    }
  }
  const bad = chain.find((c) => typeof (c as { annotations?: unknown }).annotations === 'string');
  return bad ? (bad as { annotations: string }).annotations : chain;
}
