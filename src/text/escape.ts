// Escaping for every output language Warden writes model text into: DOT, Mermaid, HTML, XML/SVG,
// Markdown, and JSON embedded in an HTML <script>. Model strings (names, titles, statements) are
// user input: every one that reaches an output goes through exactly one function here, chosen for
// the context it lands in. The promise of each function: whatever the input, the output cannot
// end the surrounding construct (quote, tag, table cell, code span, CDATA, comment) or inject
// syntax; it only ever reads as the literal text.
//
// Control characters other than tab and newline are dropped everywhere: they are invalid in XML
// 1.0, invisible in a diagram, and a classic way to smuggle syntax past a reviewer.

/**
 * Removes C0 controls (except \t and \n), DEL, C1 controls, bidirectional embeddings, overrides
 * and isolates ("Trojan Source"), lone surrogates and U+FFFE/U+FFFF; turns \r\n, \r, U+0085,
 * U+2028, U+2029 into \n.
 */
export function stripControl(s: string): string {
  let out = '';
  // NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are line breaks to JS regexes (and so to many
  // Markdown parsers): treat them as the newline they are, so each escaper handles them once.
  const text = s.replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + text[i + 1];
        i++;
      }
      continue; // lone high surrogate
    }
    if (c >= 0xdc00 && c <= 0xdfff) continue; // lone low surrogate
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) || c === 0xfffe || c === 0xffff) continue;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) continue; // bidi embeddings, overrides, isolates
    out += text[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Plain text: terminals, CI logs, source comments

// C0 controls but tab and newline, DEL, C1 controls, LINE/PARAGRAPH SEPARATOR, the bidirectional
// embeddings, overrides and isolates ("Trojan Source"), and lone surrogates. An SGR colour sequence
// is matched first so Warden's own colours can be kept when colour is on.
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /\x1b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text for a terminal, a CI log or a source comment: control characters are shown, never obeyed.
 * C0 controls other than tab and newline become their Unicode control pictures (ESC is ␛, NUL ␀,
 * CR ␍), DEL becomes ␡; C1 controls, bidirectional overrides and isolates and lone surrogates
 * become U+FFFD; LINE and PARAGRAPH SEPARATOR become a newline. One UTF-16 unit in, one out, so a
 * caret under an excerpt stays aligned. With `keepSgr`, colour sequences (ESC [ digits m) pass:
 * for Warden's own colours on a terminal; a model can then only change colours, never move the
 * cursor, set a title or clear the screen.
 */
export function visibleControls(s: string, options: { keepSgr?: boolean } = {}): string {
  return s.replace(UNSAFE_TEXT, (c) => {
    if (c.length > 1) return options.keepSgr ? c : '\u241b' + c.slice(1);
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    if (code === 0x2028 || code === 0x2029) return '\n';
    return '\ufffd';
  });
}

// ---------------------------------------------------------------------------------------------
// HTML and XML

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for HTML element content or a quoted attribute value (either quote style). Escaping `>` too
 * means `]]>` and `-->` never appear in the output, so it is also safe inside XML/SVG text.
 */
export function escapeHtml(s: string): string {
  return stripControl(s).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/** XML (SVG) text or attribute value: the same entity set as HTML, valid XML 1.0 characters only. */
export function escapeXml(s: string): string {
  return escapeHtml(s);
}

/**
 * JSON for an inline `<script type="application/json">` (or a JS literal): `<`, `>`, `&` and the
 * JS line terminators U+2028/U+2029 become \u escapes, so `</script>` or `<!--` cannot occur.
 */
export function jsonForHtmlScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// ---------------------------------------------------------------------------------------------
// DOT (Graphviz)

/**
 * A DOT quoted ID: `"..."` with `"` and `\` escaped. In DOT only `\"` is an escape inside a quoted
 * string, but a trailing backslash would still swallow the closing quote, so `\` is doubled
 * (graphviz keeps `\\` as two characters in an ID, so the mapping stays injective). Newlines
 * become a space: an ID is a name, not a layout.
 */
export function dotId(s: string): string {
  return '"' + stripControl(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\n\t]/g, ' ') + '"';
}

/**
 * Text for a DOT HTML-like label (`label=<...>`): XML-escaped (graphviz parses it with an XML
 * parser), newlines turned into `<BR/>`. Graphviz's own escString sequences (\N, \G, \l) are not
 * interpreted inside HTML labels, which is why Warden uses HTML labels for all model text.
 */
export function dotHtml(s: string): string {
  return stripControl(s)
    .replace(/[&<>"']/g, (c) => HTML_ENTITIES[c])
    .replace(/\t/g, ' ')
    .replace(/\n/g, '<BR/>');
}

/**
 * A DOT quoted string used as an escString (tooltip, plain label): like dotId, but a newline
 * becomes graphviz's `\n` line break and a backslash is doubled so `\N`, `\G`, `\l` cannot expand.
 */
export function dotString(s: string): string {
  return '"' + stripControl(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, ' ').replace(/\n/g, '\\n') + '"';
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/**
 * A Mermaid node/subgraph id built from any string. Mermaid ids must be plain words, and some
 * words are keywords (`end`, `graph`, `subgraph`, `style`, `class`, `click`...), so every id gets
 * a prefix, letters and digits pass through, and anything else (including `_` itself, to keep the
 * mapping injective) becomes `_<hex code point>_`.
 */
export function mermaidId(prefix: string, s: string): string {
  let out = prefix;
  for (const ch of s) {
    if (/^[A-Za-z0-9]$/.test(ch)) out += ch;
    else out += '_' + ch.codePointAt(0)!.toString(16) + '_';
  }
  return out;
}

/**
 * Text for a Mermaid quoted label (`["..."]`, `|"..."|`, subgraph titles): every character that
 * Mermaid's lexer or its Markdown/HTML label handling gives meaning to (parentheses are plain text
 * inside quotes and stay readable) is written as a Mermaid
 * entity code (`#35;` is `#`), which Mermaid decodes to the literal character after parsing.
 * Newlines become `<br/>` (the one markup Mermaid and GitHub's sanitiser both keep).
 */
export function mermaidLabel(s: string): string {
  let out = '';
  // NOTE: when a label holds <br/>, Mermaid 11 turns a decoded `\"` into `"`, whatever the
  // encoding; an invisible WORD JOINER (U+2060) between the two keeps the backslash on screen.
  for (const ch of stripControl(s).replace(/\\(?=")/g, '\\\u2060')) {
    if (ch === '\n') out += '<br/>';
    else if (ch === '\t') out += ' ';
    else if (/^[A-Za-z0-9 .,:\-_/+=@!?'*~^()]$/.test(ch) || ch.codePointAt(0)! > 0x7f) out += ch;
    else out += '#' + ch.codePointAt(0)! + ';';
  }
  // Mermaid treats `--` `==` `-.` sequences in unquoted text as links; inside quotes they are safe,
  // but `%%` at a line start would be a comment and `-->` reads oddly in raw source: break runs.
  // An empty quoted label is a parse error in Mermaid: draw one space instead.
  if (out === '') return ' ';
  return out.replace(/-(?=[->.])/g, '#45;').replace(/=(?==)/g, '#61;');
}

// ---------------------------------------------------------------------------------------------
// Markdown (CommonMark + GitHub tables)

/**
 * Inline Markdown text, also safe inside a GitHub table cell: HTML-significant characters become
 * entities (so `<script>` renders as text), other ASCII punctuation with Markdown meaning is
 * backslash-escaped, `|` becomes `\|` (GitHub splits cells on it before inline parsing), and
 * newlines become `<br>` so a cell stays on one line.
 */
export function escapeMarkdown(s: string): string {
  return stripControl(s)
    .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c])
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => '\\' + c)
    .replace(/\t/g, ' ')
    .replace(/\n/g, '<br>');
}

/**
 * Markdown inline code showing `s` verbatim, also inside a GitHub table cell. Plain identifiers
 * (letters, digits, `_ . - / :`) become a backtick code span; anything else becomes `<code>` with
 * every ASCII punctuation character as a numeric entity, because inside a table a backtick span
 * cannot hold `|` reliably (cells are split before code spans are seen, and `\|` next to a literal
 * backslash is read differently by different parsers). Newlines and tabs become spaces.
 */
export function markdownCode(s: string): string {
  const text = stripControl(s).replace(/[\n\t]/g, ' ');
  if (/^[A-Za-z0-9_.\-/:]+$/.test(text)) return '`' + text + '`';
  return '<code>' + text.replace(/[!-/:-@[-`{-~]/g, (c) => `&#${c.charCodeAt(0)};`) + '</code>';
}

/**
 * Prose that is Markdown on purpose (a check's description in the policy library, which a bundle
 * from elsewhere may carry): its emphasis and code spans are kept, raw HTML is not (`&`, `<`, `>`
 * become entities), and control characters are dropped.
 */
export function markdownWithoutHtml(s: string): string {
  return stripControl(s).replace(/[&<>]/g, (c) => HTML_ENTITIES[c]);
}

/** Text for an HTML comment (`<!-- ... -->`): `--` and `>` cannot occur, so the comment cannot end early. */
export function htmlCommentText(s: string): string {
  return stripControl(s).replace(/-/g, '\u2010').replace(/>/g, '\u203a');
}
