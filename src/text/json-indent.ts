// JSON text indented as JSON.stringify(value, null, 2) would print it, without parsing it into
// JavaScript values: numbers keep their digits (1e400, 9007199254740993 stay as written), strings
// their escapes. The text must be valid JSON; whitespace between tokens is dropped.

/** `text` (valid JSON) re-indented by `step` spaces per level. */
export function indentJsonText(text: string, step = 2): string {
  const out: string[] = [];
  let depth = 0;
  let i = 0;
  const newline = () => '\n' + ' '.repeat(depth * step);
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      out.push(text.slice(i, end));
      i = end;
      continue;
    }
    i++;
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      const next = nextToken(text, i);
      if (text[next] === close) {
        out.push(c + close);
        i = next + 1;
      } else {
        depth++;
        out.push(c + newline());
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out.push(newline() + c);
    } else if (c === ',') out.push(',' + newline());
    else if (c === ':') out.push(': ');
    else out.push(c);
  }
  return out.join('');
}

/** The index just past the string literal that starts at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

function nextToken(text: string, from: number): number {
  let i = from;
  while (i < text.length && ' \n\r\t'.includes(text[i]!)) i++;
  return i;
}
