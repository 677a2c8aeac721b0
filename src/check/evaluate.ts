// Evaluating a policy's findings in the parts findings-parts.ts compiles them into: the inputs each
// part needs (the whole set, the set without pod specs, chunks of it, chunks plus context
// resources), built as JSON bytes one resource at a time, and the rows each part returns with
// their resource indexes made absolute.
import type { LoadedPolicy } from '../policy/engine.js';
import type { PlacedInput } from '../rego/index.js';
import { CHUNK_BYTES, PARTS_MAX_INPUT, RESOURCE_CHUNK_BYTES, type FindingsParts } from './findings-parts.js';
import { resourceValue, type ManifestResource } from './manifests.js';

const INPUT_HEAD = '{"resources":[';
const INPUT_TAIL = ']}';

/**
 * The policy input `{"resources": [...]}` given piece by piece to `put`, one resource at a time:
 * each value is read, written and dropped, so the set's values and a JSON string of them all never
 * exist at once. Byte for byte what JSON.stringify gives for the whole input (of each resource as
 * `project` gives it).
 */
export function writeInput(resources: readonly ManifestResource[], put: (text: string) => void, project: (value: unknown) => unknown = (v) => v): void {
  put(INPUT_HEAD);
  resources.forEach((r, i) => put((i > 0 ? ',' : '') + JSON.stringify(project(resourceValue(r)))));
  put(INPUT_TAIL);
}

/** writeInput's text as the evaluator takes it (UTF-8 JSON bytes). */
export function policyInput(resources: readonly ManifestResource[], project?: (value: unknown) => unknown): ArrayBuffer {
  const encoder = new TextEncoder();
  let buf = new Uint8Array(Math.max(1024, resources.length * 512));
  let len = 0;
  writeInput(
    resources,
    (s) => {
      // encodeInto writes at most 3 bytes per UTF-16 unit
      if (len + s.length * 3 > buf.length) {
        const bigger = new Uint8Array(Math.max(buf.length * 2, len + s.length * 3));
        bigger.set(buf.subarray(0, len));
        buf = bigger;
      }
      len += encoder.encodeInto(s, buf.subarray(len)).written;
    },
    project,
  );
  return exactBuffer(buf.subarray(0, len));
}

/** Where each workload kind keeps its pod spec (as policies/lib/k8s.rego reads it). */
const POD_SPEC_AT: Record<string, readonly string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The keys that carry a ConfigMap's or Secret's payload. */
const PAYLOAD_KEYS: Record<string, readonly string[]> = { ConfigMap: ['data', 'binaryData'], Secret: ['data', 'stringData'] };

/**
 * A resource with what the checks that declare `custom.pod_spec: false` never read taken out: a
 * workload's pod spec (containers, volumes, ...) replaced by {}, and a ConfigMap's or Secret's
 * payload left out. Copies only the objects on the way; other resources are returned as they are.
 */
export function withoutPodSpec(value: unknown): unknown {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string') return value;
  if (Object.hasOwn(PAYLOAD_KEYS, kind)) return withoutKeys(value as Record<string, unknown>, PAYLOAD_KEYS[kind]!);
  const at = Object.hasOwn(POD_SPEC_AT, kind) ? POD_SPEC_AT[kind]! : undefined;
  if (!at) return value;
  const strip = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const key = at[depth]!;
    if (!Object.hasOwn(v, key)) return v;
    const o = v as Record<string, unknown>;
    return { ...o, [key]: depth === at.length - 1 ? {} : strip(o[key], depth + 1) };
  };
  return strip(value, 0);
}

function withoutKeys(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  if (!keys.some((k) => Object.hasOwn(o, k))) return o;
  const out = { ...o };
  for (const k of keys) delete out[k];
  return out;
}

/** The bytes as an ArrayBuffer of their own (the evaluator takes whole buffers): copied only when they are a view into a larger one. */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  const b = bytes.buffer as ArrayBuffer;
  return bytes.byteOffset === 0 && bytes.byteLength === b.byteLength ? b : b.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

/**
 * The resources as JSON texts, in consecutive chunks of about `maxBytes` (a larger resource is a
 * chunk of its own): each resource is read and serialised once (or taken from `known`), and only
 * one chunk's texts exist at a time.
 */
function* jsonChunks(resources: readonly ManifestResource[], maxBytes: number, known: ReadonlyMap<number, string>): Generator<{ offset: number; jsons: string[] }> {
  let offset = 0;
  let jsons: string[] = [];
  let size = 0;
  for (let i = 0; i < resources.length; i++) {
    const json = known.get(i) ?? JSON.stringify(resourceValue(resources[i]!));
    if (jsons.length > 0 && size + json.length > maxBytes) {
      yield { offset, jsons };
      offset = i;
      jsons = [];
      size = 0;
    }
    jsons.push(json);
    size += json.length + 1;
  }
  if (jsons.length > 0) yield { offset, jsons };
}

/** [from, to) ranges of `jsons` of at most maxBytes each (a larger text is a range of its own). */
export function slices(jsons: readonly string[], maxBytes: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  let size = 0;
  for (let i = 0; i < jsons.length; i++) {
    if (i > from && size + jsons[i]!.length > maxBytes) {
      out.push([from, i]);
      from = i;
      size = 0;
    }
    size += jsons[i]!.length + 1;
  }
  if (jsons.length > from) out.push([from, jsons.length]);
  return out;
}

