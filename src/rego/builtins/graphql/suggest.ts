// "Did you mean ...?" hints of the validation messages: options close to what was written (an edit
// distance of at most 40 % of its length, a change of case counting as one edit), nearest first.

/** Levenshtein distance over code points. */
function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

function distance(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la === lb ? 1 : levenshtein(la, lb);
}

export function suggestionList(input: string, options: string[]): string[] {
  const threshold = Math.max(Math.floor(input.length * 0.4) + 1, 1);
  const scored = options.map((o) => [o, distance(input, o)] as const).filter(([, d]) => d <= threshold);
  return scored.sort((a, b) => a[1] - b[1]).map(([o]) => o);
}

/** "A, B, or C" (at most five; "A or B" for two). */
export function orList(items: string[]): string {
  const l = items.slice(0, 5);
  if (l.length === 2) return `${l[0]} or ${l[1]}`;
  return l.map((it, i) => (i === 0 ? it : i === l.length - 1 ? `, or ${it}` : `, ${it}`)).join('');
}

export const quotedOrList = (items: string[]): string => orList(items.map((i) => `"${i}"`));

/** ` <prefix> "a" or "b"?` for the options near `typed`, or nothing. */
export function suggestQuoted(prefix: string, typed: string, options: string[]): string {
  const s = suggestionList(typed, options);
  return s.length ? ` ${prefix} ${quotedOrList(s)}?` : '';
}

export function suggestUnquoted(prefix: string, typed: string, options: string[]): string {
  const s = suggestionList(typed, options);
  return s.length ? ` ${prefix} ${orList(s)}?` : '';
}
