import { readFileSync } from 'node:fs';
import { linkProgram } from '../../../src/rego/wasm/link.js';
import opa from '@open-policy-agent/opa-wasm';
for (const expr of [[0,5], [2], [4,[2],[0,"a"]], [6,"plus",[[0,1],[0,2]]], [5,0,[]]]) {
const prog = {"rules":[{"name":"data.t.x","kind":0,"n":0,"a":0,"defs":[{"b":[],"v":[0,7],"c":false}],"d":null}],"entrypoints":[{"name":"t/x","expr":expr}],"builtins":{}};
const wasm = linkProgram(readFileSync('/work/main/dist/rego-runtime.wasm'), new TextEncoder().encode(JSON.stringify(prog)));
const p = await opa.loadPolicy(wasm);
console.log(JSON.stringify(expr), JSON.stringify(p.evaluate({a: 41})), JSON.stringify(p.entrypoints));
}
