import { compileRego, loadPolicy } from '../../src/rego/index.js';
for (const src of ['package p\nx := "abc"', 'package p\nx := "a—b"', 'package p\nx := "a\\u2028b"', 'package p\n# METADATA\n# title: a—b\nx := 1']) {
  const c = compileRego([{ file: 'a.rego', source: src }], { entrypoints: ['p/x'] });
  try { const pol = await loadPolicy(c.value!.wasm); console.log(JSON.stringify(src), JSON.stringify(pol.evaluate({}, 'p/x'))); } catch (e) { console.log(JSON.stringify(src), 'ERR', (e as Error).message); }
}
