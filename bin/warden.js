#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=10 --expose-gc
// The V8 flags above trade a few percent of CPU for memory (docs/check.md, "Memory"): a young
// generation of at most 2 x 8 MB instead of 2 x 16 MB, and an old generation that grows 10 % past
// what the last full collection kept instead of up to 4x when collections are cheap. On 10,000
// resources with every control on, peak RSS falls by about a fifth. `--expose-gc` lets `check` run a
// full collection where a policy gives its module memory back (a Wasm memory is freed only by one,
// which otherwise may come after the next phase has grown the heap). bench/check.ts runs the CLI
// with the same flags, read from this line.
import { format } from 'node:util';
import { main } from '../dist/cli/main.js';
import { visibleControls } from '../dist/text/escape.js';

// Rego's print() reaches the SDK's console.log: like `opa eval`, Warden writes it to stderr, so it
// never mixes into a report or result on stdout, and shows a policy's control characters, never obeys them.
console.log = (...args) => process.stderr.write(visibleControls(format(...args)) + '\n');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
