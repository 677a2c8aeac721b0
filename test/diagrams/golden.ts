// Golden files: compare output with test/diagrams/golden/<name> (or another folder); with
// UPDATE_GOLDEN=1 the file is (re)written instead. Review changes as diffs, never hand-edit.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';

const here = dirname(fileURLToPath(import.meta.url));

export function golden(t: ExecutionContext, name: string, actual: string, dir = join(here, 'golden')): void {
  const path = join(dir, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    t.log(`updated ${path}`);
    t.pass();
    return;
  }
  if (!existsSync(path)) {
    t.fail(`missing golden file ${path}: run UPDATE_GOLDEN=1 npx ava ${join('test', 'diagrams')}/ to create it`);
    return;
  }
  t.is(actual, readFileSync(path, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDEN=1 to accept)`);
}
