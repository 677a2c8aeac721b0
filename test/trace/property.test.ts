// Properties of the tag reader on generated input: it never throws, spans stay inside the comment,
// and whatever it accepts it accepts again when the tag is printed back.
import test from 'ava';
import fc from 'fast-check';
import { parseTag, tagsInComment } from '../../src/trace/tags.js';
import { TRACE_TAGS, type TraceTag } from '../../src/trace/types.js';
import { scanSources } from '../../src/trace/index.js';
import { fixture } from './fixture.js';

const word = fc.constantFrom(
  'Api', 'Api.spoofing', 'Ledger.tampering.stride.tampering', 'spoofing', 'spofing', 'TH-1a2b3c4d', 'Threats.Api_spoofing', 'Threats.TH_1a2b3c4d',
  '{@link Threats.X}', '{@link', '}', 'by', 'mtls', 'owner', 'until', '2027-03-01', '2027-02-30', 'because', 'severity', 'high', '"quoted text"', '"open',
  '@mitigates', '@exposes', '@accepts', '@element', '@boundary', '@param', '*', '*/', '/*', '//', '\\', '->', 'Api->Ledger.tampering',
);
const line = fc.array(word, { maxLength: 8 }).map((ws) => ws.join(' '));
const comment = fc.tuple(fc.constantFrom('//', '/*', '/**'), fc.array(line, { minLength: 1, maxLength: 4 })).map(([open, lines]) =>
  open === '//' ? `// ${lines.join(' ')}` : `${open}\n${lines.map((l) => ` * ${l}`).join('\n')}\n */`,
);

test('reading tags never throws and keeps spans inside the comment', (t) => {
  fc.assert(
    fc.property(comment, fc.nat(1000), (c, offset) => {
      for (const tag of tagsInComment(c, offset)) {
        if (tag.start < offset || tag.end > offset + c.length || tag.start >= tag.end) return false;
        for (const tok of tag.tokens) if (tok.start < tag.start || tok.end > tag.end) return false;
        if (!(TRACE_TAGS as readonly string[]).includes(tag.name)) continue;
        const r = parseTag({ ...tag, name: tag.name as TraceTag });
        for (const p of r.problems) if (p.start < offset || p.end > offset + c.length || !/^WD60\d\d$/.test(p.code)) return false;
      }
      return true;
    }),
    { numRuns: 2000, seed: 8 },
  );
  t.pass();
});

test('an accepted tag, printed back from its text, parses to the same fields', (t) => {
  fc.assert(
    fc.property(comment, (c) => {
      for (const tag of tagsInComment(c, 0)) {
        if (!(TRACE_TAGS as readonly string[]).includes(tag.name)) continue;
        const first = parseTag({ ...tag, name: tag.name as TraceTag }).fields;
        if (!first) continue;
        const again = tagsInComment(`// @${tag.name} ${first.text}`, 0);
        const second = again.length === 1 ? parseTag({ ...again[0], name: tag.name as TraceTag }).fields : undefined;
        const strip = (f: typeof first) => ({ ...f, refStart: undefined, refEnd: undefined });
        if (!second || JSON.stringify(strip(first)) !== JSON.stringify(strip(second))) return false;
      }
      return true;
    }),
    { numRuns: 1000, seed: 8 },
  );
  t.pass();
});

test('scanning generated source files never throws and reports only WD6xxx', (t) => {
  const source = fc.array(fc.oneof(comment, fc.constantFrom('export class A {', '}', 'function f() {', 'const s = "@mitigates Api.spoofing";', 'let x = `// @exposes Api.tampering y`;', '<div>// @mitigates A.spoofing</div>')), {
    maxLength: 12,
  });
  fc.assert(
    fc.property(source, (parts) => {
      const root = fixture({ 'src/a.tsx': parts.join('\n') + '\n' });
      const r = scanSources(['src'], { cwd: root });
      return r.diagnostics.every((d) => /^WD60\d\d$/.test(d.code)) && r.value.every((a) => a.file === 'src/a.tsx' && a.line >= 1);
    }),
    { numRuns: 60, seed: 8 },
  );
  t.pass();
});
