// Golden files: compared byte for byte; `UPDATE_GOLDEN=1 npx ava test/check/ test/policy/` rewrites them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ExecutionContext } from 'ava';

export function golden(t: ExecutionContext, file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    if (!process.env.UPDATE_GOLDEN) t.log(`golden file ${file} created; review it`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  t.is(actual, readFileSync(file, 'utf8'), `differs from ${file} (UPDATE_GOLDEN=1 to accept)`);
}
