// What running a case produced, engine-independently, and how it is judged: against a case's
// expectation (checkCase) or against another engine's outcome (compareOutcomes).
import { isDeepStrictEqual } from 'node:util';
import { queriesOf, UNDEFINED, type RegoCase } from './case-format.js';

/** One query's answer: defined with a value, or undefined (OPA's empty result set). */
export type QueryAnswer = { defined: true; value: unknown } | { defined: false };

export interface ErrorDetail {
  code: string;
  message: string;
  line?: number;
  file?: string;
}

export type Outcome =
  | { kind: 'result'; answers: Record<string, QueryAnswer> }
  /** compile: reported as diagnostics before running; eval: thrown (Warden) or eval_* (opa). */
  | { kind: 'error'; phase: 'compile' | 'eval'; errors: ErrorDetail[] }
  /** The engine could not run at all (compiler module missing, harness problem). */
  | { kind: 'unavailable'; message: string };

export function answerOf(want: unknown): QueryAnswer {
  return want === UNDEFINED ? { defined: false } : { defined: true, value: want };
}

/** The expected answers of a result case, keyed by query. */
export function expectedAnswers(c: RegoCase): Record<string, QueryAnswer> {
  const out: Record<string, QueryAnswer> = {};
  if (Array.isArray(c.query)) {
    for (const q of c.query) out[q] = answerOf((c.want_result as Record<string, unknown>)[q]);
  } else {
    out[c.query] = answerOf(c.want_result);
  }
  return out;
}

/** JSON text, except that negative zero shows as -0 (JSON.stringify hides it, deep equality does not). */
export function showValue(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (Object.is(x, -0) ? '\u0000-0' : x)).replace(/"\\u0000-0"/g, '-0');
}

export function showAnswer(a: QueryAnswer | undefined): string {
  if (a === undefined) return '(not evaluated)';
  return a.defined ? showValue(a.value) : 'undefined';
}

export function showOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'result':
      return Object.entries(o.answers)
        .map(([q, a]) => `${q} = ${showAnswer(a)}`)
        .join('; ');
    case 'error':
      return `${o.phase} error ${o.errors.map((e) => `${e.code}${e.line !== undefined ? `@${e.line}` : ''}: ${e.message.split('\n')[0]}`).join(' | ')}`;
    case 'unavailable':
      return `unavailable: ${o.message}`;
  }
}

function answersEqual(a: QueryAnswer | undefined, b: QueryAnswer | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (a.defined !== b.defined) return false;
  return !a.defined || isDeepStrictEqual(a.value, (b as { value: unknown }).value);
}

const isEvalCode = (code: string): boolean => code.startsWith('eval_');

/**
 * Judges an outcome against a case's expectation; returns why it does not match, or null.
 * `strictMessages` also checks message_contains and the code of eval errors: true for opa, whose
 * wording defines the expectation. For Warden (false) compile errors are judged by code, line and
 * file, and eval errors by being thrown at all: its messages are its own.
 */
export function checkCase(c: RegoCase, o: Outcome, strictMessages: boolean): string | null {
  if (o.kind === 'unavailable') return showOutcome(o);
  if (c.want_error) {
    const w = c.want_error;
    if (o.kind !== 'error') return `want error ${w.code}, got ${showOutcome(o)}`;
    if (isEvalCode(w.code)) {
      if (o.phase !== 'eval') return `want an evaluation error (${w.code}), got ${showOutcome(o)}`;
      if (!strictMessages) return null;
    }
    const sameCode = o.errors.filter((e) => e.code === w.code);
    if (sameCode.length === 0) return `want error ${w.code}, got ${showOutcome(o)}`;
    if (w.line !== undefined && !sameCode.some((e) => e.line === w.line)) {
      return `want ${w.code} at line ${w.line}, got lines ${sameCode.map((e) => e.line ?? '?').join(',')}`;
    }
    if (w.file !== undefined && !sameCode.some((e) => e.file === w.file)) {
      return `want ${w.code} in ${w.file}, got files ${sameCode.map((e) => e.file ?? '?').join(',')}`;
    }
    if (strictMessages && w.message_contains !== undefined && !sameCode.some((e) => e.message.includes(w.message_contains!))) {
      return `want ${w.code} message containing ${JSON.stringify(w.message_contains)}, got ${showOutcome(o)}`;
    }
    return null;
  }
  if (!('want_result' in c)) return 'case has neither want_result nor want_error';
  if (o.kind !== 'result') return `want ${JSON.stringify(c.want_result)}, got ${showOutcome(o)}`;
  const want = expectedAnswers(c);
  const bad = queriesOf(c).filter((q) => !answersEqual(want[q], o.answers[q]));
  if (bad.length === 0) return null;
  return bad.map((q) => `${q}: want ${showAnswer(want[q])}, got ${showAnswer(o.answers[q])}`).join('; ');
}

/**
 * Differential comparison of two engines' outcomes: results must be identical; errors must agree
 * on their phase, and for compile errors the candidate must report the reference's first code.
 */
export function compareOutcomes(reference: Outcome, candidate: Outcome): string | null {
  if (reference.kind === 'unavailable' || candidate.kind === 'unavailable') {
    return `reference: ${showOutcome(reference)}; candidate: ${showOutcome(candidate)}`;
  }
  const differ = `reference: ${showOutcome(reference)}; candidate: ${showOutcome(candidate)}`;
  if (reference.kind !== candidate.kind) return differ;
  if (reference.kind === 'result' && candidate.kind === 'result') {
    // Name only the queries that differ: generated programs have several rules, mostly agreeing.
    const bad = Object.keys(reference.answers).filter((q) => !answersEqual(reference.answers[q], candidate.answers[q]));
    if (bad.length === 0) return null;
    return bad.map((q) => `${q}: reference ${showAnswer(reference.answers[q])}, candidate ${showAnswer(candidate.answers[q])}`).join('; ');
  }
  if (reference.kind === 'error' && candidate.kind === 'error') {
    if (reference.phase !== candidate.phase) return differ;
    if (reference.phase === 'eval') return null;
    // The primary (first) reference error must be among the candidate's; follow-on errors may vary.
    const primary = reference.errors[0]?.code;
    return candidate.errors.some((e) => e.code === primary) ? null : differ;
  }
  return differ;
}
