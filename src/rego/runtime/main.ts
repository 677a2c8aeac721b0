// AssemblyScript entry: the OPA Wasm ABI (version 1.2) exported to the host.
// The compiler places the planned program (JSON) in a data segment and patches __prog_ptr/__prog_len;
// the first ABI call decodes it, below the heap pointer the host records, so evaluations that rewind
// the heap never lose it.
import { Value, VObj, VArr, VNum, VStr, VSet, NULL, T_OBJ, T_BOOL, asObj, asStr, asNum, asArr, asBool } from './value';
import { parseJSON, setCheckNumberRange, toJSON, toRego, dumpJSON, dumpRego, Writer } from './json';
import { loadProgram, resetEval, evalEntry, ENTRIES, abort, setOperandTypes } from './interp';
import { HOST_NAMES, HOST_IDS } from './builtins';
import { setStrictBuiltinErrors } from './errors';
import { re2ResetCache } from './re2/index';

export const opa_wasm_abi_version: i32 = 1;
export const opa_wasm_abi_minor_version: i32 = 2;

export let __prog_ptr: u32 = 0;
export let __prog_len: u32 = 0;

// Implemented by the build step (scripts/build.d/10-rego-runtime.mjs) over the allocator's bump pointer.
@external('__rt', 'heap_get')
declare function rtHeapGet(): usize;
@external('__rt', 'heap_set')
declare function rtHeapSet(p: usize): void;

let ready = false;

/**
 * Copies the program into memory at `dest`. The linker (src/rego/wasm/link.ts) replaces this body with
 * `memory.init` from the program's passive segment; the loop keeps it too large to be inlined.
 */
export function __rt_prog_write(dest: usize): void {
  for (let i: usize = 0; i < <usize>__prog_len; i++) store<u8>(dest + i, load<u8>(<usize>__prog_ptr + i));
}
let BUILTINS: Value = new VObj();
let ENTRYPOINTS: Value = new VObj();

function init(): void {
  if (ready) return;
  ready = true;
  // the program sits in a passive data segment; copy it into the heap (below the pointer the host records)
  const len = <usize>__prog_len;
  const dest = heap.alloc(len);
  __rt_prog_write(dest);
  setCheckNumberRange(false);
  const prog = parseJSON(dest, len);
  setCheckNumberRange(true);
  if (prog === null) {
    abort('corrupt program segment');
    return;
  }
  loadProgram(prog);
  const strict = asObj(prog).getStr('strict');
  if (strict !== null && strict.t == T_BOOL && asBool(strict)) setStrictBuiltinErrors(true);
  const operands = asObj(prog).getStr('operands');
  if (operands !== null && operands.t == T_OBJ) setOperandTypes(asObj(operands));
  const bi = asObj(prog).getStr('builtins');
  if (bi !== null && bi.t == T_OBJ) {
    BUILTINS = bi;
    const o = asObj(bi);
    for (let i = 0; i < o.ents.length; i++) {
      HOST_NAMES.push(asStr(o.ents[i].k).s);
      HOST_IDS.push(<i32>asNum(o.ents[i].v).n);
    }
  }
  const eps = new VObj();
  for (let i = 0; i < ENTRIES.length; i++) eps.put(new VStr(ENTRIES[i].name), new VNum(<f64>i));
  ENTRYPOINTS = eps;
}

export function opa_malloc(size: usize): usize {
  init();
  return heap.alloc(size);
}

export function opa_free(ptr: usize): void {
  // bump allocation: memory is reclaimed when the host rewinds the heap pointer
}

export function opa_json_parse(ptr: usize, len: usize): usize {
  init();
  const v = parseJSON(ptr, len);
  return v === null ? 0 : changetype<usize>(v);
}

export function opa_value_parse(ptr: usize, len: usize): usize {
  return opa_json_parse(ptr, len);
}

function cstring(s: string): usize {
  const w = new Writer();
  w.put(s);
  return w.cstr();
}

export function opa_json_dump(v: usize): usize {
  init();
  if (v == 0) return cstring('null');
  const w = new Writer();
  dumpJSON(changetype<Value>(v), w);
  return w.cstr();
}

export function opa_value_dump(v: usize): usize {
  init();
  if (v == 0) return cstring('null');
  const w = new Writer();
  dumpRego(changetype<Value>(v), w);
  return w.cstr();
}

export function opa_heap_ptr_get(): usize {
  init();
  return rtHeapGet();
}

export function opa_heap_ptr_set(p: usize): void {
  init();
  // a rewound heap will be reused: drop what points into it (resetEval does so again per evaluation)
  re2ResetCache();
  rtHeapSet(p);
}

export function builtins(): usize {
  init();
  return changetype<usize>(BUILTINS);
}

export function entrypoints(): usize {
  init();
  return changetype<usize>(ENTRYPOINTS);
}

class Ctx {
  input: Value | null = null;
  data: Value | null = null;
  entrypoint: i32 = 0;
  result: Value | null = null;
}

export function opa_eval_ctx_new(): usize {
  init();
  return changetype<usize>(new Ctx());
}

export function opa_eval_ctx_set_input(ctx: usize, v: usize): void {
  changetype<Ctx>(ctx).input = v == 0 ? null : changetype<Value>(v);
}

export function opa_eval_ctx_set_data(ctx: usize, v: usize): void {
  changetype<Ctx>(ctx).data = v == 0 ? null : changetype<Value>(v);
}

export function opa_eval_ctx_set_entrypoint(ctx: usize, e: i32): void {
  changetype<Ctx>(ctx).entrypoint = e;
}

export function opa_eval_ctx_get_result(ctx: usize): usize {
  const r = changetype<Ctx>(ctx).result;
  return r === null ? 0 : changetype<usize>(r);
}

function resultSet(entry: i32, input: Value | null, data: Value | null): Value {
  resetEval(input, data === null ? new VObj() : data);
  const v = evalEntry(entry);
  // A set, as OPA's own modules return it: the JSON dump is an array either way, but in the
  // Rego value format (opa_eval format 1, which OPA's Go SDK asks for) it must print as a set.
  const rs = new VSet();
  if (v !== null) {
    const o = new VObj();
    o.put(new VStr('result'), v);
    rs.add(o);
  }
  return rs;
}

function evalCtx(ctx: usize): i32 {
  init();
  const c = changetype<Ctx>(ctx);
  c.result = resultSet(c.entrypoint, c.input, c.data);
  return 0;
}

export function opa_eval(reserved: i32, entrypoint: i32, data: usize, input: usize, inputLen: usize, heapPtr: usize, format: i32): usize {
  init();
  rtHeapSet(heapPtr);
  let inp: Value | null = null;
  if (input != 0) {
    inp = parseJSON(input, inputLen);
    if (inp === null) abort('invalid input JSON');
  }
  const rs = resultSet(entrypoint, inp, data == 0 ? null : changetype<Value>(data));
  const w = new Writer();
  if (format == 1) dumpRego(rs, w);
  else dumpJSON(rs, w);
  return w.cstr();
}

/** Replaces AssemblyScript's own `abort` (failed internal checks) so the module needs no `env.abort` import. */
export function rtAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  abort('internal error in policy runtime' + (message === null ? '' : ': ' + message!));
}

// silence unused-import checks for types only used through changetype
export function _unused(): usize {
  return changetype<usize>(NULL) + <usize>asArr(new VArr([])).items.length;
}

export { evalCtx as eval };
