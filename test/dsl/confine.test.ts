// Confinement of model files to the project root, symbolic links followed (src/fs/confine.ts).
// Each attack is reproduced in a scratch project: a `.git` directory marks its root, a file
// outside it holds a secret line, and the secret must never appear in Warden's output.
import test from 'ava';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProjectRoot, isInside, realPath } from '../../src/fs/confine.js';
import { runCli } from '../helpers/cli.js';

const SECRET = 'TOP_SECRET_LINE';

/** A scratch area: proj/ (the project, with .git) and outside/ (a secret model and directory). */
function scratch(): { proj: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'warden-confine-'));
  const proj = join(base, 'proj');
  const outside = join(base, 'outside');
  mkdirSync(join(proj, '.git'), { recursive: true });
  mkdirSync(join(proj, 'sub'), { recursive: true });
  mkdirSync(join(outside, 'dir'), { recursive: true });
  writeFileSync(join(outside, 'secret.warden'), `${SECRET} one\n${SECRET} two\n`);
  writeFileSync(join(outside, 'dir', 'x.warden'), `${SECRET} three\n`);
  return { proj, outside };
}

const model = (use: string) => `model "M" { owner "me" }\nuse "${use}"\nprocess P\n`;

test('a symlinked import in the project that points outside is refused without echoing the file', async (t) => {
  const { proj, outside } = scratch();
  symlinkSync(join(outside, 'secret.warden'), join(proj, 'link.warden'));
  writeFileSync(join(proj, 'sub', 'm.warden'), model('../link.warden'));
  const r = await runCli(['validate', 'sub/m.warden'], { cwd: proj });
  t.is(r.code, 1);
  t.regex(r.stderr, /sub\/m\.warden:2:5: error WD2021: import "\.\.\/link\.warden" resolves through a symbolic link outside the project root/);
  t.regex(r.stderr, /hint: .*project root \(\.\).*--root/);
  t.notRegex(r.stderr + r.stdout, new RegExp(SECRET));
});

test('a symlinked directory on the import path is followed too', async (t) => {
  const { proj, outside } = scratch();
  symlinkSync(join(outside, 'dir'), join(proj, 'vendor'));
  writeFileSync(join(proj, 'm.warden'), model('./vendor/x.warden'));
  const r = await runCli(['validate', 'm.warden'], { cwd: proj });
  t.is(r.code, 1);
  t.regex(r.stderr, /m\.warden:2:5: error WD2021/);
  t.notRegex(r.stderr + r.stdout, new RegExp(SECRET));
});

test('`..` after a symlinked directory goes where the kernel goes, not where the text says', async (t) => {
  const { proj, outside } = scratch();
  // proj/deep -> outside/dir; "deep/../secret.warden" is outside/secret.warden for the OS,
  // although the text normalises to proj/secret.warden.
  symlinkSync(join(outside, 'dir'), join(proj, 'deep'));
  writeFileSync(join(proj, 'secret.warden'), 'data D { classification public }\n');
  writeFileSync(join(proj, 'm.warden'), model('./deep/../secret.warden'));
  const r = await runCli(['validate', 'm.warden'], { cwd: proj });
  t.is(r.code, 1);
  t.regex(r.stderr, /WD2021/);
  t.notRegex(r.stderr, new RegExp(SECRET));
});

test('an entry model committed as a symlink to a file outside the project is not read', async (t) => {
  const { proj, outside } = scratch();
  symlinkSync(join(outside, 'secret.warden'), join(proj, 'model.warden'));
  for (const argv of [['validate', 'model.warden'], ['threats', 'model.warden'], ['export', 'model', 'model.warden'], ['diagram', 'model.warden']]) {
    const r = await runCli(argv, { cwd: proj });
    t.not(r.code, 0, argv.join(' '));
    t.regex(r.stderr, /model\.warden.*WD2021: model file model\.warden resolves through a symbolic link outside the project root/, argv.join(' '));
    t.notRegex(r.stderr + r.stdout, new RegExp(SECRET), argv.join(' '));
  }
});

test('symbolic links that stay inside the project are fine; --root widens the project', async (t) => {
  const { proj, outside } = scratch();
  writeFileSync(join(proj, 'sub', 'assets.warden'), 'data D { classification public }\n');
  symlinkSync(join(proj, 'sub', 'assets.warden'), join(proj, 'assets.warden'));
  writeFileSync(join(proj, 'm.warden'), 'model "M" { owner "me" }\nuse "./assets.warden"\nprocess P { handles [D] }\n');
  const r = await runCli(['validate', 'm.warden'], { cwd: proj });
  t.is(r.code, 0, r.stderr);
  writeFileSync(join(outside, 'shared.warden'), 'data S { classification public }\n');
  symlinkSync(join(outside, 'shared.warden'), join(proj, 'shared.warden'));
  writeFileSync(join(proj, 'w.warden'), 'model "M" { owner "me" }\nuse "./shared.warden"\nprocess P { handles [S] }\n');
  t.is((await runCli(['validate', 'w.warden'], { cwd: proj })).code, 1);
  const wide = await runCli(['validate', '--root', '..', 'w.warden'], { cwd: proj });
  t.is(wide.code, 0, wide.stderr);
});

