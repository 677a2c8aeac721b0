// Regenerates grammar/railroad.html from the chevrotain grammar (src/dsl/grammar.ts), with the
// diagram runtime loaded from the local chevrotain package (no CDN). Run: node scripts/grammar.mjs
// With --check, exits 1 if the committed file is stale instead of writing it.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createSyntaxDiagramsCode } = await import('chevrotain');
const { WardenGrammar } = await tsImport('../src/dsl/grammar.ts', import.meta.url);

const parser = new WardenGrammar(true);
const base = '../node_modules/chevrotain/diagrams/';
const html = createSyntaxDiagramsCode(parser.getSerializedGastProductions(), { resourceBase: base, css: `${base}diagrams.css` });
const out = join(root, 'grammar', 'railroad.html');
if (process.argv.includes('--check')) {
  let old = '';
  try {
    old = readFileSync(out, 'utf8');
  } catch {}
  if (old !== html) {
    console.error('grammar/railroad.html is stale: run node scripts/grammar.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(out, html);
  console.log(`wrote ${out}`);
}