/** `{"resources": [...]}` from the resources' JSON texts, as the evaluator takes it. */
function inputOfJson(jsons: readonly string[]): ArrayBuffer {
  return exactBuffer(new TextEncoder().encode(INPUT_HEAD + jsons.join(',') + INPUT_TAIL));
}

/** The resources offset ... offset + count - 1 and every `context` resource outside them, ascending. */
export function withContextIndices(offset: number, count: number, context: readonly number[]): number[] {
  const out: number[] = [];
  let k = 0;
  while (k < context.length && context[k]! < offset) out.push(context[k++]!);
  for (let i = offset; i < offset + count; i++) out.push(i);
  while (k < context.length && context[k]! < offset + count) k++;
  while (k < context.length) out.push(context[k++]!);
  return out;
}

/**
 * The policy's rows for these resources: its whole-input parts on the whole input, its
 * per-resource parts chunk by chunk (see findings-parts.ts), rows' resource indexes made absolute,
 * each row handed to `onRow`. Without parts (a bundle from before them), `entrypoint` on the whole input.
 * `collect` (a full garbage collection, where the host allows one) runs after the policy gives its
 * module memory back.
 */
export function evaluateFindings(
  policy: LoadedPolicy,
  parts: FindingsParts | undefined,
  entrypoint: string,
  resources: readonly ManifestResource[],
  onRow: (row: unknown) => void,
  collect?: () => void,
): void {
  const p = parts ?? { whole: [entrypoint], perResource: [] };
  // `index(local)`: the resource a row's index names, or -1 for a row to drop (a context resource's)
  const evaluate = (input: ArrayBuffer, ep: string, index?: (local: number) => number) => rows(policy.evaluate(input, ep)[0]?.result, onRow, index);
  // the whole input, with or without pod specs, built only for the parts that need it: written
  // straight into the module's memory where the policy can take it so (no copy of its own)
  const wholeParts = (project: ((v: unknown) => unknown) | undefined, each: readonly string[] | undefined, union: string | undefined): boolean => {
    if (!each || each.length === 0) return false;
    const placed: PlacedInput = policy.withInput?.((put) => writeInput(resources, put, project)) ?? bufferInput(policy, policyInput(resources, project));
    for (const ep of union && placed.bytes > PARTS_MAX_INPUT ? [union] : each) rows(placed.evaluate(ep)[0]?.result, onRow);
    return true;
  };
  const whole = wholeParts(undefined, p.whole, p.wholeUnion);
  const projected = wholeParts(withoutPodSpec, p.projected, p.projectedUnion);
  // the whole input grew the module's memory to several times its JSON: give it back before the
  // chunks, which need a fraction of it, and after them (the findings outlive the evaluation)
  // A released memory is freed by the next full collection, which may come late: `collect` runs one.
  const release = () => {
    policy.release?.();
    collect?.();
  };
  if (whole || projected) release();
  evaluateChunks(p, resources, evaluate);
  release();
}

/** A part's rows handed to `onRow`, their resource indexes made absolute by `index` (-1: drop the row). */
function rows(part: unknown, onRow: (row: unknown) => void, index?: (local: number) => number): void {
  if (!Array.isArray(part)) return;
  for (const row of part) {
    const r = row as { resource?: unknown } | null;
    if (index && r && typeof r === 'object' && Number.isInteger(r.resource) && (r.resource as number) >= 0) {
      const global = index(r.resource as number);
      if (global < 0) continue;
      r.resource = global;
    }
    onRow(row);
  }
}

/** An input as bytes, for a policy that cannot take it into its memory once (each evaluation copies it). */
function bufferInput(policy: LoadedPolicy, input: ArrayBuffer): PlacedInput {
  return { bytes: input.byteLength, evaluate: (ep) => policy.evaluate(input, ep) };
}

type Evaluate = (input: ArrayBuffer, ep: string, index?: (local: number) => number) => void;

/** The per-resource parts, chunk by chunk, each chunk with the context resources its checks read. */
function evaluateChunks(p: FindingsParts, resources: readonly ManifestResource[], evaluate: Evaluate): void {
  if (p.perResource.length === 0 && !p.withContext) return;
  const ctx = p.withContext;
  const kinds = new Set(ctx?.contextKinds ?? []);
  const context = ctx ? resources.flatMap((r, i) => (kinds.has(r.kind) ? [i] : [])) : [];
  // serialised once, for every chunk they are context to and for their own
  const contextJson = new Map(context.map((i) => [i, JSON.stringify(resourceValue(resources[i]!))]));
  for (const { offset, jsons } of jsonChunks(resources, CHUNK_BYTES, contextJson)) {
    const count = jsons.length;
    for (const [from, to] of p.perResource.length > 0 ? slices(jsons, RESOURCE_CHUNK_BYTES) : []) {
      const input = inputOfJson(jsons.slice(from, to));
      for (const ep of p.perResource) evaluate(input, ep, (local) => (local < to - from ? offset + from + local : -1));
    }
    if (!ctx) continue;
    const indices = withContextIndices(offset, count, context);
    const input = inputOfJson(indices.map((i) => (i >= offset && i < offset + count ? jsons[i - offset]! : contextJson.get(i)!)));
    const own = (local: number) => {
      const global = indices[local] ?? -1;
      return global >= offset && global < offset + count ? global : -1;
    };
    for (const ep of ctx.entrypoints) evaluate(input, ep, own);
  }
}
