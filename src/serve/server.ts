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

/** Views laid out again right after a change, before pages ask (the most recently requested ones). */
const PRERENDER = 3;

/**
 * The served model: the current snapshot, the diagrams laid out for it (per view name), and the
 * open event streams. A change replaces the snapshot, pre-renders the recent views and notifies.
 */
class LiveModel {
  current: Snapshot;
  private views = new Map<string, Promise<RenderedView>>();
  private recent: string[] = [];
  readonly clients = new Set<ServerResponse>();

  constructor(private readonly options: ServeOptions) {
    this.current = loadSnapshot(options, 1);
  }

  /** Reloads from disk; returns the new watch list. Notifies pages only when a file's text changed. */
  reload(): string[] {
    const next = loadSnapshot(this.options, this.current.version + 1, this.current);
    if (sameTexts(this.current, next)) return next.files;
    this.current = next;
    this.views.clear();
    for (const name of this.recent) this.views.set(name, renderView(next, parseView(name)!));
    for (const c of this.clients) c.write(`data: ${next.version}\n\n`);
    this.options.onReload?.(next);
    return next.files;
  }

  private viewOf(snap: Snapshot, name: string): Promise<RenderedView> {
    this.recent = [...this.recent.filter((n) => n !== name), name].slice(-PRERENDER);
    const cached = snap === this.current ? this.views.get(name) : undefined;
    if (cached) return cached;
    const made = renderView(snap, parseView(name)!);
    if (snap === this.current) this.views.set(name, made);
    return made;
  }

  /** The JSON of GET /state for a view name (an unknown or vanished view falls back to the default, with a note). */
  async state(asked: string): Promise<Record<string, unknown>> {
    const snap = this.current;
    let name = parseView(asked) ? asked : defaultView(snap.model);
    let rendered = await this.viewOf(snap, name);
    let note = '';
    if (rendered.diagnostics.some((d) => d.severity === 'error')) {
      // The element or boundary in view is gone (renamed, deleted): show the default view instead.
      note = rendered.diagnostics.map((d) => `${d.message}${d.hint ? ` (${d.hint})` : ''}`).join('; ');
      name = defaultView(snap.model);
      rendered = await this.viewOf(snap, name);
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
  }

  /** Opens an event stream: the current version now, every new one as it comes. */
  events(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 500\ndata: ${this.current.version}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }
}

/** Serves a model until closed. Resolves once the port is listening. */
export async function startServer(options: ServeOptions): Promise<LiveServer> {
  const live = new LiveModel(options);
  const watcher = new FileWatcher(() => watcher.setFiles(live.reload()), options.debounceMs);
  watcher.setFiles(live.current.files);
  const server = createServer((req, res) => {
    handle(live, options, req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`internal error: ${err.message}`);
    });
  });
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
  // Idle event streams get a comment line every 15 s so that nothing in between times them out.
  const heartbeat = setInterval(() => {
    for (const c of live.clients) c.write(': ping\n\n');
  }, 15000);
  heartbeat.unref();
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    snapshot: () => live.current,
    close: async () => {
      clearInterval(heartbeat);
      watcher.close();
      for (const c of live.clients) c.end();
      live.clients.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function handle(live: LiveModel, options: ServeOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const port = (req.socket.address() as AddressInfo).port;
  if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`) return send(res, 403, 'text/plain', 'forbidden host\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  const snap = live.current;
  switch (url.pathname) {
    case '/':
      return send(res, 200, 'text/html', renderPage(snap.model?.model.name ?? options.file));
    case '/events':
      return live.events(res);
    case '/state':
      return send(res, 200, 'application/json', JSON.stringify(await live.state(url.searchParams.get('view') ?? '')));
    case '/sections':
      return send(res, 200, 'application/json', JSON.stringify({ version: snap.version, ...snap.sections() }));
    default:
      return send(res, 404, 'text/plain', 'not found\n');
  }
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
