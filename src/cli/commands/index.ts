// The command table. Each entry loads its module lazily so `warden validate` never pays for the
// Rego compiler or Graphviz. Keep entries sorted by name; each module exports `command`.
import type { Command } from '../command.js';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

export const commands: CommandEntry[] = [
];
