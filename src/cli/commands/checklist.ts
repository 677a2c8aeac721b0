// `warden checklist <model>`: Markdown checklists per DevSecOps phase (plan, develop, build, deploy,
// operate) from the open threats and their candidate controls; items enforced by policies say which.
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { hasErrors } from '../../diagnostics/index.js';
import { PHASES, type Phase } from '../../model/types.js';
import { renderChecklist } from '../../threats/index.js';
import { commonOptions, loadRegister, todayOption, writeOutput } from './threats.js';

export const command: Command = {
  name: 'checklist',
  summary: 'Markdown checklists per DevSecOps phase from the open threats and their controls',
  usage: 'checklist <model> [--phase plan|develop|build|deploy|operate] [-o file]',
  description: 'Exit codes: 0 ok; 1 errors in the model (including expired acceptances); 2 usage error.',
  options: [
    { name: 'phase', short: 'p', type: 'string', choices: PHASES, description: 'only this phase (default: all five)' },
    { name: 'out', short: 'o', type: 'string', valueName: 'file', description: 'write to this file instead of stdout' },
    ...commonOptions,
  ],
  async run({ positionals, options }, io) {
    if (positionals.length !== 1) throw new UsageError('checklist needs exactly one model file');
    const loaded = loadRegister(positionals[0], io, { today: todayOption(options), root: options.root as string | undefined });
    reportDiagnostics(io, loaded.diagnostics, loaded.sources);
    if (!loaded.register || !loaded.model) return hasErrors(loaded.diagnostics) ? EXIT_FINDINGS : EXIT_USAGE;
    const phase = options.phase as Phase | undefined;
    writeOutput(io, options.out as string | undefined, renderChecklist(loaded.model, loaded.register, phase ? { phase } : {}));
    return hasErrors(loaded.diagnostics) ? EXIT_FINDINGS : EXIT_OK;
  },
};
