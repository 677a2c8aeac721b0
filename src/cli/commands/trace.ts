// `warden trace <model> <source dirs...>`: reads Warden tags in TypeScript/JavaScript sources,
// resolves them against the model's threat register and reports which threats code mitigates,
// exposes or accepts, and which stay open. docs/trace.md has the tag grammar.
import { confine, projectRoot, type ProjectRoot } from '../../fs/confine.js';
import { readRegularFile } from '../../fs/read.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { reportDiagnostics, type CliIO } from '../io.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../../diagnostics/index.js';
import { loadModel } from '../../dsl/index.js';
import { generateThreats, renderJson, renderMarkdown, renderSarif, renderText } from '../../threats/index.js';
import type { ResolvedModel } from '../../model/types.js';
import type { ThreatRegister } from '../../threats/types.js';
import {
  renderTraceMarkdown,
  renderTraceSarif,
  renderTraceText,
  scanSources,
  summarizeTrace,
  traceModel,
  TRACE_CODES,
  UNKNOWN_REFERENCE_CODES,
} from '../../trace/index.js';

/** Reads files named by diagnostics, for the excerpts under each message: only inside `root`, when given. */
export function diagnosticSources(diagnostics: readonly Diagnostic[], cwd: string, root?: ProjectRoot): Map<string, string> {
  const sources = new Map<string, string>();
  for (const d of diagnostics) {
    if (sources.has(d.file)) continue;
    const c = root ? confine(root, cwd, d.file) : { inside: true as const, real: resolve(cwd, d.file) };
    if (!c.inside) continue;
    try {
      sources.set(d.file, readRegularFile(c.real));
    } catch {
      // No excerpt for files that cannot be read (e.g. a missing source directory).
    }
  }
  return sources;
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Loads a model and generates its threat register; prints their diagnostics. Undefined when the
 * model itself has errors; `threatErrors` when the register came with errors (an expired
 * acceptance in the model, a broken rule): the register is still usable, the run must fail.
 */
export async function loadThreatModel(
  path: string,
  io: CliIO,
  today?: string,
  root?: string,
): Promise<{ model: ResolvedModel; register: ThreatRegister; threatErrors: boolean } | undefined> {
  const loaded = loadModel(path, { cwd: io.cwd, ...(root !== undefined ? { projectRoot: root } : {}) });
  if (!loaded.value || hasErrors(loaded.diagnostics)) {
    reportDiagnostics(io, loaded.diagnostics, loaded.sources);
    return undefined;
  }
  const threats = generateThreats(loaded.value, today ? { today } : {});
  reportDiagnostics(io, [...loaded.diagnostics, ...threats.diagnostics], loaded.sources);
  return { model: loaded.value, register: threats.value, threatErrors: hasErrors(threats.diagnostics) };
}

/** A path relative to the working directory, with forward slashes (for output that must not depend on the machine). */
export function displayPath(path: string, cwd: string): string {
  const abs = isAbsolute(path) ? path : resolve(cwd, path);
  return relative(cwd, abs).split(sep).join('/') || '.';
}

export const command: Command = {
  name: 'trace',
  summary: 'link code to threats: read @mitigates/@exposes/@accepts tags in TypeScript and JavaScript sources',
  usage: 'trace <model> <source dirs...> [--tsconfig <path>] [--format text|json|md|sarif] [--register] [--fail-on-unknown]',
  description: [
    'Tags (docs/trace.md), in JSDoc or // comments:',
    '  @mitigates <TH-id | Element.category[.rule] | Threats.<name>> [by <control>] [text]',
    '  @exposes <Element.category> [severity <level>] <text>',
    '  @accepts <ref> owner <owner> until <yyyy-mm-dd> because <text>',
    '  @element <Element>   @boundary <Boundary>   (scope for a bare `@mitigates spoofing`)',
    'With --tsconfig, its file set is read (narrowed to the given directories, if any).',
    'Exit codes: 0 ok; 1 model errors, an expired acceptance (in the model or in code), or (with',
    '--fail-on-unknown) a tag that does not resolve; 2 usage errors, missing sources or tsconfig.',
  ].join('\n'),
  options: [
    { name: 'tsconfig', type: 'string', valueName: 'path', description: "read the files of this tsconfig.json instead of every source file below the directories" },
    { name: 'format', short: 'f', type: 'string', choices: ['text', 'json', 'md', 'sarif'], default: 'text', description: 'output format' },
    { name: 'fail-on-unknown', type: 'boolean', description: 'exit 1 when a tag names an unknown element, threat, category, boundary or control, or is malformed' },
    { name: 'register', type: 'boolean', description: "print the updated threat register (as `warden threats` does, with the code evidence) instead of the trace view" },
    { name: 'today', type: 'string', valueName: 'yyyy-mm-dd', description: 'date used to decide whether acceptances have expired (default: today, UTC)' },
    { name: 'root', type: 'string', valueName: 'dir', description: 'project root the model, its imports and the source files read must stay inside (default: nearest directory with .git or package.json)' },
  ],
  async run({ positionals, options }, io) {
    const [modelPath, ...dirs] = positionals;
    const tsconfig = options.tsconfig as string | undefined;
    if (!modelPath) throw new UsageError('trace needs a model file: warden trace <model> <source dirs...>');
    if (dirs.length === 0 && tsconfig === undefined) throw new UsageError('trace needs at least one source directory (or --tsconfig)');
    const today = options.today as string | undefined;
    if (today !== undefined && !ISO_DATE.test(today)) throw new UsageError(`--today must be a date yyyy-mm-dd (got "${today}")`);

    const rootOption = typeof options.root === 'string' ? options.root : undefined;
    const loaded = await loadThreatModel(modelPath, io, today, rootOption);
    if (!loaded) return EXIT_FINDINGS;

    // Source files are read on behalf of input too (a tsconfig's include, a committed link): the
    // same project root as the model's confines them.
    const root = projectRoot(modelPath, io.cwd, rootOption);
    const scan = scanSources(dirs, { cwd: io.cwd, root, ...(tsconfig !== undefined ? { tsconfig } : {}) });
    const traced = traceModel(loaded.register, loaded.model, scan.value, today ? { today } : {});
    const failOnUnknown = options['fail-on-unknown'] === true;
    // With --fail-on-unknown, a reference that does not resolve is an error, not a warning.
    const diagnostics = sortDiagnostics(
      [...scan.diagnostics, ...traced.diagnostics].map((d) =>
        failOnUnknown && UNKNOWN_REFERENCE_CODES.has(d.code) && d.severity === 'warning' ? { ...d, severity: 'error' as const } : d,
      ),
    );
    reportDiagnostics(io, diagnostics, diagnosticSources(diagnostics, io.cwd, root));
    const inputMissing = diagnostics.some((d) => d.code === TRACE_CODES.sourceNotFound || d.code === TRACE_CODES.badTsconfig || d.code === TRACE_CODES.outsideRoot);

    const format = options.format as string;
    const register = traced.value.register;
    if (options.register === true) {
      // The threat stage's own reports: the register a later `warden threats` would print, had the
      // model said what the code says.
      io.stdout(format === 'json' ? renderJson(register) : format === 'md' ? renderMarkdown(register) : format === 'sarif' ? renderSarif(register) : renderText(register));
    } else if (format === 'json') {
      const out = {
        model: loaded.model.model.name,
        summary: summarizeTrace(traced.value),
        annotations: traced.value.annotations,
        register,
        diagnostics,
      };
      io.stdout(JSON.stringify(out, null, 2) + '\n');
    } else if (format === 'md') io.stdout(renderTraceMarkdown(traced.value));
    else if (format === 'sarif') io.stdout(renderTraceSarif(traced.value, diagnostics));
    else io.stdout(renderTraceText(traced.value));

    if (inputMissing) return EXIT_USAGE;
    return hasErrors(diagnostics) || loaded.threatErrors ? EXIT_FINDINGS : EXIT_OK;
  },
};
