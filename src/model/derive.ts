// Derived facts: what the model implies about an element without stating it, read from the flows
// that reach it. Threat rules run on the derived view, so a rule reading `exposure` or `authn` on an
// element sees what its incoming flows say, not only what was typed on the element.
//
// NOTE(derived exposure): an element of the process or store family is internet-facing when a flow
// reaches it from an untrusted boundary (or from outside every boundary) into a more trusted one,
// or when a reverse proxy that is itself internet-facing forwards to it. Example: `user Customer in
// Internet`, `flow Customer -> Web` and `process Web in Dmz` (trust medium): Web is treated as
// `exposure internet` even though the kind's default is `internal`. Models without boundaries
// never derive exposure (nothing crosses a boundary).
//
// NOTE(derived authn/authz): an element that does not state `authn` (or `authz`) takes it from its
// incoming flows when every one of them states it (a flow from a reverse proxy that states nothing
// passes on what reached the proxy). `flow Customer -> Gateway { authn oidc }` makes Gateway
// `authn oidc`: rules no longer report it as unauthenticated.
import type { AttrValue, Element, Flow, ResolvedModel } from './types.js';

/** Kinds (and their sub-kinds) that forward requests rather than process them. */
export const PROXY_KINDS: readonly string[] = ['ingress', 'appGateway'];
/** `technology` values of a process that mark it as a forwarding proxy. */
const PROXY_TECHNOLOGIES = new Set(['reverseProxy', 'loadBalancer', 'apiGateway']);

export interface DerivedFact {
  element: string;
  attribute: 'exposure' | 'authn' | 'authz';
  value: string;
  /** Flow that implies it (the first one in model order). */
  because: string;
}

export interface DerivedModel {
  /** The model with derived attributes filled in (a copy: the input is not changed). */
  model: ResolvedModel;
  facts: DerivedFact[];
}

type Families = ResolvedModel['kinds'];

function ancestry(kinds: Families, kind: string): string[] {
  const out: string[] = [];
  for (let k: string | undefined = kind; k !== undefined && !out.includes(k); k = kinds[k]?.extends) out.push(k);
  return out;
}

const enumOf = (v: AttrValue | undefined): string | undefined => (v?.type === 'enum' ? v.value : undefined);

/** Whether an element forwards requests (ingress, application gateway, `technology reverseProxy`...). */
export function isProxy(model: ResolvedModel, e: Element): boolean {
  const chain = ancestry(model.kinds, e.kind);
  if (chain.some((k) => PROXY_KINDS.includes(k))) return true;
  const tech = enumOf(e.attributes.technology);
  return tech !== undefined && PROXY_TECHNOLOGIES.has(tech);
}

export function deriveFacts(model: ResolvedModel): DerivedModel {
  const byId = new Map(model.elements.map((e) => [e.id, e]));
  const rank = new Map(model.boundaries.map((b) => [b.id, b.trustRank]));
  const rankOf = (id: string) => {
    const b = byId.get(id)?.boundary;
    return b === undefined ? 0 : (rank.get(b) ?? 0);
  };
  const inbound = new Map<string, Flow[]>();
  for (const f of model.flows) {
    const list = inbound.get(f.to);
    if (list) list.push(f);
    else inbound.set(f.to, [f]);
  }
  const facts: DerivedFact[] = [];
  const attrs = new Map<string, Record<string, AttrValue>>();
  const view = (e: Element) => attrs.get(e.id) ?? e.attributes;
  const set = (e: Element, attribute: DerivedFact['attribute'], value: string, because: string) => {
    attrs.set(e.id, { ...view(e), [attribute]: { type: 'enum', value } });
    facts.push({ element: e.id, attribute, value, because });
  };
  // Exposure: from untrusted sources first, then through internet-facing proxies (fixpoint).
  const exposed = (e: Element) => enumOf(view(e).exposure) === 'internet';
  const candidates = model.elements.filter((e) => e.base !== 'actor' && model.kinds[e.kind]?.attributes.exposure !== undefined);
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of candidates) {
      if (exposed(e)) continue;
      const via = (inbound.get(e.id) ?? []).find((f) => {
        const src = byId.get(f.from);
        if (!src || f.from === f.to) return false;
        if (rankOf(f.from) === 0 && rankOf(e.id) > 0) return true;
        return isProxy(model, src) && exposed(src);
      });
      if (via) {
        set(e, 'exposure', 'internet', via.id);
        changed = true;
      }
    }
  }
  deriveAccess(model, byId, inbound, view, set, 'authn');
  deriveAccess(model, byId, inbound, view, set, 'authz');
  if (facts.length === 0) return { model, facts };
  const elements = model.elements.map((e) => (attrs.has(e.id) ? { ...e, attributes: attrs.get(e.id)! } : e));
  return { model: { ...model, elements }, facts };
}

/** authn/authz of an element that states none, from its incoming flows (see the NOTE above). */
function deriveAccess(
  model: ResolvedModel,
  byId: Map<string, Element>,
  inbound: Map<string, Flow[]>,
  view: (e: Element) => Record<string, AttrValue>,
  set: (e: Element, a: 'authn' | 'authz', v: string, because: string) => void,
  attribute: 'authn' | 'authz',
): void {
  const memo = new Map<string, { value: string; because: string } | null>();
  const visiting = new Set<string>();
  const of = (e: Element): { value: string; because: string } | null => {
    const stated = enumOf(view(e)[attribute]);
    if (stated !== undefined) return { value: stated, because: '' };
    if (memo.has(e.id)) return memo.get(e.id)!;
    if (visiting.has(e.id) || e.base === 'actor') return null;
    visiting.add(e.id);
    const flows = (inbound.get(e.id) ?? []).filter((f) => f.from !== f.to);
    let found: { value: string; because: string } | null = null;
    for (const f of flows) {
      let v = enumOf(f.attributes[attribute]);
      if (v === undefined) {
        const src = byId.get(f.from);
        v = src && isProxy(model, src) ? of(src)?.value : undefined;
      }
      if (v === undefined || v === 'none') {
        found = null;
        break;
      }
      found ??= { value: v, because: f.id };
    }
    visiting.delete(e.id);
    memo.set(e.id, found);
    return found;
  };
  for (const e of model.elements) {
    if (e.base === 'actor' || model.kinds[e.kind]?.attributes[attribute] === undefined) continue;
    if (enumOf(view(e)[attribute]) !== undefined) continue;
    const d = of(e);
    if (d) set(e, attribute, d.value, d.because);
  }
}
