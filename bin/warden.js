#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=10 --expose-gc
// The V8 flags above trade a few percent of CPU for memory (docs/check.md, "Memory"): a young
// generation of at most 2 x 8 MB instead of 2 x 16 MB, and an old generation that grows 10 % past
// what the last full collection kept instead of up to 4x when collections are cheap. On 10,000
// resources with every control on, peak RSS falls by about a fifth. `--expose-gc` lets `check` run a
// full collection where a policy gives its module memory back (a Wasm memory is freed only by one,
// which otherwise may come after the next phase has grown the heap). bench/check.ts runs the CLI
// with the same flags, read from this line.
import { format } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { main } from '../dist/cli/main.js';
import { visibleControls } from '../dist/text/escape.js';

// Rego's print() reaches the SDK's console.log: like `opa eval`, Warden writes it to stderr, so it
// never mixes into a report or result on stdout, and shows a policy's control characters, never obeys them.
console.log = (...args) => process.stderr.write(visibleControls(format(...args)) + '\n');

// Started as `node bin/warden.js` (a script, a Windows shim) the line above is not read: the flags that
// V8 still takes after start-up are set here (the young generation's size is fixed by then), which
// keeps most of the saving (45 MB of Deployments: 280 MB peak instead of 445-520 MB).
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) {
  v8.setFlagsFromString('--heap-growing-percent=10');
  v8.setFlagsFromString('--expose-gc');
  globalThis.gc ??= vm.runInNewContext('gc');
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
