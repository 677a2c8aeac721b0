// Builds the Rego Wasm runtime (AssemblyScript, src/rego/runtime/**/*.ts) to dist/rego-runtime.wasm.
// The Rego compiler reads this file at compile time and appends the planned program as a data segment.
// Skips the build when the output is newer than every source file.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const srcDir = join(root, 'src', 'rego', 'runtime');
const out = join(root, 'dist', 'rego-runtime.wasm');
// every .ts below the runtime directory (the RE2 port lives in runtime/re2/)
const sources = readdirSync(srcDir, { recursive: true }).filter((f) => f.endsWith('.ts')).map((f) => join(srcDir, f));
const self = fileURLToPath(import.meta.url);
const newest = Math.max(...[...sources, self].map((f) => statSync(f).mtimeMs));
if (existsSync(out) && statSync(out).mtimeMs > newest && !process.env.FORCE_RUNTIME_BUILD) process.exit(0);
mkdirSync(dirname(out), { recursive: true });

const asc = await import('assemblyscript/asc');

// The transform gives the allocator's bump pointer to the ABI: the runtime imports __rt.heap_get/heap_set
// and we replace those imports with functions over the stub runtime's `offset` global, which AssemblyScript
// does not expose to source code. It also exports the global so the compiler can move the heap start
// past the program segment it adds.
class HeapTransform {
  afterCompile(module) {
    const binaryen = this.binaryen;
    const offsetName = '~lib/rt/stub/offset';
    if (!module.getGlobal(offsetName)) throw new Error('stub runtime offset global not found');
    const n = module.getNumFunctions();
    const imports = [];
    for (let i = 0; i < n; i++) {
      const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
      if (info.module === '__rt') imports.push(info);
    }
    for (const info of imports) {
      module.removeFunction(info.name);
      if (info.base === 'heap_get') {
        module.addFunction(info.name, binaryen.none, binaryen.i32, [], module.global.get(offsetName, binaryen.i32));
      } else {
        // keep the stub's invariant: offset + 4 (block header) is 16-aligned
        const p = module.local.get(0, binaryen.i32);
        const aligned = module.i32.sub(module.i32.and(module.i32.add(p, module.i32.const(19)), module.i32.const(~15)), module.i32.const(4));
        module.addFunction(info.name, binaryen.i32, binaryen.none, [], module.global.set(offsetName, aligned));
      }
    }
    module.addGlobalExport(offsetName, '__rt_offset');
    // the compiler replaces __rt_prog_write's body when linking, so no copy of it may be inlined elsewhere
    binaryen.setPassArgument('no-inline', '*__rt_prog_write');
    module.runPasses(['no-inline']);
    // the JSON reader recurses through parseValue: what runs after a value's entries are read stays
    // out of its frame, so each nesting level costs little of the Wasm stack
    for (const f of ['finishObject', 'finishArray', 'push', 'drop']) {
      binaryen.setPassArgument('no-inline', `*json/${f}`);
      module.runPasses(['no-inline']);
    }
  }
}

const { error, stderr } = await asc.main(
  ['main.ts', '--baseDir', srcDir, '--outFile', out, '--runtime', 'stub', '--importMemory', '--initialMemory', '2', ...(process.env.REGO_RT_OPT ? [process.env.REGO_RT_OPT] : ['-O3']), '--noAssert', '--use', 'abort=main/rtAbort'],
  { transforms: [HeapTransform] },
);
if (error) {
  process.stderr.write(stderr.toString());
  process.stderr.write(`rego runtime build failed: ${error.message}\n`);
  process.exit(1);
}
process.stdout.write(`built ${out}\n`);
