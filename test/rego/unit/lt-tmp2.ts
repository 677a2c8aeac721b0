import { readFileSync } from 'node:fs';
import { linkProgram } from '../../../src/rego/wasm/link.js';
const prog = {"rules":[],"entrypoints":[],"builtins":{}};
const wasm = linkProgram(readFileSync('/work/main/dist/rego-runtime.wasm'), new TextEncoder().encode(JSON.stringify(prog)));
const memory = new WebAssembly.Memory({initial: 5});
const str = (a:number)=>{const b=new Uint8Array(memory.buffer); let e=a; while(b[e]) e++; return new TextDecoder().decode(b.subarray(a,e));};
const inst = await WebAssembly.instantiate(wasm, {env:{memory, opa_abort:(a:number)=>{throw new Error(str(a))}, opa_println(){}, opa_builtin0(){},opa_builtin1(){},opa_builtin2(){},opa_builtin3(){},opa_builtin4(){}}});
const ex:any = inst.instance.exports;
for (const t of ['[1,2,"a"]', '{"b":1,"a":[true,null]}', '{}', '"x\\ny"', '1.50']) {
const enc = new TextEncoder().encode(t); const p = ex.opa_malloc(enc.length); new Uint8Array(memory.buffer).set(enc, p);
const v = ex.opa_json_parse(p, enc.length); console.log(t, '=>', v, str(ex.opa_json_dump(v)));
}
console.log(ex._dbg(), str(ex._dbg2()));
