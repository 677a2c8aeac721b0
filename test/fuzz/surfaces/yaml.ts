// The YAML surface: every manifest and YAML file of the repository mutated, and documents generated
// in many styles (block and flow, quoted and block scalars, anchors, aliases, merge keys, deep
// nesting, odd scalars such as 0o17, .inf, ~, yes, 1_000, 012, "\x41"). Properties:
//  - parseManifests never throws and locates every diagnostic; the fast reader and the general one
//    give the same resources, documents and diagnostics (the pipeline's own guarantee);
//  - wherever src/text/fast-yaml.ts accepts a text, it gives the values the `yaml` package gives,
//    document by document. Texts with a merge key (`<<`) are compared with `yaml`'s merge: true
//    (WARDEN_FUZZ_MERGE=0 leaves them out);
//  - `warden check --bundle <exported bundle> file.yaml` exits 0/1/2 without a stack trace.
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';
import { DEFAULT_LIMITS, parseManifests, type ManifestResource } from '../../../src/check/manifests.js';
import { parseYamlFast } from '../../../src/text/fast-yaml.js';
import { formatReport, runCheck } from '../../../src/check/index.js';
import { bundleCheckPolicy, type BundleCheckPolicy } from '../../../src/export/bundle.js';
import { wardenEngine, type LoadedPolicy } from '../../../src/policy/engine.js';
import { exportedBundle } from '../lib/bundle-fixture.js';
import { cli, corpusFiles, mutatedText, readRepo, scratchDir, soup, writeScratch } from '../lib/mutate.js';
import { clock, cliFailures, diagnosticFailures, slowFailure, thrown, TIME_BOUND_MS, type Failure, type Surface } from '../lib/surface.js';

/** Merge keys compared with `yaml` merge: true (expected to pass once fast-yaml merge support is merged). */
/** Merge keys are compared by default (WARDEN_FUZZ_MERGE=0 turns the comparison off). */
export const MERGE_PROPERTY = process.env.WARDEN_FUZZ_MERGE !== '0';

const seeds = corpusFiles(['examples', 'test/check', 'test/export', 'test/fixtures', 'test/rego/cases'], /\.(ya?ml|json)$/).map(readRepo);

const pieces = [
  ':', ': ', '- ', '-', '? ', '---\n', '...\n', '#', ' #c', '\n', '\r\n', '\t', '  ', '    ', '{', '}', '[', ']', ',', '"', "'", '\\', '|', '|-', '|+', '|2', '>', '>-', '&a ', '*a', '&b ', '*b',
  '<<: *a', '<<: [*a, *b]', '<<: {x: 1}', '!!str ', '!!int ', '!custom ', '%YAML 1.2\n', '%TAG ! tag:x,2000:\n', 'null', '~', 'Null', 'true', 'True', 'yes', 'on', 'off', 'no',
  '0x1F', '0o17', '012', '1_000', '1e3', '.5', '-.inf', '.NaN', '+1', '-0', '1.', '2001-12-14', '"\\x41\\u00e9"', "'it''s'", 'key: value', 'kind: Pod', 'apiVersion: v1', 'metadata:', 'name: x',
  '\u0000', '\u00a0', '\u2028', '\ufeff', '😀', 'é',
];

// ---------------------------------------------------------------- generated documents

const oddScalar = fc.constantFrom(
  null, true, false, 0, -0, 1, -1, 12, 0.5, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, Infinity, -Infinity, NaN,
  '', ' ', 'null', '~', 'true', 'yes', 'no', 'on', 'y', 'n', '0x1F', '0o17', '012', '1_000', '1e3', '.5', '-.inf', '.nan', '+1', '-0', '1.', '2001-12-14', '12:30:00',
  ':', '- x', '#x', 'a #b', 'a: b', '[x]', '{x}', '&a', '*a', '!x', '|', '>', '%x', '@x', '`x', '"q"', "'q'", 'a\nb', 'a\n\nb\n', ' lead', 'trail ', 'tab\there', '\\', 'é😀', '\u2028', '<<',
);
const key = fc.oneof(fc.constantFrom('a', 'b', 'name', 'kind', 'metadata', 'spec', 'x y', 'true', '1', 'null', '-', 'a:b', 'é', '<<'), fc.string({ maxLength: 6 }));
const value: fc.Memo<unknown> = fc.memo((d) =>
  d <= 1
    ? fc.oneof(oddScalar, fc.string({ maxLength: 12 }), fc.integer(), fc.double())
    : fc.oneof(
        { weight: 2, arbitrary: value(1) },
        { weight: 1, arbitrary: fc.array(value(d - 1), { maxLength: 4 }) },
        { weight: 1, arbitrary: fc.dictionary(key, value(d - 1), { maxKeys: 4 }) },
      ),
);
const styles = fc.record({
  indent: fc.integer({ min: 1, max: 6 }),
  lineWidth: fc.constantFrom(0, 20, 80),
  minContentWidth: fc.constantFrom(0, 20),
  flowCollectionPadding: fc.boolean(),
  indentSeq: fc.boolean(),
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
  defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
  collectionStyle: fc.constantFrom('any', 'block', 'flow'),
  doubleQuotedAsJSON: fc.boolean(),
}) as fc.Arbitrary<Record<string, unknown>>;

