// Files Warden reads or writes on behalf of input must be regular files: a FIFO where a model
// import, a docs region's model or SVG file, a Markdown file or a trace source is expected would
// block the read (or write) forever. Each case runs the CLI in a child process with a timeout, so a
// regression fails the test instead of hanging the suite.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TODAY = ['--today', '2026-11-22'];
// tsx as a file URL: the child runs in a scratch directory, where `tsx` would not resolve
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const MODEL = 'model "M" { owner "me" }\nprocess P\nstore S\nflow P -> S { protocol tls }\n';

const hasMkfifo = spawnSync('mkfifo', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs the CLI from the sources (tsx) in `cwd`; status null when it was killed after 20 s. */
function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const code = `import(${JSON.stringify(join(root, 'src', 'cli', 'main.ts'))}).then(async (m) => { process.exitCode = await m.main(JSON.parse(process.argv[1]), { cwd: process.cwd() }); })`;
  const r = spawnSync(process.execPath, ['--import', TSX, '-e', code, JSON.stringify(args)], { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A project (with .git) and a FIFO at each of `fifos` (relative paths). */
function project(files: Record<string, string>, fifos: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-fifo-'));
  mkdirSync(join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  for (const f of fifos) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    spawnSync('mkfifo', [join(dir, f)]);
  }
  return dir;
}

const maybe = hasMkfifo ? test : test.skip;
if (!hasMkfifo) console.log('fifo tests skipped: no mkfifo on this machine');

maybe('a model import that is a FIFO is a located error, not a hang', (t) => {
  const dir = project({ 'm.warden': 'model "M" { owner "me" }\nuse "./shared.warden"\nprocess P\n' }, ['shared.warden']);
  const r = cli(['validate', 'm.warden'], dir);
  t.is(r.status, 1, r.stderr);
  t.regex(r.stderr, /m\.warden:2:5: error WD2019: cannot read import "\.\/shared\.warden": is a FIFO \(named pipe\), not a regular file/);
});

maybe('a model file that is a FIFO or a directory is refused by name', (t) => {
  const dir = project({}, ['m.warden']);
  mkdirSync(join(dir, 'd.warden'));
  for (const [file, kind] of [['m.warden', 'a FIFO \\(named pipe\\)'], ['d.warden', 'a directory']]) {
    const r = cli(['validate', file!], dir);
    t.is(r.status, 1, r.stderr);
    t.regex(r.stderr, new RegExp(`error WD2019: cannot read ${file}: is ${kind}, not a regular file`));
  }
});

maybe('docs: a region whose model= or out= is a FIFO fails at the region; a Markdown FIFO is a usage error', (t) => {
  const dir = project({ 'model.warden': MODEL, 'docs/a.md': '# A\n<!-- warden:diagram model=../fifo.warden -->\n<!-- /warden -->\n', 'docs/b.md': '# B\n<!-- warden:diagram model=../model.warden out=d.svg -->\n<!-- /warden -->\n' }, ['fifo.warden', 'docs/d.svg', 'docs/c.md']);
  const a = cli(['docs', 'docs/a.md', ...TODAY], dir);
  t.is(a.status, 1, a.stderr);
  t.regex(a.stderr, /docs\/a\.md:2:1: error WD7108: model=\.\.\/fifo\.warden is a FIFO \(named pipe\), not a regular file; not read/);
  const b = cli(['docs', 'docs/b.md', ...TODAY], dir);
  t.is(b.status, 1, b.stderr);
  t.regex(b.stderr, /docs\/b\.md:2:1: error WD7108: out=d\.svg is a FIFO \(named pipe\), not a regular file; not written/);
  const c = cli(['docs', 'docs/c.md', ...TODAY], dir);
  t.is(c.status, 2, c.stderr);
  t.regex(c.stderr, /cannot read docs\/c\.md: is a FIFO \(named pipe\), not a regular file/);
});

maybe('trace: a source file that is a FIFO (named by a tsconfig) is reported and the others are scanned', (t) => {
  const files = { 'model.warden': MODEL, 'src/a.ts': '// @mitigates P.spoofing by mutual TLS\nexport function p() {}\n', 'tsconfig.json': JSON.stringify({ files: ['src/a.ts', 'src/b.ts'] }) };
  const dir = project(files, ['src/b.ts']);
  const r = cli(['trace', 'model.warden', '--tsconfig', 'tsconfig.json', ...TODAY], dir);
  t.not(r.status, null, 'finished');
  t.regex(r.stderr, /cannot read src\/b\.ts \(is a FIFO \(named pipe\), not a regular file\)/);
  t.regex(r.stdout, /1 annotations? in 1 file/);
});
