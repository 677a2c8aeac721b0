// The size and depth of a parsed YAML value with its aliases expanded, as both manifest readers
// (src/text/fast-yaml.ts and src/check/yaml-value.ts) charge an alias to the expansion budget: the
// bytes of the JSON the value becomes in the policy input, and its nesting depth. Aliased values
// are shared objects, so results are kept per object: measuring is linear in the distinct objects,
// however often they are aliased. Both readers must use this one definition, so that a file both
// can read is charged the same and refused at the same alias.

export interface Measure {
  /** JSON bytes (strings without escapes), aliases expanded. */
  size: number;
  /** A scalar 0, a mapping or list of scalars 1. */
  depth: number;
}

export class ValueMeter {
  private readonly memo = new Map<object, Measure>();

  measure(v: unknown): Measure {
    if (typeof v === 'string') return { size: v.length + 2, depth: 0 };
    if (v === null || typeof v !== 'object') return { size: String(v).length, depth: 0 };
    const known = this.memo.get(v);
    if (known) return known;
    let size = 2;
    let depth = 0;
    if (Array.isArray(v)) {
      for (const item of v) {
        const m = this.measure(item);
        size += m.size + 1;
        if (m.depth > depth) depth = m.depth;
      }
    } else {
      for (const k in v) {
        const m = this.measure((v as Record<string, unknown>)[k]);
        size += k.length + 3 + m.size;
        if (m.depth > depth) depth = m.depth;
      }
    }
    const out = { size, depth: depth + 1 };
    this.memo.set(v, out);
    return out;
  }
}
