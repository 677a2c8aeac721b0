// visibleControls (text outputs), stripControl (markup outputs) and markdownWithoutHtml: control
// characters from model text are shown or dropped, never passed to a terminal or a renderer.
import test from 'ava';
import fc from 'fast-check';
import { markdownWithoutHtml, stripControl, visibleControls } from '../../src/text/escape.js';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

test('visibleControls: pictures for C0 and DEL, U+FFFD for C1, bidi and lone surrogates, LS/PS as newline', (t) => {
  t.is(visibleControls('a\u001b[2Jb\u0000c\u0007d\re\u007f'), 'a␛[2Jb␀c␇d␍e␡');
  t.is(visibleControls('x\u009b1m\u202eevil\u2066\ud800y'), 'x\ufffd1m\ufffdevil\ufffd\ufffdy');
  t.is(visibleControls('tab\tnew\nline\u2028ls'), 'tab\tnew\nline\nls');
  t.is(visibleControls('\u{1F600} ok'), '\u{1F600} ok', 'surrogate pairs pass');
  t.is(visibleControls('\u001b[31mred\u001b[0m', { keepSgr: true }), '\u001b[31mred\u001b[0m');
  t.is(visibleControls('\u001b]0;title\u0007\u001b[2J', { keepSgr: true }), '␛]0;title␇␛[2J', 'only colour sequences are kept');
});

test('property: visibleControls leaves nothing unsafe and keeps the length (carets stay aligned)', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
      const v = visibleControls(s);
      return !UNSAFE.test(v) && v.length === s.length;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('stripControl drops C1 and bidi controls too; markdownWithoutHtml keeps Markdown, not HTML', (t) => {
  t.is(stripControl('a\u0085b\u009bc\u202ed\u2069e'), 'a\nbcde');
  t.is(markdownWithoutHtml('**Fix** `x` <img src=x onerror=alert(1)> & more\u001b'), '**Fix** `x` &lt;img src=x onerror=alert(1)&gt; &amp; more');
});