test('a loop of symbolic links is a located error, not a hang or a stack trace', async (t) => {
  const { proj } = scratch();
  symlinkSync('b.warden', join(proj, 'a.warden'));
  symlinkSync('a.warden', join(proj, 'b.warden'));
  writeFileSync(join(proj, 'm.warden'), model('./a.warden'));
  const r = await runCli(['validate', 'm.warden'], { cwd: proj });
  t.is(r.code, 1);
  t.regex(r.stderr, /m\.warden:2:5: error WD2021: import "\.\/a\.warden" is a loop of symbolic links/);
});

test('realPath: links followed, dangling links followed, missing tails kept, `..` after a link is physical', (t) => {
  const { proj, outside } = scratch();
  symlinkSync(join(outside, 'dir'), join(proj, 'd'));
  symlinkSync(join(outside, 'nowhere.svg'), join(proj, 'dangling.svg'));
  symlinkSync('../outside/dir', join(proj, 'rel'));
  t.is(realPath(join(proj, 'd', 'x.warden')), join(outside, 'dir', 'x.warden'));
  t.is(realPath('d/../secret.warden', proj), join(outside, 'secret.warden'));
  t.is(realPath(join(proj, 'dangling.svg')), join(outside, 'nowhere.svg'));
  t.is(realPath(join(proj, 'rel', 'new', 'f.svg')), join(outside, 'dir', 'new', 'f.svg'));
  t.is(realPath(join(proj, 'missing', '..', 'sub')), join(proj, 'sub'));
  t.is(findProjectRoot(join(proj, 'sub', 'm.warden')), proj);
  t.true(isInside(proj, join(proj, 'a')));
  t.true(isInside(proj, proj));
  t.false(isInside(proj, `${proj}-other`));
  t.true(isInside(proj, join(proj, '..foo')));
});

test('trace: a source file linked from outside, or pulled in by a tsconfig include, is not read', async (t) => {
  const { proj, outside } = scratch();
  writeFileSync(join(proj, 'model.warden'), 'model "M" { owner "me" }\nprocess Api\n');
  writeFileSync(join(outside, 'leak.ts'), `// ${SECRET}\n/** @mitigates Api.spoofing by mtls ${SECRET} */\nexport const x = 1;\n`);
  mkdirSync(join(proj, 'src'));
  writeFileSync(join(proj, 'src', 'ok.ts'), '/** @mitigates Api.tampering by inputValidation fine */\nexport const y = 1;\n');
  symlinkSync(join(outside, 'leak.ts'), join(proj, 'src', 'linked.ts'));
  const direct = await runCli(['trace', 'model.warden', 'src/linked.ts', '--today', '2026-11-22'], { cwd: proj });
  t.is(direct.code, 2);
  t.regex(direct.stderr, /src\/linked\.ts:1:1: error WD6022: src\/linked\.ts resolves outside the project root; not read/);
  t.notRegex(direct.stderr + direct.stdout, new RegExp(SECRET));
  writeFileSync(join(proj, 'tsconfig.json'), JSON.stringify({ compilerOptions: { allowJs: true }, include: ['src/ok.ts', '../outside/**/*.ts'] }));
  const viaConfig = await runCli(['trace', 'model.warden', '--tsconfig', 'tsconfig.json', '--today', '2026-11-22'], { cwd: proj });
  t.regex(viaConfig.stderr, /WD6022: \.\.\/outside\/leak\.ts resolves outside the project root/);
  t.notRegex(viaConfig.stderr + viaConfig.stdout, new RegExp(SECRET));
  t.regex(viaConfig.stdout, /src\/ok\.ts/);
});

test('check: a manifest file or directory committed as a link out of the project is not read', async (t) => {
  const { proj, outside } = scratch();
  writeFileSync(join(proj, 'model.warden'), 'model "M" { owner "me" }\nuse "warden/kubernetes"\nboundary B { namespace "n" }\nworkload Api in B { workload "deployment/api"  controls [nonRoot] }\n');
  const secretYaml = `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api, namespace: n, labels: { leak: ${SECRET} } }\nspec: { template: { spec: { containers: [ { name: c, image: "${SECRET}" } ] } } }\nbroken: [${SECRET}\n`;
  mkdirSync(join(outside, 'k8s'));
  writeFileSync(join(outside, 'k8s', 'admin.yaml'), secretYaml);
  symlinkSync(join(outside, 'k8s', 'admin.yaml'), join(proj, 'app.yaml'));
  symlinkSync(join(outside, 'k8s'), join(proj, 'manifests'));
  for (const input of ['app.yaml', 'manifests']) {
    const r = await runCli(['check', 'model.warden', input, '--today', '2026-11-22'], { cwd: proj });
    t.is(r.code, 2, input);
    t.regex(r.stderr, new RegExp(`WD5014: manifest input ${input} resolves through a symbolic link outside its project root; not read`), input);
    t.notRegex(r.stderr + r.stdout, new RegExp(SECRET), input);
  }
  // A plain file outside the project (helm template > /tmp/x.yaml) is its own project: fine.
  writeFileSync(join(outside, 'rendered.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: n }\n');
  const ok = await runCli(['check', 'model.warden', join(outside, 'rendered.yaml'), '--today', '2026-11-22'], { cwd: proj });
  t.not(ok.code, 2, ok.stderr);
  t.notRegex(ok.stderr, /WD5014/);
  t.regex(ok.stdout, /1 resource in 1 file/);
});
