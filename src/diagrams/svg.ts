// DOT to SVG in-process with @hpcc-js/wasm-graphviz: no `dot` binary on the PATH is needed.
// The Wasm module is compiled once per process and reused (compiling costs far more than a layout).
import { Graphviz } from '@hpcc-js/wasm-graphviz';

let instance: Promise<Graphviz> | undefined;

function graphviz(): Promise<Graphviz> {
  instance ??= Graphviz.load();
  return instance;
}

/** Graphviz version string of the bundled Wasm build (for reports and bench output). */
export async function graphvizVersion(): Promise<string> {
  return (await graphviz()).version();
}

/**
 * Lays out `dot` and returns a standalone SVG document. Graphviz's SVG is already deterministic for
 * a given input and version; line endings are normalised, and the leading XML declaration and
 * DOCTYPE are kept so the file opens on its own.
 *
 * The SVG is responsive: the root keeps its viewBox and loses Graphviz's fixed width and height
 * (in pt), so it scales to its container (a browser window, an <img>, a page column) instead of
 * being clipped; its natural size stays readable from the viewBox.
 */
export async function dotToSvg(dot: string): Promise<string> {
  const svg = (await graphviz()).dot(dot, 'svg');
  return responsive(svg.replace(/\r\n?/g, '\n'));
}

/** Drops width and height from the root <svg> tag (only there: nested elements keep theirs). */
export function responsive(svg: string): string {
  const start = svg.indexOf('<svg');
  if (start < 0) return svg;
  const end = svg.indexOf('>', start);
  const tag = svg.slice(start, end).replace(/\s(width|height)="[^"]*"/g, '');
  return svg.slice(0, start) + tag.replace(/^<svg\s*\n?\s*/, '<svg ') + svg.slice(end);
}

/**
 * The same SVG for embedding inside an HTML page: XML declaration, DOCTYPE and comments removed
 * (an HTML parser would show or mangle them), starting at `<svg`. The natural size (from the
 * viewBox, in pt) is written back as width and height, so a page can choose between fitting it
 * (CSS `max-width:100%; height:auto`) and showing it at actual size.
 */
export function svgForInlineHtml(svg: string): string {
  const start = svg.indexOf('<svg');
  const body = svg
    .slice(start < 0 ? 0 : start)
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .trim();
  const box = /^<svg[^>]*\sviewBox="[\d.-]+ [\d.-]+ ([\d.]+) ([\d.]+)"/.exec(body);
  if (!box || /^<svg[^>]*\swidth=/.test(body)) return body;
  return `<svg width="${Math.round(Number(box[1]))}pt" height="${Math.round(Number(box[2]))}pt"\n ` + body.slice(5);
}
