// Mermaid's own parser, in Node: mermaid 11 expects a browser, so a jsdom window is installed as
// the global DOM first (DOMPurify, which mermaid imports, binds to it at import time). Loaded once
// per test process. Returns the parser's error message, or undefined when the text is valid.
import { JSDOM } from 'jsdom';

type Mermaid = { initialize(c: object): void; parse(text: string): Promise<unknown> };
let loaded: Promise<Mermaid> | undefined;

async function load(): Promise<Mermaid> {
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  const g = globalThis as Record<string, unknown>;
  g.window = dom.window;
  g.document = dom.window.document;
  g.DOMParser = dom.window.DOMParser;
  g.Element = dom.window.Element;
  g.HTMLElement = dom.window.HTMLElement;
  const mermaid = (await import('mermaid')).default as unknown as Mermaid;
  // GitHub renders with securityLevel strict; parse under the same setting.
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  return mermaid;
}

export async function mermaidError(text: string): Promise<string | undefined> {
  loaded ??= load();
  const mermaid = await loaded;
  try {
    await mermaid.parse(text);
    return undefined;
  } catch (err) {
    return (err as Error).message ?? String(err);
  }
}
