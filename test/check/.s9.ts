import { compileRego, loadPolicy } from '../../src/rego/index.js';
const c = compileRego([{ file: 'a.rego', source: 'package p\nx := "a—b"' }], { entrypoints: ['p/x'] });
try { const pol = await loadPolicy(c.value!.wasm); console.log(JSON.stringify(pol.evaluate({}, 'p/x'))); } catch (e) { console.log('ERR', (e as Error).message); }
