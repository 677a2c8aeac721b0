// From the policy's rows to findings (see runCheck): one finding per (check, resource, path,
// message), the rows of several covering elements merged into it, as the rows arrive. A
// findings-heavy run has tens of thousands of findings, so what they repeat is stored once: a
// resource's object, equal control and threat lists, path field names, model lines.
import type { ResolvedModel, Severity } from '../model/types.js';
import { resourceLabel, type ManifestResource } from './manifests.js';
import type { CheckPolicy } from './run.js';
import type { Finding, RuleInfo } from './types.js';

/** One row of `data.warden.main.findings`, as the generated package builds it. */
export interface RawFinding {
  check: string;
  severity?: string;
  msg: string;
  resource: number;
  path: Array<string | number>;
  element?: string;
  controls: string[];
  threats: string[];
  modelFile?: string;
  modelLine?: number;
  flow?: string;
  boundary?: string;
}

/**
 * A row as the policy returned it, keeping only fields of the expected type: a bundle's policy and
 * data.json come from a file, and a damaged one must give odd findings, not a crash.
 */
export function cleanRow(r: Record<string, unknown>): RawFinding {
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const strings = (x: unknown) => (Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : []);
  return {
    check: str(r.check) ?? '',
    severity: str(r.severity),
    msg: str(r.msg) ?? '',
    resource: Number.isInteger(r.resource) ? (r.resource as number) : -1,
    path: Array.isArray(r.path) ? r.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number') : [],
    element: str(r.element),
    controls: strings(r.controls),
    threats: strings(r.threats),
    modelFile: str(r.modelFile),
    modelLine: typeof r.modelLine === 'number' ? r.modelLine : undefined,
    flow: str(r.flow),
    boundary: str(r.boundary),
  };
}

/** One empty list for the findings traced to no element (never added to: merging makes a new list). */
export const NO_ELEMENTS = Object.freeze([]) as unknown as string[];

const SEVERITIES = new Set<Severity>(['info', 'low', 'medium', 'high', 'critical']);

/** A model line from a bundle's facts, when it has the expected shape. */
function sourceLine(x: unknown): { file: string; line: number } | undefined {
  const o = x as { file?: unknown; line?: unknown } | null;
  return o && typeof o === 'object' && typeof o.file === 'string' && typeof o.line === 'number' ? { file: o.file, line: o.line } : undefined;
}

/**
 * The model line a row traces to: its own, else its flow's, element's or boundary's (from the
 * model when there is one, else from the facts the bundle carries). One object per line, however
 * many findings trace to it: reporters only read it.
 */
function modelLines(bundle: CheckPolicy, model: ResolvedModel | undefined, display: (file: string) => string): (row: RawFinding) => Finding['model'] {
  const elements = bundle.data.warden.model.elements;
  const flowsById = new Map<string, { file: string; line: number }>(
    model
      ? model.flows.map((f) => [f.id, f.source])
      : (bundle.data.warden.model.flows ?? []).flatMap((f) => (f && typeof f.id === 'string' && sourceLine(f) ? [[f.id, sourceLine(f)!] as const] : [])),
  );
  const boundariesById = new Map<string, { file: string; line: number }>(
    model
      ? model.boundaries.map((b) => [b.id, b.source])
      : Object.entries(bundle.data.warden.model.boundaries ?? {}).flatMap(([id, b]) => (sourceLine(b) ? [[id, sourceLine(b)!] as const] : [])),
  );
  const lines = new Map<string, Map<number, NonNullable<Finding['model']>>>();
  const lineOf = (at: { file: string; line: number }): NonNullable<Finding['model']> => {
    let inFile = lines.get(at.file);
    if (!inFile) lines.set(at.file, (inFile = new Map()));
    let known = inFile.get(at.line);
    if (!known) inFile.set(at.line, (known = { file: display(at.file), line: at.line }));
    return known;
  };
  return (row) => {
    if (row.modelFile) return lineOf({ file: row.modelFile, line: row.modelLine ?? 0 });
    if (row.flow && flowsById.has(row.flow)) return lineOf(flowsById.get(row.flow)!);
    if (row.element && sourceLine(elements?.[row.element])) return lineOf(elements[row.element]);
    if (row.boundary && boundariesById.has(row.boundary)) return lineOf(boundariesById.get(row.boundary)!);
    return undefined;
  };
}

/** FNV-1a over a row's check, resource, path and message: the key findings merge on. */
function rowHash(check: string, resource: number, path: ReadonlyArray<string | number>, msg: string): number {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0xff, 0x01000193);
  };
  mix(check);
  mix(String(resource));
  for (const seg of path) mix(typeof seg === 'number' ? `#${seg}` : seg);
  mix(msg);
  return h >>> 0;
}

function samePath(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): boolean {
  return a.length === b.length && a.every((seg, i) => seg === b[i]);
}

