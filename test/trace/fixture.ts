// Writes a throwaway source tree for a test and returns its root.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Removed when the test process ends, so repeated runs leave no litter in the temp directory.
const roots: string[] = [];
process.on('exit', () => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

export function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'warden-trace-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`"${needle}" not in fixture`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
