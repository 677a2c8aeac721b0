// The local HTTP server behind `warden serve`: 127.0.0.1 only, a page, a push channel and the state.
//   GET /                 the page (inline CSS and script; nothing else is ever loaded)
//   GET /events           server-sent events: `data: <version>` at connect and after every change
//   GET /state?view=...   JSON: status, diagnostics and the diagram of that view
//   GET /sections         JSON: the report's summary, threat register and checklists
// The page asks for both after each change and patches each as it arrives: the diagram (cheap)
// does not wait for the register (hundreds of rows on a large model).
// Requests whose Host header is not this loopback address are refused (a web page elsewhere cannot
// reach the server through DNS rebinding); only GET and HEAD are served.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml as h } from '../text/escape.js';
import { renderPage } from './page.js';
import { defaultView, loadSnapshot, nodeRefs, parseView, renderView, sameTexts, type RenderedView, type ServeTarget, type Snapshot } from './state.js';
import { FileWatcher } from './watch.js';

export interface ServeOptions extends ServeTarget {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Quiet period after the last file event before reloading (ms). */
  debounceMs?: number;
  /** Called after each reload that changed something (for the CLI's log line). */
  onReload?: (snapshot: Snapshot) => void;
}

export interface LiveServer {
  url: string;
  port: number;
  /** The current snapshot (tests and the CLI read it). */
  snapshot(): Snapshot;
  close(): Promise<void>;
}

const CSP = "default-src 'none'; connect-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Serves a model until closed. Resolves once the port is listening. */
export async function startServer(options: ServeOptions): Promise<LiveServer> {
  let current = loadSnapshot(options, 1);
  const views = new Map<string, Promise<RenderedView>>();
  const clients = new Set<ServerResponse>();
  const reload = (): void => {
    const next = loadSnapshot(options, current.version + 1, current);
    watcher.setFiles(next.files);
    if (sameTexts(current, next)) return;
    current = next;
    const shown = [...views.keys()];
    views.clear();
    // Lay out again the views pages were showing, before they ask: the request finds them in flight.
    for (const name of shown) views.set(name, renderView(current, parseView(name)!));
    for (const c of clients) c.write(`data: ${current.version}\n\n`);
    options.onReload?.(current);
  };
  const watcher = new FileWatcher(reload, options.debounceMs);
  watcher.setFiles(current.files);

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`internal error: ${err.message}`);
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const port = (server.address() as AddressInfo).port;
    if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`) return send(res, 403, 'text/plain', 'forbidden host\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/') return send(res, 200, 'text/html', renderPage(current.model?.model.name ?? options.file));
    if (url.pathname === '/events') return events(res);
    if (url.pathname === '/state') return send(res, 200, 'application/json', JSON.stringify(await state(url.searchParams.get('view') ?? '')));
    if (url.pathname === '/sections') return send(res, 200, 'application/json', JSON.stringify({ version: current.version, ...current.sections() }));
    return send(res, 404, 'text/plain', 'not found\n');
  };
  const events = (res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 500\ndata: ${current.version}\n\n`);
    clients.add(res);
    res.on('close', () => clients.delete(res));
  };
  const state = async (asked: string): Promise<Record<string, unknown>> => {
    const snap = current;
    const wanted = parseView(asked) ? asked : defaultView(snap.model);
    let name = wanted;
    let rendered = await viewOf(snap, wanted);
    let note = '';
    if (rendered.diagnostics.some((d) => d.severity === 'error')) {
      // The element or boundary in view is gone (renamed, deleted): show the default view instead.
      note = rendered.diagnostics.map((d) => `${d.message}${d.hint ? ` (${d.hint})` : ''}`).join('; ');
      name = defaultView(snap.model);
      rendered = await viewOf(snap, name);
    }
    return {
      version: snap.version,
      stale: snap.stale,
      errors: snap.diagnostics.filter((d) => d.severity === 'error').length,
      warnings: snap.diagnostics.filter((d) => d.severity === 'warning').length,
      diagnostics: snap.diagnosticsHtml,
      view: name,
      viewNote: note ? `<p class="note">${h(note)}</p>` : '',
      caption: rendered.caption,
      // Responsive SVG (no width/height): the page's pan/zoom scales it; prolog and comments dropped.
      svg: rendered.svg.slice(Math.max(0, rendered.svg.indexOf('<svg'))).replace(/<!--[\s\S]*?-->\n?/g, ''),
      nodes: snap.model ? nodeRefs(snap.model) : {},
    };
  };
  const viewOf = (snap: Snapshot, name: string): Promise<RenderedView> => {
    const cached = views.get(name);
    if (cached && snap === current) return cached;
    const made = renderView(snap, parseView(name)!);
    if (snap === current) views.set(name, made);
    return made;
  };

  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
    });
  } catch (err) {
    watcher.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  // A keep-alive timer would hold idle event streams forever; a comment line every 15 s keeps proxies and browsers from timing out.
  const heartbeat = setInterval(() => {
    for (const c of clients) c.write(': ping\n\n');
  }, 15000);
  heartbeat.unref();
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    snapshot: () => current,
    close: async () => {
      clearInterval(heartbeat);
      watcher.close();
      for (const c of clients) c.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
