// Warden's public API. The CLI (src/cli) is a thin layer over what is exported here: nothing the
// CLI can do is impossible from code. Each stage folder's index.ts is its only door.
export * from './diagnostics/index.js';
export * from './model/types.js';
export * from './trace/index.js';
