// The DSL surface: every .warden file of the repository mutated, token soup, and models generated
// from a small grammar (boundaries nested, elements, flows, data, risk decisions, comments).
// Properties: the front end never throws and locates every diagnostic; a result without a model
// carries an error; fmt is idempotent and keeps a valid model valid; `warden validate`, `fmt` and
// (for valid models) `threats` exit 0/1/2 without a stack trace or an internal error.
import fc from 'fast-check';
import { checkSource, formatSource } from '../../../src/dsl/index.js';
import { cli, corpusFiles, mutatedText, readRepo, soup, writeScratch, scratchDir } from '../lib/mutate.js';
import { clock, cliFailures, diagnosticFailures, slowFailure, thrown, TIME_BOUND_MS, type Failure, type Surface } from '../lib/surface.js';

const seeds = corpusFiles(['examples', 'models', 'test'], /\.warden$/).map(readRepo);

const pieces = [
  '{', '}', '[', ']', '(', ')', '->', '<-', ',', ':', '.', '"', '"x"', '""', '\\', '\\"', '/*', '*/', '//', '\n', '\r\n', '\t', ' ',
  'flow', 'boundary', 'in', 'actor', 'process', 'store', 'data', 'model', 'use', 'kind', 'attr', 'control', 'rule', 'threat',
  'accept', 'mitigate', 'notApplicable', 'because', 'owner', 'until', 'by', 'controls', 'when', 'not', 'and', 'or',
  '==', '!=', '<', '>', '=', 'true', 'false', '0', '-1', '1e999', '9007199254740993', '2027-02-30', '2026-12-31', 'TH-00000000',
  'A', 'B', 'Db', 'App', 'User', '_', 'x.y', 'use "warden/base"', 'use "warden/kubernetes"', 'use "./x.warden"', 'use "../../etc/passwd"',
  '\u0000', '\u00a0', '\u2028', '\ufeff', '😀', 'é',
];

const ident = fc.constantFrom('A', 'B', 'C', 'App', 'Api', 'Db', 'User', 'Web', 'Queue', 'Cache', 'Ext', 'x_1', 'Ünï');
const str = fc.oneof(fc.constantFrom('"x"', '"a b"', '""', '"quote \\" inside"', '"tab\\tnew\\nline"', '"é😀"'), fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)));
const comment = fc.oneof(fc.constant(''), fc.constant(''), fc.constantFrom('// note\n', '/* block */ ', '/* multi\nline */\n', '// é😀\n'));
const attrValue = fc.oneof(
  fc.constantFrom('true', 'false', 'internet', 'internal', 'none', 'https', 'http', 'sql', 'tls', 'oidc', 'password', 'rbac', 'high', 'untrusted', 'medium', 'confidential', 'public', '2', '-1', '2027-06-30'),
  str,
  fc.array(ident, { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
);
const attrName = fc.constantFrom('trust', 'exposure', 'authn', 'authz', 'inputValidation', 'encryptedAtRest', 'backup', 'stores', 'protocol', 'carries', 'classification', 'pii', 'namespace', 'workload', 'replicas', 'tls', 'controls', 'owner', 'nosuch');
const attrs = fc.array(fc.tuple(attrName, attrValue, comment), { maxLength: 4 }).map((xs) => (xs.length ? ` { ${xs.map(([n, v, c]) => `${n} ${v}${c ? ' ' + c : ''}`).join('  ')} }` : ''));
const elementKind = fc.constantFrom('actor', 'process', 'store', 'user', 'workload', 'ingress', 'externalSystem', 'service');

const element = fc.tuple(elementKind, ident, fc.option(str), fc.option(ident), attrs).map(([k, n, title, within, a]) => `${k} ${n}${title ? ' ' + title : ''}${within ? ' in ' + within : ''}${a}`);
const flow = fc.tuple(fc.option(ident), ident, ident, fc.option(str), attrs).map(([name, a, b, title, at]) => `flow ${name ? name + ': ' : ''}${a} -> ${b}${title ? ' ' + title : ''}${at}`);
const decision = fc.oneof(
  fc.tuple(ident, fc.constantFrom('spoofing', 'tampering', 'repudiation', 'informationDisclosure', 'denialOfService', 'elevationOfPrivilege'), str).map(([e, c, why]) => `notApplicable ${e}.${c} because ${why}`),
  fc.tuple(ident, str, fc.constantFrom('2027-06-30', '2020-01-01', '2027-02-30'), str).map(([e, o, d, why]) => `accept ${e}.spoofing owner ${o} until ${d} because ${why}`),
  fc.tuple(ident, ident, str).map(([e, c, why]) => `mitigate ${e}.tampering by ${c} ${why}`),
);
const statement: fc.Memo<string> = fc.memo((depth) =>
  depth <= 1
    ? fc.oneof(element, flow, decision, fc.tuple(ident, str).map(([n, t]) => `data ${n} ${t} { classification confidential }`))
    : fc.oneof(
        { weight: 3, arbitrary: statement(1) },
        { weight: 1, arbitrary: fc.tuple(ident, fc.option(str), fc.array(fc.tuple(comment, statement(depth - 1)), { maxLength: 4 })).map(([n, t, body]) => `boundary ${n}${t ? ' ' + t : ''} {\n${body.map(([c, s]) => c + s).join('\n')}\n}`) },
      ),
);
const generated = fc
  .tuple(fc.option(str), fc.constantFrom('', 'use "warden/kubernetes"\n', 'use "warden/base"\n'), fc.array(fc.tuple(comment, statement(4)), { maxLength: 12 }), fc.constantFrom('\n', '', '\r\n'))
  .map(([name, use, body, eol]) => [name ? `model ${name} { owner "fuzz" }` : '', use, ...body.map(([c, s]) => c + s)].join(eol === '' ? '\n' : eol) + eol);

export const dslInput: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: mutatedText(seeds, pieces) },
  { weight: 3, arbitrary: generated },
  { weight: 1, arbitrary: soup(pieces) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: 'grapheme' }) },
);

