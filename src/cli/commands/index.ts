// The command table. Each entry loads its module lazily so `warden validate` never pays for the
// Rego compiler or Graphviz. Keep entries sorted by name; each module exports `command`.
import type { Command } from '../command.js';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

export const commands: CommandEntry[] = [
  { name: 'export model', summary: 'print the resolved model as JSON (docs/model-schema.json)', load: async () => (await import('./export-model.js')).command },
  { name: 'export ts', summary: 'generate a typed TypeScript module of element and threat ids', load: async () => (await import('./export-ts.js')).command },
  { name: 'fmt', summary: 'format models canonically (print, --check or --write)', load: async () => (await import('./fmt.js')).command },
  { name: 'init', summary: 'scaffold a starter model (model.warden + README.md)', load: async () => (await import('./init.js')).command },
  { name: 'trace', summary: 'link code to threats: read @mitigates/@exposes tags in TS/JS sources', load: async () => (await import('./trace.js')).command },
  { name: 'validate', summary: 'check models for syntax, name and type errors', load: async () => (await import('./validate.js')).command },
];
