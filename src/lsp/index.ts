// LSP stage: `warden lsp`, a language server for .warden files over the DSL front end's parser and
// checker (diagnostics, completion, hover, definition, references, rename, outline, formatting).
// Used by the CLI only. This file is the stage's only door.
export { startLanguageServer, WardenLanguageServer } from './server.js';
export { analyze, type Analysis } from './analysis.js';
export { complete, type Candidate } from './completion.js';
