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
 * a given input and version; the one thing normalised here is line endings, and the leading XML
 * declaration and DOCTYPE are kept so the file opens on its own.
 */
export async function dotToSvg(dot: string): Promise<string> {
  const svg = (await graphviz()).dot(dot, 'svg');
  return svg.replace(/\r\n?/g, '\n');
}

/**
 * The same SVG for embedding inside an HTML page: XML declaration, DOCTYPE and comments removed
 * (an HTML parser would show or mangle them), starting at `<svg`.
 */
export function svgForInlineHtml(svg: string): string {
  const start = svg.indexOf('<svg');
  return svg
    .slice(start < 0 ? 0 : start)
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .trim();
}
