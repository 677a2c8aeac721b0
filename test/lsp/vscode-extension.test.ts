// editors/vscode: a loadable extension manifest whose grammar is the repository's own (linked, so
// it cannot drift) and whose entry point starts `warden lsp`.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ext = join(root, 'editors', 'vscode');

test('the manifest declares the warden language, the repository grammar and a main that starts warden lsp', (t) => {
  const pkg = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8')) as {
    main: string;
    contributes: { languages: { id: string; extensions: string[]; configuration: string }[]; grammars: { language: string; scopeName: string; path: string }[] };
    dependencies: Record<string, string>;
  };
  t.deepEqual(pkg.contributes.languages.map((l) => [l.id, l.extensions]), [['warden', ['.warden']]]);
  const grammar = pkg.contributes.grammars[0];
  t.is(realpathSync(join(ext, grammar.path)), realpathSync(join(root, 'grammar', 'warden.tmLanguage.json')));
  t.is((JSON.parse(readFileSync(join(ext, grammar.path), 'utf8')) as { scopeName: string }).scopeName, grammar.scopeName);
  JSON.parse(readFileSync(join(ext, pkg.contributes.languages[0].configuration), 'utf8'));
  t.regex(pkg.dependencies['vscode-languageclient'], /^\d+\.\d+\.\d+$/, 'pinned');
  const main = readFileSync(join(ext, pkg.main), 'utf8');
  t.regex(main, /args: \['lsp'\]/);
  t.regex(main, /TransportKind\.stdio/);
  t.is(spawnSync(process.execPath, ['--check', join(ext, pkg.main)]).status, 0, 'extension.js parses');
});
