// String literals: escape sequences, decoding (unquote) and canonical encoding (quote). Free of
// chevrotain, so the fast parser and the formatter load without it.

/** One escape sequence: group 1 holds a valid one (uXXXX, u{X...}, quote, backslash, n, t, r), group 2 an invalid one. */
export const ESCAPE = /\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|["\\ntr])|\\(.?)/g;

/** True when a string literal's image holds an escape the lexer reports as invalid (WD1003; the same test). */
export function hasBadEscape(image: string): boolean {
  if (!image.includes('\\')) return false;
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(image); m; m = ESCAPE.exec(image)) {
    if (m[1] === undefined || (m[1].startsWith('u{') && parseInt(m[1].slice(2, -1), 16) > 0x10ffff)) return true;
  }
  return false;
}

/** The value of a string literal token (escapes decoded; invalid escapes were reported by the lexer and are kept verbatim). */
export function unquote(image: string): string {
  const body = image.slice(1, -1);
  if (!body.includes('\\')) return body;
  return body.replace(ESCAPE, (all, esc: string | undefined) => {
    if (esc === undefined) return all;
    switch (esc) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '"':
        return '"';
      case '\\':
        return '\\';
    }
    const cp = esc.startsWith('u{') ? parseInt(esc.slice(2, -1), 16) : parseInt(esc.slice(1), 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
  });
}

/** The canonical source form of a string value: the inverse of `unquote`. */
export function quote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f || cp === 0x2028 || cp === 0x2029) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}