/** A manifest-like mapping written by `yaml` in one style; several documents per file. */
const styled = fc
  .tuple(fc.array(fc.dictionary(key, value(4), { minKeys: 1, maxKeys: 6 }), { minLength: 1, maxLength: 3 }), styles, fc.constantFrom('\n', '\r\n'))
  .map(([docs, style, eol]) => {
    const text = docs.map((d) => stringify({ apiVersion: 'v1', kind: 'ConfigMap', ...d }, style)).join('---\n');
    return eol === '\n' ? text : text.replace(/\n/g, '\r\n');
  });

/** Anchors, aliases and merge keys, written by hand (stringify never writes `<<`). */
const scalarText = fc.constantFrom('1', 'x', '"q"', "'s'", '~', 'true', '0o17', '{}', '[]', '[1, 2]', '{a: 1}');
const merged = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), scalarText), { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom('a', 'b', 'd'), scalarText), { maxLength: 3 }),
    fc.constantFrom('<<: *base', '<<: [*base, *other]', '<<: {a: inline}', '<<: *base\n  <<: *other', '<<: [*other, *base]', '<<: [{a: 1}, {b: 2}]', '<<: *scalar'),
    fc.boolean(),
    fc.nat({ max: 3 }),
  )
  .map(([base, own, merge, before, pad]) => {
    const sp = ' '.repeat(pad + 2);
    const block = (kv: Array<[string, string]>) => kv.map(([k, v]) => `${sp}${k}: ${v}`).join('\n');
    const m = merge.split('\n').map((l) => sp + l.trimStart());
    const body = before ? [...m, block(own)] : [block(own), ...m];
    return [
      'apiVersion: v1',
      'kind: ConfigMap',
      'base: &base',
      block(base),
      'other: &other',
      `${sp}b: from-other`,
      `${sp}e: 5`,
      'scalar: &scalar 7',
      'data:',
      ...body.filter((l) => l.trim() !== ''),
      'alias: *base',
      '',
    ].join('\n');
  });

const deep = fc
  .tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('block', 'flowseq', 'flowmap', 'seq'))
  .map(([n, style]) => {
    if (style === 'block') return 'kind: Pod\n' + Array.from({ length: n }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' 1\n';
    if (style === 'flowseq') return `kind: Pod\nx: ${'['.repeat(n)}1${']'.repeat(n)}\n`;
    if (style === 'flowmap') return `kind: Pod\nx: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`;
    return 'kind: Pod\nx:\n' + Array.from({ length: n }, (_, i) => ' '.repeat(i * 2) + '-').join('\n') + ' 1\n';
  });

export const yamlInput: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: mutatedText(seeds, pieces) },
  { weight: 3, arbitrary: styled },
  { weight: 2, arbitrary: merged },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: soup(pieces, 60) },
);

// ---------------------------------------------------------------- properties

const hasMergeKey = (text: string) => /(^|[\s{,?])(?:"<<"|'<<'|<<)\s*:/m.test(text);

/** Where the fast reader accepts the text (as the pipeline calls it), the `yaml` package gives the same documents and values. */
export function fastAgreesWithYaml(text: string): Failure[] {
  // within the depth limit the pipeline reads with (deeper, `yaml` itself runs out of stack)
  const fast = parseYamlFast(text, DEFAULT_LIMITS.maxDepth);
  if (!fast) return [];
  const merge = hasMergeKey(text);
  if (merge && !MERGE_PROPERTY) return [];
  const docs = parseAllDocuments(text, merge ? { merge: true } : {});
  const list = Array.isArray(docs) ? docs : [docs];
  const label = merge ? 'fast-yaml vs yaml (merge keys)' : 'fast-yaml vs yaml';
  const errors = list.flatMap((d) => d.errors);
  if (errors.length > 0) return [{ kind: `${label}: fast reader accepts what yaml rejects`, detail: errors[0]!.message.split('\n')[0]! }];
  if (list.length !== fast.documents.length) return [{ kind: `${label}: document count`, detail: `fast ${fast.documents.length}, yaml ${list.length}` }];
  for (let i = 0; i < list.length; i++) {
    const want = list[i]!.toJS({ maxAliasCount: -1 }) as unknown;
    const got = fast.documents[i]?.value ?? null;
    if (!isDeepStrictEqual(got, want ?? null)) return [{ kind: `${label}: values differ`, detail: `document ${i + 1}: fast ${short(got)}, yaml ${short(want)}` }];
  }
  return [];
}

const short = (v: unknown) => {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : Object.is(x, -0) ? '-0' : x))?.slice(0, 200) ?? String(v);
  } catch {
    return String(v);
  }
};

