// `warden serve` as a process: prints the URL, serves the page, stops cleanly on SIGTERM; usage
// errors exit 2 without a stack trace.
import test from 'ava';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = "import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })";

test('serve prints a 127.0.0.1 URL, serves the page and exits 0 on SIGTERM', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', entry, 'serve', 'examples/minimal/model.warden'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) resolve(m[0]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before printing a URL: ${out}`)));
  });
  t.regex(out, /^warden serve: http:\/\/127\.0\.0\.1:\d+\/\n/);
  const res = await fetch(url);
  t.is(res.status, 200);
  t.regex(await res.text(), /<title>Minimal/);
  const code = await new Promise<number | null>((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  t.is(code, 0);
});

test('serve usage errors: no model, bad port, port in use', async (t) => {
  t.is((await runCli(['serve'], { cwd: root })).code, 2);
  const bad = await runCli(['serve', 'examples/minimal/model.warden', '--port', 'http'], { cwd: root });
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--port must be a number/);
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as { port: number }).port;
  const busy = await runCli(['serve', 'examples/minimal/model.warden', '--port', String(port)], { cwd: root });
  blocker.close();
  t.is(busy.code, 2);
  t.regex(busy.stderr, /is in use/);
  t.notRegex(busy.stderr, /\n\s+at /);
});
