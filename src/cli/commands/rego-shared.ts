// Shared by the `rego build|eval|test` commands: collecting .rego files and printing diagnostics.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../../diagnostics/index.js';
import type { RegoModule } from '../../rego/index.js';
import type { CliIO } from '../io.js';

export function collectRego(paths: string[], io: CliIO, opts: { tests?: boolean } = {}): RegoModule[] {
  const files: string[] = [];
  const walk = (p: string): void => {
    const abs = resolve(io.cwd, p);
    const st = statSync(abs);
    if (st.isDirectory()) {
      for (const e of readdirSync(abs).sort()) walk(join(p, e));
    } else if (p.endsWith('.rego') || paths.includes(p)) {
      if (opts.tests === false && p.endsWith('_test.rego')) return;
      files.push(p);
    }
  };
  for (const p of paths) walk(p);
  return files.map((f) => ({ file: relative(io.cwd, resolve(io.cwd, f)) || f, source: readFileSync(resolve(io.cwd, f), 'utf8') }));
}

export function printDiagnostics(diags: Diagnostic[], io: CliIO): void {
  for (const d of diags) io.stderr(`${d.file ? `${d.file}:${d.span.line}:${d.span.column}: ` : ''}${d.severity === 'warning' ? 'warning ' : ''}${d.code}: ${d.message}\n`);
}