/**
 * The findings made so far, by their merge key. Keyed by a hash of (check, resource, path,
 * message): a string key per finding would be a tenth of a large run's memory; findings whose
 * hashes collide share a bucket and are told apart by their fields. Rows about no resource
 * (model-only findings, a handful) keep a plain key.
 */
class FindingIndex {
  #byHash = new Map<number, Finding | Finding[]>();
  #unplaced = new Map<string, Finding>();

  /** The key of a row: its hash when it is about a resource, else a string. */
  key(row: RawFinding, placed: boolean): number | string {
    return placed ? rowHash(row.check, row.resource, row.path, row.msg) : JSON.stringify([row.check, row.resource, row.path, row.msg]);
  }

  get(key: number | string, row: RawFinding): Finding | undefined {
    if (typeof key === 'string') return this.#unplaced.get(key);
    const bucket = this.#byHash.get(key);
    for (const f of bucket === undefined ? [] : Array.isArray(bucket) ? bucket : [bucket]) {
      if (f.check === row.check && f.message === row.msg && f.resource?.index === row.resource && samePath(f.location!.path, row.path)) return f;
    }
    return undefined;
  }

  set(key: number | string, f: Finding): void {
    if (typeof key === 'string') return void this.#unplaced.set(key, f);
    const bucket = this.#byHash.get(key);
    this.#byHash.set(key, bucket === undefined ? f : Array.isArray(bucket) ? [...bucket, f] : [bucket, f]);
  }
}

/** Returns one string per distinct value (or list) given: the first given. */
function interner<T>(keyOf: (v: T) => string): (v: T) => T {
  const known = new Map<string, T>();
  return (v) => {
    const k = keyOf(v);
    const hit = known.get(k);
    if (hit !== undefined) return hit;
    known.set(k, v);
    return v;
  };
}

/**
 * Turns the policy's rows into findings, one row at a time (the rows of a large run never exist
 * all at once); `findings()` gives them in the order they were made.
 */
export function findingMerger(ctx: {
  rules: ReadonlyMap<string, RuleInfo>;
  bundle: CheckPolicy;
  model?: ResolvedModel;
  resources: readonly ManifestResource[];
  display: (file: string) => string;
}): { add(row: RawFinding): void; findings(): Finding[] } {
  const { rules } = ctx;
  // equal element, control and threat lists are one list (never changed: a merge makes a new one)
  const shared = interner<string[]>((list) => list.join('\u0000'));
  // equal paths are one list (of one string per field name: JSON.parse gives every row fresh ones)
  const name = interner<string>((s) => s);
  const path = interner<Array<string | number>>((p) => JSON.stringify(p));
  const pathOf = (p: Array<string | number>): Array<string | number> => path(p.map((seg) => (typeof seg === 'string' ? name(seg) : seg)));
  const refs = new Map<number, NonNullable<Finding['resource']>>();
  const resourceRef = (r: ManifestResource): NonNullable<Finding['resource']> => {
    let ref = refs.get(r.index);
    if (!ref) refs.set(r.index, (ref = { index: r.index, kind: r.kind, ...(r.namespace ? { namespace: r.namespace } : {}), name: r.name, label: resourceLabel(r) }));
    return ref;
  };
  const modelLine = modelLines(ctx.bundle, ctx.model, ctx.display);
  const index = new FindingIndex();
  const order: Finding[] = [];
  const add = (row: RawFinding): void => {
    const resource: ManifestResource | undefined = row.resource >= 0 ? ctx.resources[row.resource] : undefined;
    const key = index.key(row, resource !== undefined);
    const existing = index.get(key, row);
    if (existing) {
      if (row.element && !existing.elements.includes(row.element)) existing.elements = shared([...existing.elements, row.element].sort());
      existing.controls = shared([...new Set([...existing.controls, ...row.controls])].sort());
      existing.threats = shared([...new Set([...existing.threats, ...row.threats])].sort());
      existing.element = existing.elements[0];
      return;
    }
    const rule = rules.get(row.check);
    const model = modelLine(row);
    const f: Finding = {
      check: row.check,
      title: rule?.title ?? row.check,
      severity: SEVERITIES.has(row.severity as Severity) ? (row.severity as Severity) : (rule?.severity ?? 'medium'),
      family: rule?.family ?? 'library',
      message: row.msg,
      ...(resource
        ? {
            resource: resourceRef(resource),
            // filled later, resource by resource (locateFindings)
            location: { file: resource.file, line: 0, column: 0, path: pathOf(row.path), exact: false, ...(resource.template ? { template: resource.template } : {}) },
          }
        : {}),
      ...(row.element ? { element: row.element } : {}),
      elements: row.element ? shared([row.element]) : NO_ELEMENTS,
      controls: shared([...row.controls].sort()),
      threats: shared([...row.threats].sort()),
      ...(row.flow ? { flow: row.flow } : {}),
      ...(row.boundary ? { boundary: row.boundary } : {}),
      ...(model ? { model } : {}),
      fingerprint: '',
    };
    order.push(f);
    index.set(key, f);
  };
  return { add, findings: () => order };
}
