// `warden docs` regions from a pull request an attacker edits: model= and out= must stay inside the
// project root (symbolic links followed); outside is a located WD7109 that echoes nothing.
import test from 'ava';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const SECRET = 'TOP_SECRET_LINE';
const MODEL = 'model "M" { owner "me" }\nprocess P\nstore S\nflow P -> S { protocol tls }\n';
const TODAY = ['--today', '2026-11-22'];

/** proj/ (with .git, a model and docs/), outside/ (a secret "model" and a directory). */
function scratch(): { base: string; proj: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'warden-docs-confine-'));
  const proj = join(base, 'proj');
  const outside = join(base, 'outside');
  mkdirSync(join(proj, '.git'), { recursive: true });
  mkdirSync(join(proj, 'docs'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(proj, 'model.warden'), MODEL);
  writeFileSync(join(outside, 'secret.warden'), `${SECRET} one\n${SECRET} two\n`);
  return { base, proj, outside };
}

const region = (attrs: string) => `# Doc\n<!-- warden:diagram ${attrs} -->\n<!-- /warden -->\n`;

test('model=/etc/passwd and model=../../outside are refused at the marker, nothing echoed', async (t) => {
  const { proj } = scratch();
  for (const model of ['/etc/passwd', '../../outside/secret.warden']) {
    writeFileSync(join(proj, 'docs', 'a.md'), region(`model=${model}`));
    const r = await runCli(['docs', 'docs/a.md', ...TODAY], { cwd: proj });
    t.is(r.code, 1, model);
    t.regex(r.stderr, new RegExp(`docs/a\\.md:2:1: error WD7109: model=${model.replace(/[./]/g, '\\$&')} is outside the project root; not read`), model);
    t.regex(r.stderr, /hint: .*project root \(\.\).*--root/);
    t.notRegex(r.stderr + r.stdout, new RegExp(`${SECRET}|root:x:0`), model);
    t.notRegex(r.stderr, /\/etc\/passwd:\d/);
  }
});

test('a symlinked model inside docs/ that points outside is refused', async (t) => {
  const { proj, outside } = scratch();
  symlinkSync(join(outside, 'secret.warden'), join(proj, 'docs', 'm.warden'));
  writeFileSync(join(proj, 'docs', 'a.md'), region('model=m.warden'));
  const r = await runCli(['docs', 'docs/a.md', ...TODAY], { cwd: proj });
  t.is(r.code, 1);
  t.regex(r.stderr, /docs\/a\.md:2:1: error WD7109: model=m\.warden resolves through a symbolic link outside the project root/);
  t.notRegex(r.stderr + r.stdout, new RegExp(SECRET));
});

test('a model inside the project that imports through a symlink outside is refused by the loader', async (t) => {
  const { proj, outside } = scratch();
  symlinkSync(join(outside, 'secret.warden'), join(proj, 'shared.warden'));
  writeFileSync(join(proj, 'model.warden'), MODEL + 'use "./shared.warden"\n');
  writeFileSync(join(proj, 'docs', 'a.md'), region('model=../model.warden'));
  const r = await runCli(['docs', 'docs/a.md', ...TODAY], { cwd: proj });
  t.is(r.code, 1);
  t.regex(r.stderr, /model\.warden:5:5: error WD2021/);
  t.notRegex(r.stderr + r.stdout, new RegExp(SECRET));
});

test('out= outside the project (relative, absolute, or through a symlink) writes nothing', async (t) => {
  const { base, proj, outside } = scratch();
  mkdirSync(join(proj, 'img'));
  symlinkSync(outside, join(proj, 'img', 'out'));
  symlinkSync(join(outside, 'dangling.svg'), join(proj, 'img', 'd.svg'));
  const cases: [string, string][] = [
    ['../../x.svg', join(base, 'x.svg')],
    [join(outside, 'abs.svg'), join(outside, 'abs.svg')],
    ['../img/out/y.svg', join(outside, 'y.svg')],
    ['../img/d.svg', join(outside, 'dangling.svg')],
  ];
  for (const [out, target] of cases) {
    writeFileSync(join(proj, 'docs', 'a.md'), region(`model=../model.warden format=svg out=${out}`));
    const before = readFileSync(join(proj, 'docs', 'a.md'), 'utf8');
    const r = await runCli(['docs', 'docs/a.md', ...TODAY], { cwd: proj });
    t.is(r.code, 1, out);
    t.regex(r.stderr, /docs\/a\.md:2:1: error WD7109: out=.* (is|resolves through a symbolic link) outside the project root; not written/, out);
    t.false(existsSync(target), `${out} wrote ${target}`);
    t.is(readFileSync(join(proj, 'docs', 'a.md'), 'utf8'), before);
  }
});

test('out= must name a .svg file; inside the project it is written and linked', async (t) => {
  const { proj } = scratch();
  writeFileSync(join(proj, 'docs', 'a.md'), region('model=../model.warden format=svg out=../package.json'));
  const bad = await runCli(['docs', 'docs/a.md', ...TODAY], { cwd: proj });
  t.is(bad.code, 1);
  t.regex(bad.stderr, /WD7106: out= must name a \.svg file/);
  t.false(existsSync(join(proj, 'package.json')));
  writeFileSync(join(proj, 'docs', 'a.md'), region('model=../model.warden format=svg out=img/m.svg'));
  const ok = await runCli(['docs', 'docs/a.md', ...TODAY], { cwd: proj });
  t.is(ok.code, 0, ok.stderr);
  t.true(readFileSync(join(proj, 'docs', 'img', 'm.svg'), 'utf8').includes('<svg'));
  t.regex(readFileSync(join(proj, 'docs', 'a.md'), 'utf8'), /\]\(img\/m\.svg\)/);
});

test('a Markdown file that is a symlink to a file outside the project is neither read nor rewritten', async (t) => {
  const { proj, outside } = scratch();
  const victim = join(outside, 'victim.md');
  writeFileSync(victim, `${SECRET}\n` + region('model=../proj/model.warden'));
  symlinkSync(victim, join(proj, 'docs', 'l.md'));
  const before = readFileSync(victim, 'utf8');
  const r = await runCli(['docs', 'docs/l.md', ...TODAY], { cwd: proj });
  t.is(r.code, 1);
  t.regex(r.stderr, /docs\/l\.md.*WD7109: docs\/l\.md resolves through a symbolic link outside the project root; not read/);
  t.is(readFileSync(victim, 'utf8'), before);
  t.notRegex(r.stderr + r.stdout, new RegExp(SECRET));
});

test('--root widens the project for docs', async (t) => {
  const { base, proj } = scratch();
  writeFileSync(join(base, 'outside', 'ok.warden'), MODEL);
  writeFileSync(join(proj, 'docs', 'a.md'), region('model=../../outside/ok.warden'));
  t.is((await runCli(['docs', 'docs/a.md', ...TODAY], { cwd: proj })).code, 1);
  const r = await runCli(['docs', 'docs/a.md', '--root', '..', ...TODAY], { cwd: proj });
  t.is(r.code, 0, r.stderr);
  t.regex(readFileSync(join(proj, 'docs', 'a.md'), 'utf8'), /```mermaid/);
});
