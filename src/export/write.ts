// Writing an export's files (relative path -> text) under an output directory, in sorted order.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function writeExportFiles(outDir: string, files: ReadonlyMap<string, string>): string[] {
  const paths = [...files.keys()].sort();
  for (const rel of paths) {
    const p = join(outDir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, files.get(rel)!);
  }
  return paths;
}
