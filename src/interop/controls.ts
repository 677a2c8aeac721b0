// The controls applied to an element or flow (`controls [waf, trustedRegistry("r.example")]`),
// carried through formats that have no field for them (OTM `attributes.controls`, Threat Dragon
// `wardenControls`): rules look at them (`waf in from.controls`), so a round trip must keep them.
// A control without arguments is written as its name, one with arguments as {control, args}.
import type { ControlUse } from '../model/types.js';
import { CODES, isObj, str, type Warnings } from './common.js';
import { library } from './library.js';
import type { PathSeg } from './located.js';
import { plain } from './model-view.js';
import { b, id, IDENT, n, s, type WValue } from './writer.js';

/** Control uses as plain JSON. */
export function controlsOut(uses: readonly ControlUse[]): unknown[] {
  return uses.map((u) => (u.args.length ? { control: u.control, args: u.args.map(plain) } : u.control));
}

/** A JSON argument as a Warden value (strings, numbers, booleans and lists of them). */
function argValue(v: unknown): WValue | undefined {
  if (typeof v === 'string') return s(v);
  if (typeof v === 'number' && Number.isFinite(v)) return n(v);
  if (typeof v === 'boolean') return b(v);
  if (!Array.isArray(v)) return undefined;
  const items = v.map(argValue);
  return items.every((x) => x !== undefined) ? { list: items as WValue[] } : undefined;
}

/** The `controls` value for the Warden model from what `controlsOut` wrote; entries that are not library controls are reported and dropped. */
export function controlsIn(v: unknown, path: PathSeg[], warn: Warnings): WValue | undefined {
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? v : [v];
  const out: WValue[] = [];
  list.forEach((c, i) => {
    const name = typeof c === 'string' ? c : isObj(c) ? str(c.control) : undefined;
    const args = isObj(c) && Array.isArray(c.args) ? c.args.map(argValue) : [];
    if (name && IDENT.test(name) && library().controls.has(name) && args.every((a) => a !== undefined)) {
      out.push(args.length ? { call: name, args: args as WValue[] } : id(name));
    } else warn.warn([...path, i], CODES.dropped, `control ${JSON.stringify(name ?? c)} dropped: not a library control with plain arguments`);
  });
  return out.length ? { list: out } : undefined;
}
