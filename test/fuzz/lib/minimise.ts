// After fast-check has shrunk a failing input, a text input is usually still a whole mutated file.
// Delta minimisation cuts it down further: drop chunks of lines, then chunks of characters, keeping
// every cut after which the same failure (same signature) still happens.

/** Greedy ddmin over units (lines, then characters); `fails` must be deterministic. Stops at `deadline`. */
export async function minimiseText(text: string, fails: (s: string) => Promise<boolean>, deadline: number): Promise<string> {
  let best = text;
  for (const unit of ['\n', ''] as const) {
    let parts = split(best, unit);
    let chunk = Math.max(1, Math.floor(parts.length / 2));
    while (chunk >= 1 && performance.now() < deadline) {
      let changed = false;
      for (let i = 0; i < parts.length && performance.now() < deadline; ) {
        const candidate = [...parts.slice(0, i), ...parts.slice(i + chunk)];
        const s = candidate.join('');
        if (candidate.length < parts.length && (await fails(s))) {
          parts = candidate;
          best = s;
          changed = true;
        } else i += chunk;
      }
      if (!changed) chunk = Math.floor(chunk / 2);
    }
  }
  return best;
}

/** Splits keeping separators, so joining with '' restores the text. */
function split(s: string, unit: '\n' | ''): string[] {
  if (unit === '') return Array.from(s);
  const out = s.split('\n').map((l, i, all) => (i < all.length - 1 ? l + '\n' : l));
  return out.filter((l) => l !== '');
}
