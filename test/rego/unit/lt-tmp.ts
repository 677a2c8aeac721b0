import { readFileSync } from 'node:fs';
import { linkProgram } from '../../../src/rego/wasm/link.js';
import opa from '@open-policy-agent/opa-wasm';
const prog = {"rules":[{"name":"data.t.x","kind":0,"n":0,"a":0,"defs":[{"b":[],"v":[6,"plus",[[4,[2],[0,"a"]],[0,1]]],"c":false}],"d":null}],"entrypoints":[{"name":"t/x","expr":[5,0,[]]}],"builtins":{}};
const wasm = linkProgram(readFileSync('/work/main/dist/rego-runtime.wasm'), new TextEncoder().encode(JSON.stringify(prog)));
const p = await opa.loadPolicy(wasm);
console.log(JSON.stringify(p.evaluate({a: 41})), JSON.stringify(p.evaluate({b: 1})));
p.setData({z: [1,2]});
for (let i=0;i<3;i++) console.log(JSON.stringify(p.evaluate({a: i, big: "x".repeat(100000)})));