function summary(rs: ManifestResource[]) {
  return rs.map((r) => ({ object: r.object, document: r.document, kind: r.kind, name: r.name, namespace: r.namespace, at: r.position([]), meta: r.position(['metadata', 'name']) }));
}

/** The manifest pipeline: no throw, located diagnostics, the fast path and the general path agree. */
export function manifestFailures(text: string): Failure[] {
  const auto = parseManifests('f.yaml', text);
  const general = parseManifests('f.yaml', text, undefined, 0, 'general');
  const failures = [...diagnosticFailures('manifests', auto.diagnostics), ...diagnosticFailures('manifests (general reader)', general.diagnostics)];
  if (!isDeepStrictEqual(auto.diagnostics, general.diagnostics)) {
    failures.push({ kind: 'manifests: fast and general readers give different diagnostics', detail: `${short(auto.diagnostics.map((d) => d.code + ' ' + d.message))} vs ${short(general.diagnostics.map((d) => d.code + ' ' + d.message))}` });
  } else if (!isDeepStrictEqual(summary(auto.value), summary(general.value))) {
    failures.push({ kind: 'manifests: fast and general readers give different resources', detail: `${short(summary(auto.value))} vs ${short(summary(general.value))}` });
  }
  return failures;
}

let bundleWritten = false;

/** `warden check --bundle` costs ~200 ms (it loads the policy); most inputs run the check in-process. */
const CLI_EVERY = 25;

export function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

let prepared: { bundle: BundleCheckPolicy; policy: LoadedPolicy } | undefined;

/** The exported bundle's policy, loaded once. */
async function loadedPolicy() {
  if (prepared) return prepared;
  const read = bundleCheckPolicy(await exportedBundle(), 'bundle.tar.gz');
  if (!read.value) throw new Error(read.diagnostics[0]?.message);
  const policy = await wardenEngine().load(read.value.wasm);
  policy.setData(read.value.data);
  prepared = { bundle: read.value, policy };
  return prepared;
}

/** runCheck on the resources read from the text, with the bundle's policy; then every report format. */
async function checkFailures(text: string): Promise<Failure[]> {
  const read = parseManifests('m.yaml', text);
  const r = await runCheck({ compiled: await loadedPolicy(), policySource: 'bundle.tar.gz', manifests: { resources: read.value, files: ['m.yaml'] }, today: '2026-12-01' });
  const failures = diagnosticFailures('check', r.diagnostics);
  if (r.value) for (const format of ['text', 'json', 'sarif', 'junit', 'github'] as const) formatReport(r.value, format);
  return failures;
}


export const yamlSurface: Surface<string> = {
  name: 'yaml',
  arbitrary: yamlInput,
  async run(text) {
    const elapsed = clock();
    const failures: Failure[] = [];
    for (const [label, f] of [['manifests', manifestFailures], ['fast-yaml', fastAgreesWithYaml]] as const) {
      try {
        failures.push(...f(text));
      } catch (err) {
        failures.push(thrown(label, err));
      }
    }
    try {
      failures.push(...(await checkFailures(text)));
    } catch (err) {
      failures.push(thrown('check', err));
    }
    // the whole CLI on one input in CLI_EVERY (chosen by the text, so a replay does the same)
    if (hash(text) % CLI_EVERY === 0) {
      if (!bundleWritten) writeScratch('bundle.tar.gz', await exportedBundle());
      bundleWritten = true;
      writeScratch('m.yaml', text);
      failures.push(...cliFailures('check', await cli(['check', '--bundle', 'bundle.tar.gz', 'm.yaml', '--format', 'json'], scratchDir())));
    }
    failures.push(...slowFailure('yaml', elapsed(), TIME_BOUND_MS));
    return failures;
  },
  show: (text) => text,
  text: { to: (s) => s, from: (s) => s },
};
