// Locating the reference tools the export tests cross-check against (never required).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

function goBin(name: string): string | undefined {
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const p = join(gopath, 'bin', name);
    return existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export function findTool(name: string): string | undefined {
  const fixed = `/root/go/bin/${name}`;
  return (existsSync(fixed) ? fixed : undefined) ?? onPath(name) ?? goBin(name);
}
