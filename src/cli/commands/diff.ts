// `warden diff <old> <new>`: threats added, removed and changed in status between two models, for
// pull-request review. Either side may be a git revision: `warden diff HEAD~1:model.warden model.warden`.
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics } from '../io.js';
import { hasErrors } from '../../diagnostics/index.js';
import type { Severity } from '../../model/types.js';
import { diffRegisters, isOutstanding, renderDiffJson, renderDiffMarkdown, renderDiffText, severityRank } from '../../threats/index.js';
import { commonOptions, FAIL_ON, loadRegister, todayOption, writeOutput } from './threats.js';

export const command: Command = {
  name: 'diff',
  summary: 'compare the threats of two models (files or git revisions REV:path): added, removed, changed',
  usage: 'diff <old-model> <new-model> [--format text|json|md] [--fail-on low|medium|high|critical] [-o file]',
  description: [
    'Threats are matched by their stable ids (docs/threats.md): renaming an element shows its threats',
    'as removed and added. A threat decided on both sides (mitigate, accept, notApplicable) whose subject',
    'changed (its fingerprint differs from the one the decision recorded) is reported as changed.',
    'A model may be given as REV:path (read with git show, imports included).',
    'Exit codes: 0 ok; 1 errors in either model, or with --fail-on an added or changed threat that is',
    'outstanding at or above that severity; 2 usage error.',
  ].join('\n'),
  options: [
    { name: 'format', short: 'f', type: 'string', choices: ['text', 'json', 'md'], default: 'text', description: 'output format' },
    { name: 'fail-on', type: 'string', choices: FAIL_ON, description: 'exit 1 when the new model adds (or reopens) an outstanding threat of at least this severity' },
    { name: 'out', short: 'o', type: 'string', valueName: 'file', description: 'write to this file instead of stdout' },
    ...commonOptions,
  ],
  async run({ positionals, options }, io) {
    if (positionals.length !== 2) throw new UsageError('diff needs two models: <old-model> <new-model>');
    const today = todayOption(options);
    const root = options.root as string | undefined;
    const before = loadRegister(positionals[0], io, { today, root });
    const after = loadRegister(positionals[1], io, { today, root });
    reportDiagnostics(io, [...before.diagnostics, ...after.diagnostics], new Map([...before.sources, ...after.sources]));
    if (!before.register || !after.register) return hasErrors([...before.diagnostics, ...after.diagnostics]) ? EXIT_FINDINGS : EXIT_USAGE;
    const d = diffRegisters(before.register, after.register);
    const format = options.format as string;
    writeOutput(io, options.out as string | undefined, format === 'json' ? renderDiffJson(d) : format === 'md' ? renderDiffMarkdown(d) : renderDiffText(d));
    const failOn = options['fail-on'] as Severity | undefined;
    const newIds = new Set([...d.added.map((t) => t.id), ...d.changed.map((c) => c.id)]);
    const worse = failOn ? after.register.threats.filter((t) => newIds.has(t.id) && isOutstanding(t) && severityRank(t.severity) >= severityRank(failOn)).length : 0;
    return hasErrors(after.diagnostics) || worse > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
