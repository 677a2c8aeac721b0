// Serve stage: `warden serve <model>`, a live page over the same stages as `warden report` (load,
// threats, diagrams, the report's HTML sections) with a file watcher and server-sent events.
// Used by the CLI only. This file is the stage's only door.
export { startServer, type LiveServer, type ServeOptions } from './server.js';
export { parseView, defaultView, type Snapshot, type NodeRef } from './state.js';
export { renderPage } from './page.js';
