// The last step of every import: print the collected statements as formatted Warden source and
// check that it loads as a valid model (with the standard library), so an import never hands
// the user a model that does not validate. A failure here is a bug in the importer: it is
// reported (WD8020) with the checker's own diagnostics, and the source is still returned.
import { checkSource } from '../dsl/index.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/index.js';
import { generateThreats } from '../threats/index.js';
import { CODES, type ImportOptions, type ImportResult } from './common.js';
import type { WardenWriter } from './writer.js';

export function finishImport(w: WardenWriter, warnings: Diagnostic[], options: ImportOptions): ImportResult {
  const out = options.file.replace(/\.[^./\\]*$/, '') + '.warden';
  if (w.hasIdDecisions()) {
    // Decisions by threat id keep only the threats the imported model still gives rise to.
    const pre = checkSource(out, w.print({ idDecisions: false }));
    const ids = new Set(pre.value ? generateThreats(pre.value, options.today ? { today: options.today } : {}).value.threats.map((t) => t.id) : []);
    w.keepDecisions((id) => ids.has(id));
  }
  const source = w.print();
  const checked = checkSource(out, source);
  const problems = [...checked.diagnostics];
  if (checked.value) problems.push(...generateThreats(checked.value, options.today ? { today: options.today } : {}).diagnostics);
  const errors = problems.filter((d) => d.severity === 'error');
  const diagnostics = [...warnings];
  if (hasErrors(errors)) {
    diagnostics.push({
      code: CODES.invalidOutput,
      severity: 'error',
      message: `the imported model does not validate (${errors.length} error${errors.length === 1 ? '' : 's'}; first: ${errors[0].code} ${errors[0].message} at line ${errors[0].span.line})`,
      file: options.file,
      span: { line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0 },
      hint: 'this is a bug in the importer: please report it with the input file',
    });
  }
  return { source, diagnostics: sortDiagnostics(diagnostics) };
}
