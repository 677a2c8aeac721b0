// Geometry check for laid-out SVGs: does any flow label's text box intersect a boundary title's?
// Text boxes are estimated from Graphviz's own text placement (x, y, text-anchor, font-size) and a
// generous average glyph width, so an overlap found here is a real one, and "none" has margin.
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function textBoxes(group: string): Box[] {
  const boxes: Box[] = [];
  for (const m of group.matchAll(/<text([^>]*)>([\s\S]*?)<\/text>/g)) {
    const tag = m[1];
    const text = m[2].replace(/<[^>]+>/g, '').replace(/&#?\w+;/g, 'x');
    const x = Number(attr(tag, 'x'));
    const y = Number(attr(tag, 'y'));
    const size = Number(attr(tag, 'font-size') ?? '14');
    const width = text.length * size * 0.6;
    const anchor = attr(tag, 'text-anchor') ?? 'start';
    const x0 = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x;
    boxes.push({ x0, y0: y - size, x1: x0 + width, y1: y + size * 0.25, text });
  }
  return boxes;
}

function groups(svg: string, cls: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(new RegExp(`<g id="[^"]*" class="${cls}"[^>]*>([\\s\\S]*?)</g>\\n(?=<!--|<g|</g>)`, 'g'))) out.push(m[1]);
  return out;
}

/** Pairs (flow label, boundary title) whose estimated text boxes intersect. */
export function labelOverlaps(svg: string): [Box, Box][] {
  const titles = groups(svg, 'cluster').flatMap(textBoxes);
  const labels = groups(svg, 'edge').flatMap(textBoxes);
  const hits: [Box, Box][] = [];
  for (const l of labels) for (const c of titles) if (l.x0 < c.x1 && c.x0 < l.x1 && l.y0 < c.y1 && c.y0 < l.y1) hits.push([l, c]);
  return hits;
}
