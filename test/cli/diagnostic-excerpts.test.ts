// The excerpt under a diagnostic stays readable and cheap whatever the input: a line of megabytes
// is shown as a window around the span, and a file with tens of thousands of diagnostics is split
// into lines once (the whole run used to take 27 s for 20,000 errors in a 650 KB model).
import test from 'ava';
import { EXCERPT_MAX, excerptWindow, formatDiagnostic, formatDiagnostics, type Diagnostic } from '../../src/diagnostics/index.js';
import { runCli } from '../helpers/cli.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const diag = (line: number, column: number, width: number): Diagnostic => ({
  code: 'WD2003',
  severity: 'error',
  message: 'm',
  file: 'f.warden',
  span: { line, column, endLine: line, endColumn: column + width, offset: 0, endOffset: 0 },
});

test('a short line is shown whole, its caret under the span', (t) => {
  const text = 'model "x" { owner "o" }\nprocess P { protocl https }\n';
  t.is(formatDiagnostic(diag(2, 13, 7), { sources: new Map([['f.warden', text]]) }).split('\n').slice(1).join('\n'), '  2 | process P { protocl https }\n    |             ^^^^^^^');
});

test('a long line is cut to a window around the span, marked with … on the cut sides', (t) => {
  const line = `${'a'.repeat(5000)}BAD${'b'.repeat(5000)}`;
  const out = formatDiagnostic(diag(1, 5001, 3), { sources: new Map([['f.warden', line]]) }).split('\n');
  const [shown, caret] = [out[1]!.slice('  1 | '.length), out[2]!.slice('    | '.length)];
  t.true(shown.startsWith('…a') && shown.endsWith('b…'), shown);
  t.is(shown.length, EXCERPT_MAX + 2);
  t.is(shown.slice(caret.indexOf('^'), caret.indexOf('^') + 3), 'BAD');
  t.is(caret.trim(), '^^^');
  // at the very start and end of a long line: one side cut only, the caret still under the span
  const start = excerptWindow(line, 0, 2);
  t.true(!start.text.startsWith('…') && start.text.endsWith('…'));
  t.is(start.caretAt, 0);
  const end = excerptWindow(line, line.length - 1, 50);
  t.true(end.text.startsWith('…') && !end.text.endsWith('…'));
  t.is(end.text[end.caretAt], 'b');
  t.is(end.caretWidth, 1);
});

test('a span to the end of a long line gets carets to the window edge only', (t) => {
  const w = excerptWindow('x'.repeat(100_000), 10, 99_990);
  t.is(w.text.length, EXCERPT_MAX + 1);
  t.is(w.caretAt + w.caretWidth, EXCERPT_MAX);
});

test('lines end at \\n or \\r\\n, and lines past the end show no excerpt', (t) => {
  const text = 'one\r\ntwo\r\nthree';
  const sources = new Map([['f.warden', text]]);
  t.regex(formatDiagnostic(diag(2, 1, 3), { sources }), /\n {2}2 \| two\n/);
  t.regex(formatDiagnostic(diag(3, 1, 5), { sources }), /\n {2}3 \| three\n/);
  t.is(formatDiagnostic(diag(4, 1, 1), { sources }).split('\n').length, 1);
  // another text under the same name is not answered from the first one's lines
  t.regex(formatDiagnostic(diag(2, 1, 3), { sources: new Map([['f.warden', 'x\nyy\n']]) }), /\n {2}2 \| yy\n/);
});

test('20,000 diagnostics in one file: every excerpt right (the time is in npm run bench -- dsl)', async (t) => {
  const n = 20_000;
  const text = Array.from({ length: n }, (_, i) => `line ${i} BAD`).join('\n');
  const out = formatDiagnostics(
    Array.from({ length: n }, (_, i) => diag(i + 1, String(i).length + 7, 3)),
    { sources: new Map([['f.warden', text]]) },
  ).split('\n');
  t.is(out.length, n * 3);
  t.is(out[3 * 12345 + 1], `  12346 | line 12345 BAD`);
  t.is(out[3 * 12345 + 2], `        |            ^^^`);
  // the CLI end to end: validate on a model with 20,000 errors reports each one
  const dir = mkdtempSync(join(tmpdir(), 'warden-many-'));
  writeFileSync(join(dir, 'm.warden'), 'model "x" { owner "o" }\n' + Array.from({ length: n }, (_, i) => `process P${i} { protocl https }\n`).join(''));
  const r = await runCli(['validate', 'm.warden'], { cwd: dir });
  t.is(r.code, 1);
  // (tested, not matched, so a failure does not print 60,000 lines)
  t.true(/\n20000 errors, 0 warnings\n$/.test(r.stderr), 'the count');
  t.true(/m\.warden:20001:18: error WD2003: unknown attribute "protocl" on process P19999\n {2}20001 \| process P19999 \{ protocl https \}\n {8}\| {18}\^{7}\n/.test(r.stderr), 'the last excerpt');
});