const FILE = 'model.warden';

/** The in-process properties: check, diagnostics, fmt idempotence, fmt keeps validity. */
function frontEnd(text: string): { failures: Failure[]; valid: boolean } {
  const dir = scratchDir();
  const options = { projectRoot: dir, cwd: dir, prelude: 'warden/base' };
  const r = checkSource(`${dir}/${FILE}`, text, options);
  const failures = diagnosticFailures('check', r.diagnostics);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (r.value === undefined && errors.length === 0) failures.push({ kind: 'check: no model and no error', detail: r.diagnostics.map((d) => d.code).join(',') });
  const f = formatSource(text);
  failures.push(...diagnosticFailures('fmt', f.diagnostics));
  if (!f.diagnostics.some((d) => d.severity === 'error')) {
    const again = formatSource(f.value);
    if (again.diagnostics.some((d) => d.severity === 'error')) failures.push({ kind: 'fmt: output does not parse', detail: again.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ') });
    else if (again.value !== f.value) failures.push({ kind: 'fmt: not idempotent', detail: firstDifference(f.value, again.value) });
    if (r.value !== undefined) {
      const rf = checkSource(`${dir}/${FILE}`, f.value, options);
      if (rf.value === undefined) failures.push({ kind: 'fmt: valid model becomes invalid', detail: rf.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`).join('; ') });
    }
  }
  return { failures, valid: r.value !== undefined };
}

export function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at offset ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 20), i + 20))} then ${JSON.stringify(b.slice(Math.max(0, i - 20), i + 20))}`;
}

export const dslSurface: Surface<string> = {
  name: 'dsl',
  arbitrary: dslInput,
  async run(text) {
    const elapsed = clock();
    let failures: Failure[];
    let valid = false;
    try {
      ({ failures, valid } = frontEnd(text));
    } catch (err) {
      failures = [thrown('front end', err)];
    }
    writeScratch(FILE, text);
    const dir = scratchDir();
    failures.push(...cliFailures('validate', await cli(['validate', FILE], dir)));
    failures.push(...cliFailures('fmt', await cli(['fmt', FILE], dir)));
    if (valid) failures.push(...cliFailures('threats', await cli(['threats', FILE, '--format', 'json'], dir)));
    failures.push(...slowFailure('dsl', elapsed(), TIME_BOUND_MS));
    return failures;
  },
  show: (text) => text,
  text: { to: (s) => s, from: (s) => s },
};
