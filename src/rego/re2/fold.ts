// Simple case folding for (?i): the orbit of a code point is the set of code points equal to it
// under Unicode simple case folding (Go's unicode.SimpleFold cycles through the same sets). The
// table is built once, on the first case-insensitive pattern, from the JavaScript engine's own
// single-code-point upper and lower mappings (multi-code-point mappings such as ß -> SS are not
// simple folds and are skipped). Code points above U+1FFFF have no case. The engine's tables may be
// of a newer Unicode version than Go's (letters added since have case there and not in Go).

const CASED_LIMIT = 0x20000;

let orbits: Map<number, number[]> | undefined;

function build(): Map<number, number[]> {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (!parent.has(ra)) parent.set(ra, ra);
    if (!parent.has(rb)) parent.set(rb, rb);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (let c = 0; c < CASED_LIMIT; c++) {
    // dotless i upper-cases to I, but only Turkic folding (not simple folding) joins them
    if ((c >= 0xd800 && c <= 0xdfff) || c === 0x131) continue;
    const s = String.fromCodePoint(c);
    for (const m of [s.toLowerCase(), s.toUpperCase()]) {
      const d = m.codePointAt(0)!;
      if (d !== c && m.length === (d > 0xffff ? 2 : 1)) union(c, d);
    }
  }
  const groups = new Map<number, number[]>();
  for (const c of parent.keys()) {
    const r = find(c);
    const g = groups.get(r);
    if (g) g.push(c);
    else groups.set(r, [c]);
  }
  const out = new Map<number, number[]>();
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    g.sort((a, b) => a - b);
    for (const c of g) out.set(c, g);
  }
  return out;
}

/** The code points that fold to the same as c, c included, ascending. */
export function orbit(c: number): readonly number[] {
  orbits ??= build();
  return orbits.get(c) ?? [c];
}

/** Every code point that has an orbit of more than itself (for closing ranges under folding). */
export function foldableCodePoints(): IterableIterator<number> {
  orbits ??= build();
  return orbits.keys();
}
