// `warden export ts <model> [-o threats.ts]`: a typed TypeScript module of the model's element,
// flow, boundary and threat ids, for code to reference with type checking (docs/trace.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { exportThreatsModule } from '../../trace/index.js';
import { displayPath, loadThreatModel } from './trace.js';

export const command: Command = {
  name: 'export ts',
  summary: 'generate a typed TypeScript module of element and threat ids, for code annotations',
  usage: 'export ts <model> [-o <file>]',
  description: [
    'Writes `export const Elements`, `Flows`, `Boundaries`, `Controls` and `Threats` objects (as const)',
    'and the types ElementId, FlowId, BoundaryId, ControlId, ThreatId. Threat keys: <Target>_<category>',
    'for the STRIDE baseline, <Target>_<category>_<Rule> for rule threats, TH_<hash> for every id.',
    'Code can then write `@mitigates {@link Threats.Api_spoofing} by Controls.oidcAuth`; warden trace',
    'resolves it. Output is deterministic.',
  ].join('\n'),
  options: [{ name: 'output', short: 'o', type: 'string', valueName: 'file', description: 'write to this file instead of standard output' }],
  async run({ positionals, options }, io) {
    if (positionals.length !== 1) throw new UsageError('export ts takes one model file: warden export ts <model> [-o <file>]');
    const [modelPath] = positionals;
    const loaded = await loadThreatModel(modelPath, io);
    if (!loaded) return EXIT_FINDINGS;
    const text = exportThreatsModule(loaded.model, loaded.register, { source: displayPath(modelPath, io.cwd) });
    const output = options.output as string | undefined;
    // The ids do not depend on risk decisions: an expired acceptance in the model still fails the
    // run (exit 1), but the module is written.
    const done = loaded.threatErrors ? EXIT_FINDINGS : EXIT_OK;
    if (output === undefined || output === '-') {
      io.stdout(text);
      return done;
    }
    const abs = resolve(io.cwd, output);
    try {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    } catch (err) {
      io.stderr(`warden: cannot write ${output}: ${(err as Error).message}\n`);
      return EXIT_USAGE;
    }
    if (!io.quiet) io.stderr(`wrote ${output}: ${loaded.model.elements.length} elements, ${loaded.model.flows.length} flows, ${loaded.register.threats.length} threats\n`);
    return done;
  },
};
